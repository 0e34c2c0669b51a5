// The Redshift load path without a server: sources in memory, uploads into a
// MemoryObjectStore, and a Warehouse that records every statement in order
// and answers the load-error queries from a script. Covers uploads, manifests,
// the JSONPaths file, the COPY statements, error reading inside the
// transaction, the --max-errors decision and uploads before BEGIN.
#include "pipeline/server_side_load.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "pipeline/etl.h"
#include "sql/load_audit.h"
#include "sql/redshift_dialect.h"

namespace sparkify::pipeline {
namespace {

class MemorySource final : public source::Source {
 public:
  MemorySource(std::string location, std::map<std::string, std::string> files)
      : location_(std::move(location)), files_(std::move(files)) {}
  std::string describe() const override { return location_; }
  source::Listing list_objects() override {
    source::Listing out;
    for (const auto& [uri, body] : files_) out.objects.push_back({uri, body.size(), {}});
    return out;
  }
  void fetch_objects(const std::vector<source::ObjectRef>& objects, const source::ObjectConsumer& consume) override {
    for (const auto& object : objects) {
      source::FetchedObject fetched;
      fetched.ref = &object;
      fetched.body = files_.at(object.uri);
      consume(std::move(fetched));
    }
  }

 private:
  std::string location_;
  std::map<std::string, std::string> files_;
};

// What the cluster reports after one COPY.
struct CopyOutcome {
  std::int64_t loaded = 0;
  std::vector<std::vector<std::optional<std::string>>> errors;        // rows of sql::last_copy_errors(stl)
  bool fails = false;                                                 // the COPY statement itself throws
  std::vector<std::vector<std::optional<std::string>>> sys_errors{};  // rows of sql::last_copy_errors(sys)
};

std::vector<std::optional<std::string>> load_error(const std::string& file, int line) {
  return {file, std::to_string(line), "ts", "Invalid digit", "{\"ts\":\"x\"}"};
}

// Records "BEGIN", "COMMIT", "ROLLBACK", statement names and query texts, in
// order, into a log shared with the object store wrapper below.
class RecordingWarehouse final : public warehouse::Warehouse {
 public:
  explicit RecordingWarehouse(std::vector<std::string>& log) : log_(log) {}
  std::deque<CopyOutcome> outcomes;

  std::string describe() const override { return "redshift://test"; }
  const sql::Dialect& dialect() const override { return dialect_; }
  void execute(const sql::Statement& statement) override {
    log_.push_back(statement.name);
    texts.push_back(statement.text);
    if (statement.text.starts_with("COPY ")) {
      copies.push_back(statement.text);
      current_ = outcomes.empty() ? CopyOutcome{} : outcomes.front();
      if (!outcomes.empty()) outcomes.pop_front();
      if (current_.fails) throw_error(ErrorKind::warehouse, "Load into table failed");
    }
  }
  warehouse::QueryResult query(std::string_view sql) override {
    log_.push_back(std::string(sql));
    warehouse::QueryResult result;
    if (sql == sql::last_copy_count()) {
      result.rows.push_back({std::to_string(current_.loaded)});
    } else if (sql == sql::last_copy_error_count(sql::LoadErrorView::stl)) {
      result.rows.push_back({std::to_string(current_.errors.size())});
    } else if (sql == sql::last_copy_error_count(sql::LoadErrorView::sys)) {
      result.rows.push_back({std::to_string(current_.sys_errors.size())});
    } else if (sql == sql::last_copy_errors(sql::LoadErrorView::sys)) {
      result.rows = current_.sys_errors;
    } else if (sql == sql::last_copy_errors(sql::LoadErrorView::stl)) {
      result.rows = current_.errors;
      if (const auto limit = sql.find(" LIMIT "); limit != std::string_view::npos) {  // as the cluster would
        result.rows.resize(std::min<std::size_t>(result.rows.size(), std::stoul(std::string(sql.substr(limit + 7)))));
      }
    } else if (sql == sql::select_manifest()) {
      // no file loaded before
    } else {
      result.rows.push_back({"0"});
    }
    return result;
  }
  void begin() override { log_.push_back("BEGIN"); }
  void commit() override { log_.push_back("COMMIT"); }
  void rollback() override { log_.push_back("ROLLBACK"); }
  std::unique_ptr<warehouse::StagingLoader> open_staging_loader() override { return nullptr; }
  bool loads_staging_from_s3() const override { return true; }

  std::vector<std::string> copies;
  std::vector<std::string> texts;  // every executed statement's text

 private:
  std::vector<std::string>& log_;
  sql::RedshiftDialect dialect_;
  CopyOutcome current_;
};

class LoggingStore final : public source::ObjectStore {
 public:
  explicit LoggingStore(std::vector<std::string>& log) : log_(log) {}
  source::MemoryObjectStore memory;
  std::string describe() const override { return "memory"; }
  void put(const std::string& uri, std::string body, const std::string& content_type) override {
    log_.push_back("PUT " + uri);
    memory.put(uri, std::move(body), content_type);
  }
  std::string bucket_region(const std::string& bucket) override { return memory.bucket_region(bucket); }

 private:
  std::vector<std::string>& log_;
};

std::vector<std::string> manifest_urls(const std::string& document) {
  std::vector<std::string> out;
  const auto manifest = nlohmann::json::parse(document);
  for (const auto& entry : manifest.at("entries")) {
    EXPECT_TRUE(entry.at("mandatory").get<bool>());
    out.push_back(entry.at("url").get<std::string>());
  }
  return out;
}

class ServerSideLoad : public ::testing::Test {
 protected:
  std::vector<std::string> log;
  std::shared_ptr<LoggingStore> store = std::make_shared<LoggingStore>(log);
  RecordingWarehouse warehouse{log};
  MemorySource songs{"/data/song_data",
                     {{"/data/song_data/A/TRA.json", "{\"song_id\":\"S1\"}"}, {"/data/song_data/B/TRB.json", "{}"}}};
  MemorySource logs{"/data/log_data", {{"/data/log_data/2018/11/a-events.json", "{}\n{}\n"}}};
  std::filesystem::path rejects_path = std::filesystem::temp_directory_path() / "sparkify_server_side_rejects.ndjson";

  RejectLog staging_rejects{rejects_path};

  ServerSideSettings settings() {
    ServerSideSettings out;
    out.region = "us-west-2";
    out.staging_uri = "s3://stage-bucket/sparkify/";
    out.iam_role_arn = "arn:aws:iam::1:role/r";
    out.run_id = "run7";
    out.store = store;
    return out;
  }
  CopyPlan plan(std::int64_t max_errors = 0) {
    return stage_for_copy(songs, songs.list_objects().objects, logs, logs.list_objects().objects, settings(),
                          max_errors, staging_rejects);
  }
  const std::string& object(const std::string& uri) { return store->memory.objects().at(uri).body; }
};

TEST_F(ServerSideLoad, UploadsLocalObjectsBelowStagingKeepingTheirPaths) {
  plan();
  EXPECT_EQ(object("s3://stage-bucket/sparkify/song_data/A/TRA.json"), "{\"song_id\":\"S1\"}");
  EXPECT_EQ(object("s3://stage-bucket/sparkify/song_data/B/TRB.json"), "{}");
  EXPECT_EQ(object("s3://stage-bucket/sparkify/log_data/2018/11/a-events.json"), "{}\n{}\n");
  EXPECT_EQ(object("s3://stage-bucket/sparkify/events_jsonpaths.json"), sql::events_jsonpaths_document());
}

TEST_F(ServerSideLoad, ManifestsListExactlyTheListedObjects) {
  const auto copy = plan();
  EXPECT_EQ(manifest_urls(object("s3://stage-bucket/sparkify/manifests/run7/song_data.manifest")),
            (std::vector<std::string>{"s3://stage-bucket/sparkify/song_data/A/TRA.json",
                                      "s3://stage-bucket/sparkify/song_data/B/TRB.json"}));
  EXPECT_EQ(manifest_urls(object("s3://stage-bucket/sparkify/manifests/run7/log_data.manifest")),
            (std::vector<std::string>{"s3://stage-bucket/sparkify/log_data/2018/11/a-events.json"}));
  ASSERT_EQ(copy.params.sources.size(), 2u);
  EXPECT_EQ(copy.params.sources[0].table, sql::StagingTable::songs);
  EXPECT_EQ(copy.params.sources[0].manifest_uri, "s3://stage-bucket/sparkify/manifests/run7/song_data.manifest");
  EXPECT_EQ(copy.params.sources[1].table, sql::StagingTable::events);
  EXPECT_EQ(copy.params.jsonpaths_uri, "s3://stage-bucket/sparkify/events_jsonpaths.json");
}

TEST_F(ServerSideLoad, S3ObjectsAreListedWhereTheyAreAndNotUploaded) {
  MemorySource s3_logs{"s3://raw/log_data", {{"s3://raw/log_data/a.json", "{}"}, {"s3://raw/log_data/b.json", "{}"}}};
  stage_for_copy(songs, songs.list_objects().objects, s3_logs, s3_logs.list_objects().objects, settings(), 0,
                 staging_rejects);
  EXPECT_EQ(manifest_urls(object("s3://stage-bucket/sparkify/manifests/run7/log_data.manifest")),
            (std::vector<std::string>{"s3://raw/log_data/a.json", "s3://raw/log_data/b.json"}));
  for (const auto& [uri, body] : store->memory.objects()) {
    EXPECT_FALSE(uri.starts_with("s3://stage-bucket/sparkify/log_data/")) << uri << " was uploaded";
  }
}

TEST_F(ServerSideLoad, GzipObjectsGetTheirOwnManifestAndAGzipCopy) {
  MemorySource mixed{"s3://raw/log_data", {{"s3://raw/log_data/a.json", "{}"}, {"s3://raw/log_data/b.json.gz", "z"}}};
  const auto copy = stage_for_copy(songs, {}, mixed, mixed.list_objects().objects, settings(), 0, staging_rejects);
  ASSERT_EQ(copy.params.sources.size(), 2u);
  EXPECT_FALSE(copy.params.sources[0].gzip);
  EXPECT_TRUE(copy.params.sources[1].gzip);
  EXPECT_EQ(manifest_urls(object(copy.params.sources[0].manifest_uri)),
            (std::vector<std::string>{"s3://raw/log_data/a.json"}));
  EXPECT_EQ(manifest_urls(object(copy.params.sources[1].manifest_uri)),
            (std::vector<std::string>{"s3://raw/log_data/b.json.gz"}));
  const auto statements = warehouse.dialect().copy_staging(copy.params);
  EXPECT_NE(statements[1].statement.text.find("\nGZIP\n"), std::string::npos) << statements[1].statement.text;
}

TEST_F(ServerSideLoad, RegionIsTheBucketsRegionWhenKnown) {
  EXPECT_EQ(plan().params.region, "us-west-2");  // none known: the configured region
  store->memory.regions["stage-bucket"] = "eu-central-1";
  EXPECT_EQ(plan().params.region, "eu-central-1");
}

TEST_F(ServerSideLoad, BucketsInTwoRegionsFailBeforeAnyWrite) {
  store->memory.regions = {{"stage-bucket", "eu-central-1"}, {"raw", "us-east-1"}};
  MemorySource s3_logs{"s3://raw/log_data", {{"s3://raw/log_data/a.json", "{}"}}};
  try {
    stage_for_copy(songs, songs.list_objects().objects, s3_logs, s3_logs.list_objects().objects, settings(), 0,
                   staging_rejects);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    const std::string message = error.what();
    EXPECT_NE(message.find("s3://raw is in us-east-1"), std::string::npos) << message;
    EXPECT_NE(message.find("s3://stage-bucket in eu-central-1"), std::string::npos) << message;
  }
  EXPECT_TRUE(log.empty());
}

TEST_F(ServerSideLoad, NoStagingIsAConfigErrorBeforeAnyWrite) {
  auto without = settings();
  without.staging_uri.clear();
  try {
    stage_for_copy(songs, songs.list_objects().objects, logs, logs.list_objects().objects, without, 0, staging_rejects);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_NE(std::string(error.what()).find("STAGING"), std::string::npos);
  }
  EXPECT_TRUE(log.empty());
}

TEST_F(ServerSideLoad, MaxErrorsCopyCannotHonourIsRefusedBeforeAnyWrite) {
  EXPECT_NO_THROW(plan(sql::kCopyMaxError - 1));
  log.clear();
  try {
    plan(sql::kCopyMaxError);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(error.what()).find("--max-errors 99999 or less"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(log.empty());
}

TEST_F(ServerSideLoad, RejectedCountIsTheClusterCountAndEveryRowGoesToTheRejectsFile) {
  const auto copy = plan(1000);
  CopyOutcome songs_outcome{2, {}};
  CopyOutcome events_outcome{10, {}};
  for (int line = 1; line <= 25; ++line) events_outcome.errors.push_back(load_error("s3://x/log.json", line));
  warehouse.outcomes = {songs_outcome, events_outcome};
  RejectLog rejects(rejects_path);
  const auto stats = copy_into_staging(warehouse, copy, 1000, rejects);
  EXPECT_EQ(stats.songs.loaded, 2);
  EXPECT_EQ(stats.songs.rejected, 0);
  EXPECT_EQ(stats.events.loaded, 10);
  EXPECT_EQ(stats.events.rejected, 25);
  EXPECT_EQ(stats.events.records_read, 35);
  EXPECT_EQ(rejects.count(), 25);
  std::ifstream in(rejects_path);
  std::string first;
  std::getline(in, first);
  const auto reject = nlohmann::json::parse(first);
  EXPECT_EQ(reject.at("file"), "s3://x/log.json");
  EXPECT_EQ(reject.at("line"), 1);
  EXPECT_EQ(reject.at("reason"), "column ts: Invalid digit");
  EXPECT_EQ(reject.at("raw"), "{\"ts\":\"x\"}");
}

TEST_F(ServerSideLoad, ErrorsAreReadRightAfterEachCopyWithoutARollback) {
  const auto copy = plan(10);
  warehouse.outcomes = {CopyOutcome{1, {load_error("s3://a", 3)}}, CopyOutcome{1, {}}};
  RejectLog rejects(rejects_path);
  log.clear();
  copy_into_staging(warehouse, copy, 10, rejects);
  const auto stl = sql::LoadErrorView::stl;
  EXPECT_EQ(log,
            (std::vector<std::string>{"copy staging_songs", sql::last_copy_count(), sql::last_copy_error_count(stl),
                                      sql::last_copy_errors(stl), "copy staging_events", sql::last_copy_count(),
                                      sql::last_copy_error_count(stl)}));
}

TEST_F(ServerSideLoad, MaxErrorsMeansMoreThanNFails) {
  const auto copy = plan(1);
  warehouse.outcomes = {CopyOutcome{1, {load_error("s3://a", 3)}}, CopyOutcome{1, {}}};
  RejectLog rejects(rejects_path);
  EXPECT_EQ(copy_into_staging(warehouse, copy, 1, rejects).songs.rejected, 1);
  EXPECT_TRUE(warehouse.copies.back().find("MAXERROR 100000") != std::string::npos);
}

TEST_F(ServerSideLoad, MoreRejectsThanMaxErrorsStopBeforeTheNextCopyAndLeaveRollbackToTheCaller) {
  const auto copy = plan(1);
  warehouse.outcomes = {CopyOutcome{1, {load_error("s3://a", 3), load_error("s3://a", 4)}}, CopyOutcome{1, {}}};
  RejectLog rejects(rejects_path);
  log.clear();
  try {
    copy_into_staging(warehouse, copy, 1, rejects);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::data);
    EXPECT_NE(std::string(error.what()).find("more than --max-errors 1"), std::string::npos) << error.what();
  }
  EXPECT_EQ(warehouse.copies.size(), 1u);
  EXPECT_EQ(rejects.count(), 2);
  EXPECT_EQ(std::count(log.begin(), log.end(), "ROLLBACK"), 0);
}

TEST_F(ServerSideLoad, AFailedCopyPropagatesWithoutReadingAnotherCopysErrors) {
  const auto copy = plan(5);
  warehouse.outcomes = {CopyOutcome{0, {}, true}};
  RejectLog rejects(rejects_path);
  log.clear();
  EXPECT_THROW(copy_into_staging(warehouse, copy, 5, rejects), Error);
  EXPECT_EQ(log, (std::vector<std::string>{"copy staging_songs"}));
}

TEST_F(ServerSideLoad, EtlWritesEveryObjectBeforeBeginAndRecordsTheRunWithItsOwnClock) {
  EtlOptions options;
  options.rejects_path = rejects_path;
  options.server_side = settings();
  warehouse.outcomes = {CopyOutcome{2, {}}, CopyOutcome{2, {}}};
  run_etl(warehouse, songs, logs, options);
  const auto begin = std::find(log.begin(), log.end(), "BEGIN");
  ASSERT_NE(begin, log.end());
  EXPECT_EQ(std::count_if(log.begin(), begin, [](const std::string& e) { return e.starts_with("PUT "); }), 6);
  EXPECT_EQ(std::count_if(begin, log.end(), [](const std::string& e) { return e.starts_with("PUT "); }), 0);
  EXPECT_NE(std::find(begin, log.end(), "copy staging_events"), log.end());
  EXPECT_NE(std::find(begin, log.end(), "COMMIT"), log.end());
  ASSERT_FALSE(warehouse.texts.empty());
  const std::string& record = warehouse.texts.back();
  EXPECT_NE(record.find("INSERT INTO etl_runs"), std::string::npos) << record;
  EXPECT_EQ(record.find("CURRENT_TIMESTAMP"), std::string::npos) << record;
  EXPECT_NE(record.find("'ok'"), std::string::npos) << record;
}

TEST(StagingKey, KeepsThePathBelowTheLocation) {
  EXPECT_EQ(staging_key("stage/run1", "log_data", "/data/log_data", "/data/log_data/2018/11/a-events.json"),
            "stage/run1/log_data/2018/11/a-events.json");
}

TEST(StagingKey, JoinsWithExactlyOneSlash) {
  EXPECT_EQ(staging_key("stage/", "song_data", "data/song_data/", "data/song_data/A/B/TRA.json"),
            "stage/song_data/A/B/TRA.json");
}

TEST(StagingKey, EmptyPrefixStartsAtTheFolder) {
  EXPECT_EQ(staging_key("", "song_data", "songs", "songs/TRA.json"), "song_data/TRA.json");
}

}  // namespace
}  // namespace sparkify::pipeline
