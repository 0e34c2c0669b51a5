// PgRunLoader: the RunLoader of PostgreSQL. Each table's rows are encoded in
// COPY's binary format (PGCOPY: per row an int16 field count, per field an
// int32 length, -1 for NULL, and big-endian bytes; timestamps as microseconds
// since 2000-01-01) into a buffer of their own by the row writers of
// star_columns.h, and streamed with COPY <table> FROM STDIN through one
// PgCopyStream as they fall due (PgCopyStream::due) and at flush(). A row
// writer that sets another number of columns than its table has fails on its
// first row.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

std::unique_ptr<RunLoader> make_pg_run_loader(PGconn* connection, std::string target);

}  // namespace sparkify::warehouse
