// The pure parts of the Redshift server-side load: where local files are
// uploaded, and how a location becomes COPY's key prefix.
#include "pipeline/server_side_load.h"

#include <gtest/gtest.h>

namespace sparkify::pipeline {
namespace {

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

TEST(AsFolder, EndsWithOneSlash) {
  EXPECT_EQ(as_folder("s3://b/log_data"), "s3://b/log_data/");
  EXPECT_EQ(as_folder("s3://b/log_data//"), "s3://b/log_data/");
}

}  // namespace
}  // namespace sparkify::pipeline
