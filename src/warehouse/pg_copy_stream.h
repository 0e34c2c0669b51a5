// PgCopyStream: COPY ... FROM STDIN on one libpq connection, one table at a
// time. send() opens the COPY named by `copy` if another (or none) is open —
// ending the open one first — and streams the bytes; end() ends the open
// COPY, after which its rows are visible in the transaction and the
// connection can run queries again.
//
// Contract: runs inside the caller's transaction, never begins or commits.
// Destroyed with a COPY open (an exception), it aborts it so the server fails
// it and the caller's rollback discards the transaction. Errors throw
// Error(warehouse) with the server's message, the statement name and the
// target; `hint` is appended to a failure to start a COPY. The connection
// must outlive the stream.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>

#include "sql/dialect.h"

namespace sparkify::warehouse {

class PgCopyStream {
 public:
  PgCopyStream(PGconn* connection, std::string target) : connection_(connection), target_(std::move(target)) {}
  ~PgCopyStream();
  PgCopyStream(const PgCopyStream&) = delete;
  PgCopyStream& operator=(const PgCopyStream&) = delete;

  // `header` is sent right after the COPY opens, `trailer` right before it ends.
  void send(const sql::Statement& copy, std::string_view header, std::string_view trailer, std::string_view bytes,
            std::string_view hint = {});
  void end();
  // Whether send(copy, ...) would end another table's open COPY first.
  bool would_switch(const sql::Statement& copy) const { return open_ && copy_.text != copy.text; }

 private:
  void put(std::string_view bytes);
  [[noreturn]] void fail();

  PGconn* connection_;
  std::string target_;
  bool open_ = false;
  sql::Statement copy_;
  std::string trailer_;
};

}  // namespace sparkify::warehouse
