// StoredManifest: what etl_files holds of a file, read from a real (in-memory)
// DuckDB warehouse.
#include "pipeline/stored_manifest.h"

#include <gtest/gtest.h>

#include <string>

#include "sql/load_audit.h"
#include "warehouse/duckdb_warehouse.h"

namespace sparkify::pipeline {
namespace {

using Held = StoredManifest::Held;

class StoredManifestTest : public ::testing::Test {
 protected:
  StoredManifestTest() {
    for (const auto& statement : db_.dialect().create_tables()) db_.execute(statement);
  }
  // A row of etl_files, as a run records it on an engine without a bulk path.
  void record(const std::string& kind, const std::string& uri, int size, const std::string& version) {
    const sql::ManifestRow row{kind, uri, size, version, 1, 1, 0};
    for (const auto& statement : sql::record_files({&row, 1}, db_.dialect())) db_.execute(statement);
  }

  warehouse::DuckDbWarehouse db_{":memory:"};
};

TEST_F(StoredManifestTest, AFileOfTheSameSizeAndVersionIsUnchanged) {
  record("songs", "/d/song_data/A/TRA.json", 250, "1700000000000000000");
  const auto manifest = StoredManifest::read(db_);
  EXPECT_EQ(manifest.find("songs", "/d/song_data/A/TRA.json", 250, "1700000000000000000"), Held::unchanged);
}

TEST_F(StoredManifestTest, AnotherSizeOrVersionIsAChange) {
  record("events", "s3://b/log_data/2018-11-01-events.json", 1000, "etag-1");
  const auto manifest = StoredManifest::read(db_);
  EXPECT_EQ(manifest.find("events", "s3://b/log_data/2018-11-01-events.json", 1001, "etag-1"), Held::changed);
  EXPECT_EQ(manifest.find("events", "s3://b/log_data/2018-11-01-events.json", 1000, "etag-2"), Held::changed);
}

TEST_F(StoredManifestTest, AFileIsKnownOnlyUnderItsKindAndWholeUri) {
  record("songs", "/d/x.json", 1, "v");
  record("events", "/d/x.jsonl", 1, "v");
  const auto manifest = StoredManifest::read(db_);
  EXPECT_EQ(manifest.find("events", "/d/x.json", 1, "v"), Held::none);
  EXPECT_EQ(manifest.find("songs", "/d/x.js", 1, "v"), Held::none);
  EXPECT_EQ(manifest.find("songs", "/d/x.jsonl", 1, "v"), Held::none);
  EXPECT_EQ(manifest.find("songs", "/d/y.json", 1, "v"), Held::none);
}

// The uri and version are stored back to back: a version's bytes are not part
// of the uri, nor the other way round.
TEST_F(StoredManifestTest, AUriDoesNotRunIntoItsVersion) {
  record("songs", "/d/a", 7, "bc");
  const auto manifest = StoredManifest::read(db_);
  EXPECT_EQ(manifest.find("songs", "/d/ab", 7, "c"), Held::none);
  EXPECT_EQ(manifest.find("songs", "/d/a", 7, "b"), Held::changed);
  EXPECT_EQ(manifest.find("songs", "/d/a", 7, ""), Held::changed);
}

TEST_F(StoredManifestTest, ManyFilesReadInAnyOrderAreEachFound) {
  for (int i = 999; i >= 0; --i) record("songs", "/d/song_data/" + std::to_string(i) + ".json", i, std::to_string(i));
  const auto manifest = StoredManifest::read(db_);
  for (int i = 0; i < 1000; ++i) {
    const std::string uri = "/d/song_data/" + std::to_string(i) + ".json";
    ASSERT_EQ(manifest.find("songs", uri, i, std::to_string(i)), Held::unchanged) << uri;
    ASSERT_EQ(manifest.find("songs", uri, i + 1, std::to_string(i)), Held::changed) << uri;
  }
}

TEST_F(StoredManifestTest, AnEmptyManifestHoldsNothing) {
  const auto manifest = StoredManifest::read(db_);
  EXPECT_EQ(manifest.find("songs", "/d/a.json", 1, "v"), Held::none);
}

}  // namespace
}  // namespace sparkify::pipeline
