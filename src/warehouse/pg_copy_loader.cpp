#include "warehouse/pg_copy_loader.h"

#include "common/error.h"
#include "warehouse/pg_connection.h"
#include "warehouse/pg_copy_encoding.h"

namespace sparkify::warehouse {

namespace {

sql::Statement copy_statement(bool events, sql::CopyFormat format) {
  return events ? sql::copy_events_from_stdin(format) : sql::copy_songs_from_stdin(format);
}

// Reads every pending result so the connection can run the next command;
// returns the first error's message (empty if none). A COPY still open on the
// client side is aborted, which makes the server fail it.
std::string drain_results(PGconn* connection) {
  std::string message;
  while (PgResult result{PQgetResult(connection)}) {
    const auto status = PQresultStatus(result.get());
    if (status == PGRES_COPY_IN && PQputCopyEnd(connection, "sparkify: staging load abandoned") != 1) break;
    if (status == PGRES_FATAL_ERROR && message.empty()) message = server_message(result.get(), connection);
  }
  return message;
}

}  // namespace

PgCopyLoader::PgCopyLoader(PGconn* connection, std::string target, sql::CopyFormat format)
    : connection_(connection), target_(std::move(target)), format_(format) {}

PgCopyLoader::~PgCopyLoader() {
  if (open_ == Table::none) return;
  // Abort the COPY so the server fails it; the caller's rollback then discards
  // the transaction. Results are drained to keep the connection usable.
  PQputCopyEnd(connection_, "sparkify: staging load abandoned");
  drain_results(connection_);
}

void PgCopyLoader::append_events(std::span<const parse::EventRow> rows) {
  encode_events(rows, format_, events_buffer_);
  if (events_buffer_.size() >= kFlushBytes) send(Table::events, events_buffer_);
}

void PgCopyLoader::append_songs(std::span<const parse::SongRow> rows) {
  encode_songs(rows, format_, songs_buffer_);
  if (songs_buffer_.size() >= kFlushBytes) send(Table::songs, songs_buffer_);
}

void PgCopyLoader::finish() {
  if (!events_buffer_.empty()) send(Table::events, events_buffer_);
  if (!songs_buffer_.empty()) send(Table::songs, songs_buffer_);
  end_copy();
}

void PgCopyLoader::send(Table table, std::string& buffer) {
  if (open_ != table) {
    end_copy();
    start_copy(table);
  }
  put(buffer, copy_statement(table == Table::events, format_));
  buffer.clear();
}

void PgCopyLoader::start_copy(Table table) {
  const sql::Statement statement = copy_statement(table == Table::events, format_);
  PgResult result(PQexec(connection_, statement.text.c_str()));
  if (PQresultStatus(result.get()) != PGRES_COPY_IN) {
    throw_error(ErrorKind::warehouse,
                "postgres statement \"{}\" failed on {}: {}; if the staging tables are missing, run "
                "`sparkify create-tables`",
                statement.name, target_, server_message(result.get(), connection_));
  }
  open_ = table;
  put(copy_header(format_), statement);
}

void PgCopyLoader::end_copy() {
  if (open_ == Table::none) return;
  const sql::Statement statement = copy_statement(open_ == Table::events, format_);
  put(copy_trailer(format_), statement);
  open_ = Table::none;
  if (PQputCopyEnd(connection_, nullptr) != 1) fail(statement);
  const std::string message = drain_results(connection_);
  if (!message.empty()) {
    throw_error(ErrorKind::warehouse, "postgres statement \"{}\" failed on {}: {}; nothing was committed",
                statement.name, target_, message);
  }
}

void PgCopyLoader::put(std::string_view bytes, const sql::Statement& statement) {
  if (bytes.empty()) return;
  if (PQputCopyData(connection_, bytes.data(), static_cast<int>(bytes.size())) != 1) fail(statement);
}

void PgCopyLoader::fail(const sql::Statement& statement) {
  // The server may already have ended the COPY with an error: its result holds
  // the reason, which is more useful than libpq's "no COPY in progress".
  open_ = Table::none;
  const std::string libpq_message = server_message(nullptr, connection_);
  std::string message = drain_results(connection_);
  if (message.empty()) message = libpq_message;
  throw_error(ErrorKind::warehouse, "postgres statement \"{}\" failed on {}: {}; nothing was committed",
              statement.name, target_, message);
}

}  // namespace sparkify::warehouse
