// Encoding of staging rows into PostgreSQL COPY streams, in the column order
// of sql::copy_events_from_stdin / copy_songs_from_stdin (= the field order of
// parse::EventRow / parse::SongRow) and the column types of the postgres DDL
// (INTEGER = int4, BIGINT = int8, DOUBLE PRECISION = float8, VARCHAR = text).
//
// Text format: one line per row, tab-separated; NULL is \N; backslash, tab,
// newline and carriage return are escaped; doubles use the shortest decimal
// that parses back to the same value (std::to_chars).
// Binary format: PGCOPY header, per row an int16 field count and per field an
// int32 length (-1 for NULL) and big-endian bytes; int16 -1 trailer.
// Pure functions; they append to `out` and never touch the network.
#pragma once

#include <span>
#include <string>

#include "parse/rows.h"
#include "sql/postgres_dialect.h"

namespace sparkify::warehouse {

// Bytes that open / close one COPY stream (empty for text).
std::string_view copy_header(sql::CopyFormat format);
std::string_view copy_trailer(sql::CopyFormat format);

void encode_events(std::span<const parse::EventRow> rows, sql::CopyFormat format, std::string& out);
void encode_songs(std::span<const parse::SongRow> rows, sql::CopyFormat format, std::string& out);

}  // namespace sparkify::warehouse
