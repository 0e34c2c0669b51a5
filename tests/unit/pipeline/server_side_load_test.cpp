// The Redshift load path without a server: sources in memory, uploads into a
// MemoryObjectStore, and a Warehouse that records every statement in order
// and answers the load-error queries from a script. Covers uploads, manifests,
// the JSONPaths file, the COPY statements, error reading inside the
// transaction, the --max-errors decision and uploads before BEGIN.
#include "pipeline/server_side_load.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/error.h"
#include "pipeline/etl.h"
#include "pipeline/repack.h"
#include "source/gzip.h"
#include "sql/load_audit.h"
#include "sql/redshift_dialect.h"
#include "unit/pipeline/redshift_fakes.h"

namespace sparkify::pipeline {
namespace {

using fakes::CopyOutcome;
using fakes::load_error;
using fakes::LoggingStore;
using fakes::MemorySource;
using fakes::RecordingWarehouse;

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
  std::vector<std::string> progress;
  options.progress = [&](std::string_view line) { progress.emplace_back(line); };
  run_etl(warehouse, songs, logs, options);
  // -v gives the COPY phase its rows and seconds, as every other phase.
  EXPECT_EQ(std::count_if(progress.begin(), progress.end(),
                          [](const std::string& line) {
                            return line.starts_with("COPY into staging: 2 song and 2 event records, 0 rejected (") &&
                                   line.ends_with(" s)");
                          }),
            1)
      << fmt::format("{}", fmt::join(progress, "\n"));
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

// --- packing many small objects (pipeline/repack.h) ---

// `count` song files s3://raw/song_data/TR<i>.json of one object each.
std::map<std::string, std::string> small_songs(int count) {
  std::map<std::string, std::string> files;
  for (int i = 0; i < count; ++i) {
    files[fmt::format("s3://raw/song_data/TR{:04}.json", i)] = fmt::format(R"({{"song_id":"S{}","title":"T"}})", i);
  }
  return files;
}

// Every line of every part, parsed, with the part it is in and its line there.
struct PackedLine {
  std::string part;
  std::int64_t line;
  nlohmann::json record;
  std::string text;
};
std::vector<PackedLine> read_parts(const source::MemoryObjectStore& store, const std::vector<std::string>& parts) {
  std::vector<PackedLine> out;
  for (const auto& part : parts) {
    const auto& object = store.objects().at(part);
    EXPECT_EQ(object.content_type, "application/gzip");
    std::string text;
    EXPECT_EQ(source::gunzip(object.body, text, 0), std::nullopt) << part;
    std::istringstream lines(text);
    std::int64_t number = 0;
    for (std::string line; std::getline(lines, line);)
      out.push_back({part, ++number, nlohmann::json::parse(line), line});
  }
  return out;
}

class Repack : public ServerSideLoad {
 protected:
  PackedOrigins origins;
  PackResult pack(sql::StagingTable table, MemorySource& source, int slices = 8) {
    return pack_objects(table, source, source.list_objects().objects, "s3://stage-bucket/sparkify/packed/run7/x",
                        store->memory, slices, 2, staging_rejects, origins);
  }
};

TEST(RepackPolicy, ManySmallObjectsArePackedFewOrLargeOnesAreNot) {
  auto refs = [](std::size_t count, std::uint64_t size) {
    return std::vector<source::ObjectRef>(count, source::ObjectRef{"s3://b/k.json", size, ""});
  };
  EXPECT_TRUE(should_repack(refs(kRepackMinObjects + 1, 250), RepackPolicy{}));
  EXPECT_FALSE(should_repack(refs(kRepackMinObjects, 250), RepackPolicy{}));
  EXPECT_FALSE(should_repack(refs(kRepackMinObjects + 1, kRepackMaxMeanBytes), RepackPolicy{}));
  EXPECT_FALSE(should_repack(refs(kRepackMinObjects + 1, 250), RepackPolicy{false, 8}));
}

TEST(RepackPolicy, PartCountIsAMultipleOfTheSlicesUnlessPartsWouldBeTooSmall) {
  EXPECT_EQ(part_count(0, 8), 1);
  EXPECT_EQ(part_count(kMinPartInput * 8, 8), 8);           // 8 parts of the least size
  EXPECT_EQ(part_count(kMinPartInput * 3 + 1, 8), 3);       // too little for 8: 3 of >= 8 MB
  EXPECT_EQ(part_count(kMaxPartInput * 8, 8), 8);           // 8 parts of the most size
  EXPECT_EQ(part_count(kMaxPartInput * 8 + 1, 8), 16);      // next multiple of the slices
  EXPECT_EQ(part_count(std::uint64_t{10} << 30, 4), 40);    // 10 GiB: 40 parts of 256 MiB
  EXPECT_EQ(part_count(std::uint64_t{14896} * 250, 8), 1);  // the real song data: one part
}

TEST_F(Repack, EveryRecordIsPackedOnceWithItsSourceFile) {
  auto files = small_songs(150);
  files["s3://raw/song_data/pretty.json"] = "\xEF\xBB\xBF{\n  \"song_id\": \"SP\",\n  \"title\": \"a b\"\n}\n";
  files["s3://raw/song_data/two.json"] = "{\"song_id\":\"N1\"}\n\n{\"song_id\":\"N2\"}\n";
  files["s3://raw/song_data/empty.json"] = "{}";
  MemorySource source{"s3://raw/song_data", files};
  const auto result = pack(sql::StagingTable::songs, source);
  EXPECT_EQ(result.records, 154);
  EXPECT_EQ(result.rejected, 0);
  ASSERT_EQ(result.part_urls.size(), 1u);  // a few KB: one part
  EXPECT_EQ(result.part_urls[0], "s3://stage-bucket/sparkify/packed/run7/x/part-00000.json.gz");
  std::map<std::string, std::string> song_file;  // song_id -> source_file
  for (const auto& line : read_parts(store->memory, result.part_urls)) {
    EXPECT_TRUE(line.text.starts_with("{\"source_file\":")) << line.text;  // first, so raw lines show it
    EXPECT_FALSE(line.record.contains("source_line")) << "staging_songs has no such column";
    const std::string id = line.record.value("song_id", "");
    EXPECT_TRUE(song_file.emplace(id, line.record.at("source_file")).second) << id << " packed twice";
    const auto origin = origins.find(line.part, line.line);
    ASSERT_TRUE(origin) << line.part << ":" << line.line;
    EXPECT_EQ(origin->file, line.record.at("source_file"));
  }
  EXPECT_EQ(song_file.size(), 154u);
  EXPECT_EQ(song_file.at("S7"), "s3://raw/song_data/TR0007.json");
  EXPECT_EQ(song_file.at("SP"), "s3://raw/song_data/pretty.json");
  EXPECT_EQ(song_file.at("N2"), "s3://raw/song_data/two.json");
  EXPECT_EQ(song_file.at(""), "s3://raw/song_data/empty.json");
}

TEST_F(Repack, EventLinesKeepTheirFileAndLine) {
  std::map<std::string, std::string> files;
  for (int i = 0; i < 120; ++i) {
    files[fmt::format("s3://raw/log_data/{:03}-events.json", i)] =
        fmt::format("{{\"ts\":{}}}\n\r\n{{\"ts\":{}}}\r\n", i * 10, i * 10 + 1);
  }
  MemorySource source{"s3://raw/log_data", files};
  const auto result = pack(sql::StagingTable::events, source);
  EXPECT_EQ(result.records, 240);
  std::set<std::int64_t> seen;
  for (const auto& line : read_parts(store->memory, result.part_urls)) {
    const std::int64_t ts = line.record.at("ts");
    EXPECT_TRUE(seen.insert(ts).second);
    EXPECT_EQ(line.record.at("source_file"), fmt::format("s3://raw/log_data/{:03}-events.json", ts / 10));
    EXPECT_EQ(line.record.at("source_line"), ts % 10 == 0 ? 1 : 3);  // line 2 is blank
    const auto origin = origins.find(line.part, line.line);
    ASSERT_TRUE(origin);
    EXPECT_EQ(origin->line, line.record.at("source_line"));
  }
  EXPECT_EQ(seen.size(), 240u);
}

TEST_F(Repack, RecordsThatAreNotJsonObjectsAreRejectedWithTheirFileAndLineAndNotPacked) {
  auto files = small_songs(120);
  files["s3://raw/song_data/bad.json"] = "{\"song_id\": \"B\",";
  files["s3://raw/song_data/array.json"] = "[1, 2]";
  MemorySource source{"s3://raw/song_data", files};
  const auto result = pack(sql::StagingTable::songs, source);
  EXPECT_EQ(result.records, 120);
  EXPECT_EQ(result.rejected, 2);
  EXPECT_EQ(staging_rejects.count(), 2);
  std::ifstream in(staging_rejects.path());
  std::map<std::string, nlohmann::json> rejects;
  for (std::string line; std::getline(in, line);) {
    auto reject = nlohmann::json::parse(line);
    rejects[reject.at("file")] = reject;
  }
  EXPECT_EQ(rejects.at("s3://raw/song_data/bad.json").at("line"), 1);
  EXPECT_EQ(rejects.at("s3://raw/song_data/bad.json").at("raw"), "{\"song_id\": \"B\",");
  EXPECT_TRUE(rejects.at("s3://raw/song_data/bad.json").at("reason").get<std::string>().starts_with("invalid JSON"));
  EXPECT_EQ(rejects.at("s3://raw/song_data/array.json").at("reason"), "not a JSON object");
}

TEST_F(Repack, PartsAreAboutEqualAndAsManyAsTheSlicesWhenLargeEnough) {
  std::map<std::string, std::string> files;  // 400 objects of 100 KB: 40 MB, 4 slices -> 4 parts of 10 MB
  for (int i = 0; i < 400; ++i) {
    files[fmt::format("s3://raw/log_data/{:03}.json", i)] =  // all of one size
        fmt::format("{{\"ts\":1,\"song\":\"{:03}{}\"}}\n", i, std::string(100 * 1000 - 30, 'a' + i % 26));
  }
  MemorySource source{"s3://raw/log_data", files};
  const auto result = pack(sql::StagingTable::events, source, 4);
  ASSERT_EQ(result.part_urls.size(), 4u);
  std::map<std::string, int> per_part;
  for (const auto& line : read_parts(store->memory, result.part_urls)) ++per_part[line.part];
  for (const auto& [part, records] : per_part) EXPECT_EQ(records, 100) << part;
  for (const auto& part : result.part_urls) {
    EXPECT_GE(object(part).size(), 1000u) << "compressed";
    EXPECT_LT(object(part).size(), 10u * 1000 * 1000) << "compressed";
  }
}

TEST_F(ServerSideLoad, ManySmallObjectsAreCopiedFromPackedPartsListedInTheRunsManifest) {
  MemorySource many{"s3://raw/song_data", small_songs(150)};
  const auto copy = stage_for_copy(many, many.list_objects().objects, logs, logs.list_objects().objects, settings(), 0,
                                   staging_rejects);
  const auto parts = manifest_urls(object("s3://stage-bucket/sparkify/manifests/run7/song_data.packed.manifest"));
  EXPECT_EQ(parts, (std::vector<std::string>{"s3://stage-bucket/sparkify/packed/run7/song_data/part-00000.json.gz"}));
  EXPECT_EQ(read_parts(store->memory, parts).size(), 150u);
  ASSERT_EQ(copy.params.sources.size(), 2u);
  EXPECT_TRUE(copy.params.sources[0].packed);
  EXPECT_TRUE(copy.params.sources[0].gzip);
  EXPECT_FALSE(copy.params.sources[1].packed);  // one log file: as it is
  EXPECT_EQ(copy.stats.songs.files, 150);
  const auto statements = warehouse.dialect().copy_staging(copy.params);
  EXPECT_EQ(statements[0].statement.name, "copy packed staging_songs");
  EXPECT_NE(statements[0].statement.text.find("song_data.packed.manifest"), std::string::npos);
}

TEST_F(ServerSideLoad, NoRepackCopiesTheObjectsAsTheyAre) {
  MemorySource many{"s3://raw/song_data", small_songs(150)};
  auto without = settings();
  without.repack.enabled = false;
  const auto copy =
      stage_for_copy(many, many.list_objects().objects, logs, logs.list_objects().objects, without, 0, staging_rejects);
  EXPECT_EQ(manifest_urls(object("s3://stage-bucket/sparkify/manifests/run7/song_data.manifest")).size(), 150u);
  for (const auto& [uri, body] : store->memory.objects()) EXPECT_EQ(uri.find("/packed/"), std::string::npos) << uri;
  for (const auto& source : copy.params.sources) EXPECT_FALSE(source.packed);
}

TEST_F(ServerSideLoad, PackedBucketsAreNotReadByCopySoTheirRegionDoesNotMatter) {
  store->memory.regions = {{"stage-bucket", "eu-central-1"}, {"raw", "us-east-1"}};
  MemorySource many{"s3://raw/song_data", small_songs(150)};
  EXPECT_EQ(stage_for_copy(many, many.list_objects().objects, logs, logs.list_objects().objects, settings(), 0,
                           staging_rejects)
                .params.region,
            "eu-central-1");
}

TEST_F(ServerSideLoad, APackedPartsLoadErrorNamesTheOriginalObjectAndLine) {
  MemorySource many{"s3://raw/song_data", small_songs(150)};
  const auto copy = stage_for_copy(many, many.list_objects().objects, logs, logs.list_objects().objects, settings(), 10,
                                   staging_rejects);
  const std::string part = "s3://stage-bucket/sparkify/packed/run7/song_data/part-00000.json.gz";
  const auto lines = read_parts(store->memory, {part});
  warehouse.outcomes = {CopyOutcome{149, {load_error(part, 5)}}, CopyOutcome{2, {}}};
  RejectLog rejects(rejects_path);
  const auto stats = copy_into_staging(warehouse, copy, 10, rejects);
  EXPECT_EQ(stats.songs.rejected, 1);
  std::ifstream in(rejects.path());
  std::string first;
  std::getline(in, first);
  const auto reject = nlohmann::json::parse(first);
  EXPECT_EQ(reject.at("file"), lines.at(4).record.at("source_file"));
  EXPECT_EQ(reject.at("line"), 1);
  EXPECT_EQ(reject.at("reason"), "column ts: Invalid digit (line 5 of packed part " + part + ")");
}

TEST_F(ServerSideLoad, PackingRejectsCountAgainstMaxErrorsBeforeTheTransaction) {
  auto files = small_songs(150);
  files["s3://raw/song_data/bad.json"] = "{";
  MemorySource many{"s3://raw/song_data", files};
  EtlOptions options;
  options.rejects_path = rejects_path;
  options.server_side = settings();
  try {
    run_etl(warehouse, many, logs, options);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::data);
    EXPECT_NE(std::string(error.what()).find("while packing"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(warehouse.copies.empty());
  ASSERT_FALSE(warehouse.texts.empty());  // only the failed run is recorded, in a transaction of its own
  EXPECT_NE(warehouse.texts.back().find("'failed'"), std::string::npos) << warehouse.texts.back();
}

TEST_F(ServerSideLoad, PackedCopyShortOfRowsWithNothingInStlReadsSys) {
  MemorySource many{"s3://raw/song_data", small_songs(150)};
  const auto copy = stage_for_copy(many, many.list_objects().objects, logs, logs.list_objects().objects, settings(), 10,
                                   staging_rejects);
  const std::string part = "s3://stage-bucket/sparkify/packed/run7/song_data/part-00000.json.gz";
  CopyOutcome songs_outcome{148, {}};
  songs_outcome.sys_errors = {load_error(part, 1), load_error(part, 2)};
  warehouse.outcomes = {songs_outcome, CopyOutcome{2, {}}};
  RejectLog rejects(rejects_path);
  log.clear();
  const auto stats = copy_into_staging(warehouse, copy, 10, rejects);
  EXPECT_EQ(stats.songs.rejected, 2);
  EXPECT_EQ(stats.songs.records_read, 150);
  const auto sys = sql::LoadErrorView::sys;
  const auto stl = sql::LoadErrorView::stl;
  EXPECT_EQ(log, (std::vector<std::string>{"copy packed staging_songs", sql::last_copy_count(),
                                           sql::last_copy_error_count(stl), sql::last_copy_error_count(sys),
                                           sql::last_copy_errors(sys), "copy staging_events", sql::last_copy_count(),
                                           sql::last_copy_error_count(stl)}));
}

TEST_F(ServerSideLoad, ServerlessReadsLoadErrorsFromSysOnly) {
  auto serverless = settings();
  serverless.serverless = true;
  const auto copy = stage_for_copy(songs, songs.list_objects().objects, logs, logs.list_objects().objects, serverless,
                                   5, staging_rejects);
  CopyOutcome songs_outcome{1, {}};
  songs_outcome.sys_errors = {load_error("s3://a", 1)};
  warehouse.outcomes = {songs_outcome, CopyOutcome{2, {}}};
  RejectLog rejects(rejects_path);
  log.clear();
  EXPECT_EQ(copy_into_staging(warehouse, copy, 5, rejects).songs.rejected, 1);
  for (const auto& entry : log) EXPECT_EQ(entry.find("stl_load_errors"), std::string::npos) << entry;
}

TEST(ServerlessHost, IsTheRedshiftServerlessDomain) {
  EXPECT_TRUE(is_serverless_host("default.123456789012.us-east-1.redshift-serverless.amazonaws.com"));
  EXPECT_TRUE(is_serverless_host("WG.1.EU-WEST-1.REDSHIFT-SERVERLESS.AMAZONAWS.COM"));
  EXPECT_FALSE(is_serverless_host("dwhcluster.abc.us-west-2.redshift.amazonaws.com"));
  EXPECT_FALSE(is_serverless_host(".redshift-serverless.amazonaws.com"));
  EXPECT_FALSE(is_serverless_host("127.0.0.1"));
}

TEST(ServerlessHost, ComesFromTheTargetOrTheClusterHost) {
  config::Settings settings;
  settings.target = "redshift://u@wg.1.us-east-1.redshift-serverless.amazonaws.com:5439/dev";
  EXPECT_TRUE(server_side_settings(settings).serverless);
  settings.target = "redshift";
  settings.cluster.host = "dwh.abc.us-west-2.redshift.amazonaws.com";
  EXPECT_FALSE(server_side_settings(settings).serverless);
  settings.cluster.host = "wg.1.us-east-1.redshift-serverless.amazonaws.com";
  EXPECT_TRUE(server_side_settings(settings).serverless);
}

TEST(ClusterSlices, SetThePartCountAndMustBeAPositiveNumber) {
  config::Settings settings;
  EXPECT_EQ(server_side_settings(settings).repack.slices, 8);
  settings.cluster.slices = "16";
  EXPECT_EQ(server_side_settings(settings).repack.slices, 16);
  settings.cluster.slices = "0";
  EXPECT_THROW(server_side_settings(settings), Error);
  settings.cluster.slices = "4x";
  EXPECT_THROW(server_side_settings(settings), Error);
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
