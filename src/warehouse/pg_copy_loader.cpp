#include "warehouse/pg_copy_loader.h"

#include "warehouse/pg_copy_encoding.h"

namespace sparkify::warehouse {
namespace {

constexpr std::string_view kMissingTablesHint = "; if the staging tables are missing, run `sparkify create-tables`";

}  // namespace

PgCopyLoader::PgCopyLoader(PGconn* connection, std::string target, sql::CopyFormat format)
    : stream_(connection, std::move(target)),
      format_(format),
      events_copy_(sql::copy_events_from_stdin(format)),
      songs_copy_(sql::copy_songs_from_stdin(format)) {}

void PgCopyLoader::append_events(std::span<const parse::EventRow> rows) {
  encode_events(rows, format_, events_buffer_);
  if (stream_.due(events_copy_, events_buffer_.size())) send(events_copy_, events_buffer_);
}

void PgCopyLoader::append_songs(std::span<const parse::SongRow> rows) {
  encode_songs(rows, format_, songs_buffer_);
  if (stream_.due(songs_copy_, songs_buffer_.size())) send(songs_copy_, songs_buffer_);
}

void PgCopyLoader::finish() {
  if (!events_buffer_.empty()) send(events_copy_, events_buffer_);
  if (!songs_buffer_.empty()) send(songs_copy_, songs_buffer_);
  stream_.end();
}

void PgCopyLoader::send(const sql::Statement& copy, std::string& buffer) {
  stream_.send(copy, copy_header(format_), copy_trailer(format_), buffer, kMissingTablesHint);
  buffer.clear();
}

}  // namespace sparkify::warehouse
