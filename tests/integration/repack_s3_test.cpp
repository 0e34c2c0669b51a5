// Packing many small objects for Redshift COPY (pipeline/repack.h) against a
// real s3rver: objects listed and fetched from one bucket by S3Source, parts
// written into a staging prefix of another by S3ObjectStore, then read back
// through S3 (decompressed, every record counted, each with its source_file),
// and the run's COPY manifest listing exactly those parts.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aws/credential_chain.h"
#include "aws/credentials.h"
#include "aws/s3_client.h"
#include "harness/s3_server.h"
#include "harness/workspace.h"
#include "pipeline/reject_log.h"
#include "pipeline/repack.h"
#include "pipeline/server_side_load.h"
#include "source/s3_object_store.h"
#include "source/s3_source.h"
#include "sql/dialect.h"

namespace sparkify {
namespace {

constexpr int kSongs = 1205;  // more than one listing page (s3rver pages at 1000 keys)

std::string song_key(int i) { return fmt::format("song_data/{}/{}/TR{:06d}.json", "ABC"[i % 3], i % 7, i); }

class RepackOnS3 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<testing::S3Server>();
    server_->create_bucket("raw");
    server_->create_bucket("stage");
    for (int i = 0; i < kSongs; ++i) {
      server_->put_object("raw", song_key(i), fmt::format("{{\"song_id\":\"S{:06d}\",\"title\":\"T {}\"}}", i, i));
    }
    server_->put_object("raw", "log_data/2018-11-01-events.json", "{\"ts\":1}\n{\"ts\":2}\n");
  }
  static void TearDownTestSuite() { server_.reset(); }

  // Every record of the objects under `location`, read through S3 (.json.gz decompressed).
  static std::vector<nlohmann::json> read_records(const std::string& location) {
    source::S3Source parts(location, server_->aws_settings());
    std::vector<nlohmann::json> records;
    parts.fetch_objects(parts.list_objects().objects, [&](source::FetchedObject&& object) {
      EXPECT_FALSE(object.error) << object.ref->uri << ": " << *object.error;
      std::istringstream lines(object.body);
      for (std::string line; std::getline(lines, line);) records.push_back(nlohmann::json::parse(line));
      return true;
    });
    return records;
  }

  static inline std::unique_ptr<testing::S3Server> server_;
  testing::Workspace workspace_;
};

TEST_F(RepackOnS3, PartsInTheStagingPrefixHoldEveryRecordOnceWithItsSourceFile) {
  source::S3Source songs("s3://raw/song_data", server_->aws_settings());
  const auto objects = songs.list_objects().objects;
  ASSERT_EQ(objects.size(), static_cast<std::size_t>(kSongs));
  source::S3ObjectStore store(server_->aws_settings());
  pipeline::RejectLog rejects(workspace_.path() / "rejects.ndjson");
  pipeline::PackedOrigins origins;
  const auto result =
      pipeline::pack_objects(sql::StagingTable::songs, songs, objects, "s3://stage/sparkify/packed/run1/song_data",
                             store, 8, 0, rejects, origins);
  EXPECT_EQ(result.records, kSongs);
  EXPECT_EQ(result.rejected, 0);
  ASSERT_EQ(result.part_urls.size(), 1u);  // ~70 KB: one part
  source::S3Source written("s3://stage/sparkify/packed/run1/song_data", server_->aws_settings());
  const auto listed = written.list_objects().objects;
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].uri, result.part_urls[0]);
  std::map<std::string, int> per_file;
  for (const auto& record : read_records("s3://stage/sparkify/packed/run1/song_data")) {
    const std::string file = record.at("source_file");
    ++per_file[file];
    EXPECT_EQ("s3://raw/" + song_key(std::stoi(record.at("song_id").get<std::string>().substr(1))), file);
  }
  EXPECT_EQ(per_file.size(), static_cast<std::size_t>(kSongs));
  for (const auto& [file, count] : per_file) EXPECT_EQ(count, 1) << file;
}

TEST_F(RepackOnS3, TheRunsManifestListsThePartsAndTheFewLogFilesAsTheyAre) {
  source::S3Source songs("s3://raw/song_data", server_->aws_settings());
  source::S3Source logs("s3://raw/log_data", server_->aws_settings());
  pipeline::ServerSideSettings settings;
  settings.region = "us-east-1";
  settings.staging_uri = "s3://stage/sparkify";
  settings.iam_role_arn = "arn:aws:iam::1:role/r";
  settings.run_id = "run2";
  settings.store = std::make_shared<source::S3ObjectStore>(server_->aws_settings());
  pipeline::RejectLog rejects(workspace_.path() / "rejects.ndjson");
  const auto plan = pipeline::stage_for_copy(songs, songs.list_objects().objects, logs, logs.list_objects().objects,
                                             settings, 0, rejects);
  ASSERT_EQ(plan.params.sources.size(), 2u);
  EXPECT_TRUE(plan.params.sources[0].packed);
  EXPECT_FALSE(plan.params.sources[1].packed);
  EXPECT_EQ(plan.packed_records.at(plan.params.sources[0].manifest_uri), kSongs);
  const auto settings_s3 = server_->aws_settings();
  aws::S3Client client(settings_s3, aws::credentials_from(settings_s3));
  const auto manifest =
      nlohmann::json::parse(client.get_object("stage", "sparkify/manifests/run2/song_data.packed.manifest"));
  source::S3Source parts("s3://stage/sparkify/packed/run2/song_data", settings_s3);
  std::vector<std::string> part_urls;
  for (const auto& part : parts.list_objects().objects) part_urls.push_back(part.uri);
  std::vector<std::string> listed;
  for (const auto& entry : manifest.at("entries")) listed.push_back(entry.at("url"));
  EXPECT_EQ(listed, part_urls);
  EXPECT_EQ(read_records("s3://stage/sparkify/packed/run2/song_data").size(), static_cast<std::size_t>(kSongs));
  const auto logs_manifest =
      nlohmann::json::parse(client.get_object("stage", "sparkify/manifests/run2/log_data.manifest"));
  EXPECT_EQ(logs_manifest.at("entries").at(0).at("url"), "s3://raw/log_data/2018-11-01-events.json");
}

}  // namespace
}  // namespace sparkify
