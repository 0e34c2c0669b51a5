// PgCopyLoader: the StagingLoader of PostgreSQL. Rows are encoded into one
// buffer per staging table and streamed with COPY ... FROM STDIN (text or
// binary wire format, sql::CopyFormat) through the connection it is given.
//
// Contract:
//  - Runs inside the caller's transaction; it never begins or commits.
//  - Only one COPY is open at a time (PgCopyStream): a buffer is sent when it
//    is due (PgCopyStream::due), switching the open COPY to its table if
//    needed; finish() sends both buffers and ends the COPY, after which the
//    rows are visible.
//  - Values round-trip exactly: doubles are sent as IEEE binary (binary
//    format) or as the shortest decimal that parses back to the same double
//    (text format); strings keep every byte (tab, newline, backslash escaped in
//    text format); std::nullopt is SQL NULL.
//  - Destroyed before finish() (e.g. during an exception), an open COPY is
//    aborted, so the transaction fails and the caller's rollback discards it.
//  - Errors throw Error(warehouse) with the server's message, the statement
//    name and the target. The connection must outlive the loader.
//  - PostgreSQL only, so its messages say "postgres statement": Redshift has no
//    COPY FROM STDIN, and RedshiftWarehouse never opens a loader.
#pragma once

#include <libpq-fe.h>

#include <span>
#include <string>

#include "sql/postgres_dialect.h"
#include "warehouse/pg_copy_stream.h"
#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

class PgCopyLoader final : public StagingLoader {
 public:
  PgCopyLoader(PGconn* connection, std::string target, sql::CopyFormat format);

  void append_events(std::span<const parse::EventRow> rows) override;
  void append_songs(std::span<const parse::SongRow> rows) override;
  void finish() override;

 private:
  void send(const sql::Statement& copy, std::string& buffer);

  PgCopyStream stream_;
  sql::CopyFormat format_;
  sql::Statement events_copy_, songs_copy_;
  std::string events_buffer_;
  std::string songs_buffer_;
};

}  // namespace sparkify::warehouse
