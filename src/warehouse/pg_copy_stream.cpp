#include "warehouse/pg_copy_stream.h"

#include "common/error.h"
#include "warehouse/pg_connection.h"

namespace sparkify::warehouse {
namespace {

// Reads every pending result so the connection can run the next command;
// returns the first error's message (empty if none). A COPY still open on the
// client side is aborted, which makes the server fail it.
std::string drain_results(PGconn* connection) {
  std::string message;
  while (PgResult result{PQgetResult(connection)}) {
    const auto status = PQresultStatus(result.get());
    if (status == PGRES_COPY_IN && PQputCopyEnd(connection, "sparkify: load abandoned") != 1) break;
    if (status == PGRES_FATAL_ERROR && message.empty()) message = server_message(result.get(), connection);
  }
  return message;
}

}  // namespace

PgCopyStream::~PgCopyStream() {
  if (!open_) return;
  PQputCopyEnd(connection_, "sparkify: load abandoned");
  drain_results(connection_);
}

void PgCopyStream::send(const sql::Statement& copy, std::string_view header, std::string_view trailer,
                        std::string_view bytes, std::string_view hint) {
  if (switches(copy)) end();
  if (!open_) {
    PgResult result(PQexec(connection_, copy.text.c_str()));
    if (PQresultStatus(result.get()) != PGRES_COPY_IN) {
      throw_error(ErrorKind::warehouse, "postgres statement \"{}\" failed on {}: {}{}", copy.name, target_,
                  server_message(result.get(), connection_), hint);
    }
    open_ = true;
    copy_ = copy;
    trailer_ = trailer;
    put(header);
  }
  put(bytes);
}

void PgCopyStream::end() {
  if (!open_) return;
  put(trailer_);
  open_ = false;
  if (PQputCopyEnd(connection_, nullptr) != 1) fail();
  const std::string message = drain_results(connection_);
  if (!message.empty()) {
    throw_error(ErrorKind::warehouse, "postgres statement \"{}\" failed on {}: {}; nothing was committed", copy_.name,
                target_, message);
  }
}

void PgCopyStream::put(std::string_view bytes) {
  if (bytes.empty()) return;
  if (PQputCopyData(connection_, bytes.data(), static_cast<int>(bytes.size())) != 1) fail();
}

void PgCopyStream::fail() {
  // The server may already have ended the COPY with an error: its result holds
  // the reason, which is more useful than libpq's "no COPY in progress".
  open_ = false;
  const std::string libpq_message = server_message(nullptr, connection_);
  std::string message = drain_results(connection_);
  if (message.empty()) message = libpq_message;
  throw_error(ErrorKind::warehouse, "postgres statement \"{}\" failed on {}: {}; nothing was committed", copy_.name,
              target_, message);
}

}  // namespace sparkify::warehouse
