// S3Source against a real s3rver: listing across pages, prefixes as folders,
// awkward keys, concurrent fetching, and the errors a user sees when the
// bucket, the credentials or the server are wrong.
#include "source/s3_source.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "common/error.h"
#include "harness/gzip_file.h"
#include "harness/s3_server.h"

namespace sparkify {
namespace {

using source::FetchedObject;
using source::ObjectRef;
using source::S3Source;
using testing::S3Server;

constexpr int kPagedObjects = 1205;  // s3rver pages at 1000 keys

std::string song_key(int i) { return fmt::format("song_data/{}/{}/TR{:06d}.json", "ABC"[i % 3], i % 7, i); }
std::string song_body(int i) {
  return fmt::format("{{\"song_id\":\"S{:06d}\",\"padding\":\"{}\"}}", i, std::string(i % 50, 'x'));
}

class S3SourceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<S3Server>();
    server_->create_bucket("sparkify");
    for (int i = 0; i < kPagedObjects; ++i) server_->put_object("sparkify", song_key(i), song_body(i));
    server_->put_object("sparkify", "song_data/README.txt", "not json");
    server_->put_object("sparkify", "song_data_old/TRZZZ.json", "{}");
    server_->put_object("sparkify", "odd keys/a b+c=d.json", "{\"odd\":true}");
    server_->create_bucket("small");
    server_->put_object("small", "top.json", "{\"a\":1}");
    server_->put_object("small", "deep/er/x.json", "{\"b\":2}");
    server_->put_object("small", "notes.txt", "skip me");
    server_->create_bucket("inputs");
    server_->put_object("inputs", "log_data/a.json", "{\"a\":1}");
    server_->put_object("inputs", "log_data/b.json.gz", testing::gzip_file("{\"b\":2}\n"));
    server_->put_object("inputs", "log_data/c.json.gz", "not gzip at all");
    server_->put_object("inputs", "log_data/.ipynb_checkpoints/a-checkpoint.json", "{}");
    server_->put_object("inputs", "log_data/_temporary/0/part.json", "{}");
    server_->put_object("inputs", "log_data/README.md", "docs");
    server_->put_object("inputs", "log_data/empty-folder/", "");
  }
  static void TearDownTestSuite() { server_.reset(); }

  static std::vector<FetchedObject> fetch_all(S3Source& source, const std::vector<ObjectRef>& objects) {
    std::vector<FetchedObject> fetched;
    source.fetch_objects(objects, [&](FetchedObject&& object) {
      fetched.push_back(std::move(object));
      return true;
    });
    return fetched;
  }

  static std::string error_of(const std::function<void()>& action, ErrorKind expected_kind) {
    try {
      action();
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), expected_kind) << e.what();
      return e.what();
    }
    ADD_FAILURE() << "no sparkify::Error thrown";
    return "";
  }

  static inline std::unique_ptr<S3Server> server_;
};

TEST_F(S3SourceTest, ListsEveryJsonKeyUnderThePrefixAcrossPages) {
  S3Source source("s3://sparkify/song_data", server_->aws_settings());
  const auto objects = source.list_objects().objects;
  ASSERT_EQ(objects.size(), static_cast<std::size_t>(kPagedObjects));
  for (std::size_t i = 1; i < objects.size(); ++i) EXPECT_LT(objects[i - 1].uri, objects[i].uri);
  std::map<std::string, std::uint64_t> sizes;
  for (const auto& object : objects) sizes[object.uri] = object.size;
  for (int i = 0; i < kPagedObjects; ++i) {
    EXPECT_EQ(sizes["s3://sparkify/" + song_key(i)], song_body(i).size()) << song_key(i);
  }
  EXPECT_FALSE(objects.front().version.empty());
  EXPECT_EQ(objects.front().version.find('"'), std::string::npos);
}

// A listing asked to stop ends at its next page: asked before it starts, it
// returns nothing.
TEST_F(S3SourceTest, AListingAskedToStopEndsAtItsNextPage) {
  S3Source source("s3://sparkify/song_data", server_->aws_settings());
  std::stop_source stop;
  stop.request_stop();
  EXPECT_EQ(source.list_objects(stop.get_token()).objects.size(), 0u);
  EXPECT_EQ(source.list_objects().objects.size(), static_cast<std::size_t>(kPagedObjects));
}

TEST_F(S3SourceTest, ListingCountsTheKeysOfEveryPageForProgress) {
  S3Source source("s3://sparkify/song_data", server_->aws_settings());
  progress::Board board;
  progress::PhaseScope phase(board, "listing", 0, "entries");
  source.count_listing_into(&phase.counters());
  const auto listing = source.list_objects();
  // Every key of both pages: the JSON objects and what was passed over (README.txt).
  EXPECT_EQ(phase.counters().records.load(), static_cast<std::int64_t>(kPagedObjects + 1));
  EXPECT_EQ(listing.objects.size() + listing.skipped.size(), static_cast<std::size_t>(kPagedObjects + 1));
}

TEST_F(S3SourceTest, PrefixIsAFolderNotAStringPrefix) {
  S3Source source("s3://sparkify/song_data_old/", server_->aws_settings());
  const auto objects = source.list_objects().objects;
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].uri, "s3://sparkify/song_data_old/TRZZZ.json");
}

TEST_F(S3SourceTest, EmptyPrefixListsTheWholeBucket) {
  S3Source source("s3://small", server_->aws_settings());
  const auto objects = source.list_objects().objects;
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].uri, "s3://small/deep/er/x.json");
  EXPECT_EQ(objects[1].uri, "s3://small/top.json");
}

TEST_F(S3SourceTest, FetchesKeyWithSpacesAndPlus) {
  S3Source source("s3://sparkify/odd keys", server_->aws_settings());
  const auto objects = source.list_objects().objects;
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].uri, "s3://sparkify/odd keys/a b+c=d.json");
  const auto fetched = fetch_all(source, objects);
  ASSERT_EQ(fetched.size(), 1u);
  EXPECT_FALSE(fetched[0].error) << *fetched[0].error;
  EXPECT_EQ(fetched[0].body, "{\"odd\":true}");
}

TEST_F(S3SourceTest, FetchDeliversEveryObjectOnceWithPadding) {
  S3Source source("s3://sparkify/song_data", server_->aws_settings());
  const auto objects = source.list_objects().objects;
  const auto fetched = fetch_all(source, objects);
  ASSERT_EQ(fetched.size(), objects.size());
  std::map<std::string, std::string> bodies;
  for (const auto& object : fetched) {
    ASSERT_FALSE(object.error) << *object.error;
    EXPECT_GE(object.body.capacity() - object.body.size(), source::kBodyPadding);
    EXPECT_TRUE(bodies.emplace(object.ref->uri, object.body).second) << "delivered twice: " << object.ref->uri;
  }
  for (int i = 0; i < kPagedObjects; ++i) EXPECT_EQ(bodies["s3://sparkify/" + song_key(i)], song_body(i));
}

TEST_F(S3SourceTest, MissingObjectIsDeliveredWithAnError) {
  S3Source source("s3://small", server_->aws_settings());
  const std::vector<ObjectRef> objects = {{"s3://small/gone.json", 10, ""}, {"s3://small/top.json", 7, ""}};
  auto fetched = fetch_all(source, objects);
  ASSERT_EQ(fetched.size(), 2u);
  std::sort(fetched.begin(), fetched.end(), [](const auto& a, const auto& b) { return a.ref->uri < b.ref->uri; });
  ASSERT_TRUE(fetched[0].error);
  EXPECT_NE(fetched[0].error->find("s3://small/gone.json"), std::string::npos) << *fetched[0].error;
  EXPECT_TRUE(fetched[0].body.empty());
  EXPECT_FALSE(fetched[1].error);
}

TEST_F(S3SourceTest, ListsGzipAndNamesHiddenAndNonJsonKeys) {
  S3Source source("s3://inputs/log_data", server_->aws_settings());
  const auto listing = source.list_objects();
  std::vector<std::string> objects;
  for (const auto& object : listing.objects) objects.push_back(object.uri);
  EXPECT_EQ(objects, (std::vector<std::string>{"s3://inputs/log_data/a.json", "s3://inputs/log_data/b.json.gz",
                                               "s3://inputs/log_data/c.json.gz"}));
  std::vector<std::pair<std::string, source::SkipReason>> skipped;
  for (const auto& entry : listing.skipped) skipped.emplace_back(entry.uri, entry.reason);
  EXPECT_EQ(skipped, (std::vector<std::pair<std::string, source::SkipReason>>{
                         {"s3://inputs/log_data/.ipynb_checkpoints/a-checkpoint.json", source::SkipReason::hidden},
                         {"s3://inputs/log_data/README.md", source::SkipReason::not_json},
                         {"s3://inputs/log_data/_temporary/0/part.json", source::SkipReason::hidden},
                     }));
}

TEST_F(S3SourceTest, GzipIsDeliveredDecompressedAndCorruptGzipIsAnErrorNamingWhy) {
  S3Source source("s3://inputs/log_data", server_->aws_settings());
  const auto listing = source.list_objects();
  std::map<std::string, std::string> bodies;
  for (auto& object : fetch_all(source, listing.objects)) {
    bodies[object.ref->uri] = object.error ? "error: " + *object.error : object.body;
  }
  EXPECT_EQ(bodies.at("s3://inputs/log_data/b.json.gz"), "{\"b\":2}\n");
  EXPECT_EQ(bodies.at("s3://inputs/log_data/a.json"), "{\"a\":1}");
  EXPECT_NE(bodies.at("s3://inputs/log_data/c.json.gz").find("error: not a valid gzip file"), std::string::npos)
      << bodies.at("s3://inputs/log_data/c.json.gz");
}

TEST_F(S3SourceTest, MissingBucketIsASourceErrorNamingIt) {
  S3Source source("s3://no-such-bucket/song_data", server_->aws_settings());
  const std::string message = error_of([&] { source.list_objects(); }, ErrorKind::source);
  EXPECT_NE(message.find("bucket not found (NoSuchBucket): s3://no-such-bucket/song_data/"), std::string::npos)
      << message;
}

TEST_F(S3SourceTest, UnknownAccessKeyIsAClearErrorWithoutTheSecret) {
  auto settings = server_->aws_settings();
  settings.access_key_id = "AKIDNOTKNOWN";
  settings.secret_access_key = "TopSecretValue/1234";
  S3Source source("s3://small", settings);
  const std::string message = error_of([&] { source.list_objects(); }, ErrorKind::source);
  EXPECT_NE(message.find("rejected the access key"), std::string::npos) << message;
  EXPECT_EQ(message.find("TopSecretValue"), std::string::npos) << message;
}

TEST_F(S3SourceTest, MissingCredentialsNameTheWaysToProvideThem) {
  auto settings = server_->aws_settings();
  settings.access_key_id.clear();
  settings.secret_access_key.clear();
  const std::string message = error_of([&] { S3Source("s3://small", settings); }, ErrorKind::aws);
  EXPECT_NE(message.find("AWS_ACCESS_KEY_ID"), std::string::npos) << message;
  EXPECT_NE(message.find("AWS_PROFILE"), std::string::npos) << message;
  EXPECT_NE(message.find("[AWS]"), std::string::npos) << message;
}

TEST_F(S3SourceTest, UnreachableEndpointIsASourceErrorNamingIt) {
  auto settings = server_->aws_settings();
  {
    S3Server doomed;  // a port that answered once and now refuses
    settings.endpoint_url = doomed.endpoint();
  }
  S3Source source("s3://small", settings);
  const std::string message = error_of([&] { source.list_objects(); }, ErrorKind::source);
  EXPECT_NE(message.find("cannot reach S3 at " + settings.endpoint_url), std::string::npos) << message;
}

TEST(S3SourceStoppedServer, ServerStoppedMidFetchIsAClearError) {
  S3Server server;
  server.create_bucket("stopped");
  for (int i = 0; i < 400; ++i) server.put_object("stopped", fmt::format("song_data/TR{:04d}.json", i), "{}");
  S3Source source("s3://stopped/song_data", server.aws_settings());
  const auto objects = source.list_objects().objects;
  ASSERT_EQ(objects.size(), 400u);
  std::size_t delivered = 0;
  try {
    source.fetch_objects(objects, [&](FetchedObject&&) {
      if (++delivered == 20) server.stop_process();
      return true;
    });
    FAIL() << "fetch_objects finished although the server was stopped";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::source);
    const std::string message = e.what();
    EXPECT_NE(message.find("cannot reach S3 at " + server.endpoint()), std::string::npos) << message;
    EXPECT_NE(message.find("s3://stopped/song_data/TR"), std::string::npos) << message;
  }
  EXPECT_LT(delivered, objects.size());
}

// A consumer that returns false stops the fetch: no object after it, and the
// transfers in flight end.
TEST(S3SourceStoppedByConsumer, FetchReturnsOnceTheConsumerSaysStop) {
  S3Server server;
  server.create_bucket("many");
  for (int i = 0; i < 400; ++i) server.put_object("many", fmt::format("song_data/TR{:04d}.json", i), "{}");
  S3Source source("s3://many/song_data", server.aws_settings());
  const auto objects = source.list_objects().objects;
  ASSERT_EQ(objects.size(), 400u);
  std::size_t delivered = 0;
  source.fetch_objects(objects, [&](FetchedObject&&) { return ++delivered < 20; });
  EXPECT_EQ(delivered, 20u);
}

}  // namespace
}  // namespace sparkify
