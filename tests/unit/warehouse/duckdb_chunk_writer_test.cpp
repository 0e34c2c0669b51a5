// ChunkWriter on an in-memory DuckDB database: full chunks go to the appender
// as they fill, and after a chunk flushed part full the next one ends where
// the appended rows fill whole vectors again.
#include "warehouse/duckdb_chunk_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "warehouse/duckdb_api.h"
#include "warehouse/duckdb_handles.h"

namespace sparkify::warehouse::duckdb {
namespace {

class ChunkWriterTest : public ::testing::Test {
 protected:
  void SetUp() override { execute("CREATE TABLE t (i BIGINT)"); }
  void execute(const std::string& sql) {
    Result result;
    run(connection.get(), sql, "test statement", result);
  }
  std::int64_t rows() {
    Result result;
    run(connection.get(), "SELECT count(*) FROM t", "count", result);
    return SPARKIFY_DUCKDB_C_API(duckdb_value_int64)(result.get(), 0, 0);
  }
  static void write(ChunkWriter& writer, std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) {
      writer.int64(0, i);
      writer.end_row();
    }
  }

  Database database{":memory:"};
  Connection connection{database};
};

TEST_F(ChunkWriterTest, AFullChunkGoesToTheAppenderAsItFills) {
  Appender appender(connection.get(), "t");
  ChunkWriter writer(appender, appender.column_types());
  const auto vector = static_cast<std::int64_t>(duckdb_vector_size());
  write(writer, vector + 5);
  appender.flush();  // what the writer has handed over, not its own rows
  EXPECT_EQ(rows(), vector);
  writer.flush();
  appender.flush();
  EXPECT_EQ(rows(), vector + 5);
}

// DuckDB 1.4.4 holds more memory for every row appended after rows that end
// inside a vector, for the rest of the transaction (a 10M-event load peaked
// at 489 MB so, 289 MB aligned; bench/README.md, stop 24). So the chunk
// after one flushed part full holds only the rows that complete its vector.
TEST_F(ChunkWriterTest, AfterAPartChunkTheNextEndsOnAVectorBoundary) {
  Appender appender(connection.get(), "t");
  ChunkWriter writer(appender, appender.column_types());
  const auto vector = static_cast<std::int64_t>(duckdb_vector_size());
  write(writer, 700);
  writer.flush();  // as before a statement mid-run
  write(writer, vector - 700);
  appender.flush();
  EXPECT_EQ(rows(), vector);  // handed over without a flush of the writer
  write(writer, vector);
  appender.flush();
  EXPECT_EQ(rows(), 2 * vector);  // and whole vectors from then on
}

}  // namespace
}  // namespace sparkify::warehouse::duckdb
