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

#include <cstddef>
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
  // Whether `buffered` bytes of `copy`'s rows are due to be sent: 64 KiB when
  // a COPY is open for its table (or none is), so the server inserts them
  // while the caller makes the next rows; 1 MiB when sending would end
  // another table's COPY first, which waits for the server to finish the rows
  // sent before it. (With every send at 1 MiB, a first load of 20,000 events
  // sent its first songplays once a quarter of them were made, the server
  // idle until then.)
  bool due(const sql::Statement& copy, std::size_t buffered) const {
    return buffered >= (switches(copy) ? kSwitchBytes : kStreamBytes);
  }

 private:
  static constexpr std::size_t kStreamBytes = std::size_t{64} << 10;
  static constexpr std::size_t kSwitchBytes = std::size_t{1} << 20;

  // Whether sending `copy`'s rows must end another table's open COPY first.
  bool switches(const sql::Statement& copy) const { return open_ && copy_.text != copy.text; }
  void put(std::string_view bytes);
  [[noreturn]] void fail();

  PGconn* connection_;
  std::string target_;
  bool open_ = false;
  sql::Statement copy_;
  std::string trailer_;
};

}  // namespace sparkify::warehouse
