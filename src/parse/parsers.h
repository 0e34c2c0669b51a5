// Parsers: object body -> typed rows + rejects. Pure functions of their input:
// no I/O, no global state, safe to call from several threads at once (each call
// uses its own simdjson parser, cached per thread).
//
// Event logs are NDJSON: one object per line; empty (or whitespace-only) lines
// are skipped; the last line counts even without a trailing newline; line
// numbers are 1-based physical lines. Song files hold one JSON object, or NDJSON
// (several objects, one per line), both accepted.
//
// A record is rejected (never dropped) when it is not valid JSON, is not an
// object, lacks a required field, or a field has the wrong type. The reason
// names the field. See docs/semantics.md for the full list of fields.
#pragma once

#include <memory>
#include <string>

#include "parse/batch.h"

namespace sparkify::parse {

// `body` is taken over by the batch. If body.capacity() - body.size() is at
// least simdjson's padding it is parsed in place, otherwise copied once.
std::unique_ptr<EventBatch> parse_events(std::string file, std::string body);
std::unique_ptr<SongBatch> parse_songs(std::string file, std::string body);

}  // namespace sparkify::parse
