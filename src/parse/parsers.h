// Parsers: object body -> typed rows + rejects. Pure functions of their input:
// no I/O, no global state, safe to call from several threads at once (each call
// uses its own simdjson parser, cached per thread).
//
// Event logs are NDJSON: one object per line; empty (or whitespace-only) lines
// are skipped; the last line counts even without a trailing newline; line
// numbers are 1-based physical lines. Song files hold one JSON object, or NDJSON
// (several objects, one per line), both accepted.
//
// A UTF-8 byte order mark at the start of a body is skipped.
//
// A record is rejected (never dropped) when it is not valid JSON anywhere
// (unknown fields included), is not an object, lacks a required field, a field
// has the wrong type, a string holds U+0000, or `ts`/`registration` lies
// outside [kMinTimeMs, kMaxTimeMs]. The reason names the field. One rule for
// every engine. See docs/semantics.md for the full list of fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "parse/batch.h"

namespace sparkify::parse {

// Epoch milliseconds every engine can hold as a TIMESTAMP: years 0001 to 9999
// UTC, 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.
inline constexpr std::int64_t kMinTimeMs = -62135596800000;
inline constexpr std::int64_t kMaxTimeMs = 253402300799999;

// `body` is taken over by the batch. If body.capacity() - body.size() is at
// least simdjson's padding it is parsed in place, otherwise copied once.
std::unique_ptr<EventBatch> parse_events(std::string file, std::string body);
std::unique_ptr<SongBatch> parse_songs(std::string file, std::string body);

// As parse_events, but the rows are handed to `each_slice` as they are read,
// at most kEventSlice at a time, instead of being kept: the batch returned
// has no rows (body, arena, rejects and records_read as above), and a slice's
// views stay valid as long as the batch. A day's log of 33,000 events then
// costs its worker one slice of rows instead of all of them.
inline constexpr std::size_t kEventSlice = 1024;
using EventSliceConsumer = std::function<void(std::span<const EventRow>)>;
std::unique_ptr<EventBatch> parse_events(std::string file, std::string body, const EventSliceConsumer& each_slice);

}  // namespace sparkify::parse
