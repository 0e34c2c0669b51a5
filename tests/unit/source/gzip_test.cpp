// gunzip: whole gzip files (one or several members) decompress exactly;
// damaged or cut-short ones give a reason instead of data.
#include "source/gzip.h"

#include <gtest/gtest.h>

#include "harness/gzip_file.h"
#include "source/source.h"

namespace sparkify::source {
namespace {

// A gzip file of `data` (zlib's deflate with a gzip wrapper).
std::string gzip(const std::string& data) { return testing::gzip_file(data); }

std::string big_text() {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "{\"ts\":" + std::to_string(1541000000000 + i) + ",\"page\":\"NextSong\"}\n";
  return text;
}

TEST(Gunzip, RestoresTheOriginalBytesWithPadding) {
  const std::string text = big_text();
  std::string out;
  ASSERT_FALSE(gunzip(gzip(text), out, kBodyPadding));
  EXPECT_EQ(out, text);
  EXPECT_GE(out.capacity() - out.size(), kBodyPadding);
}

TEST(Gunzip, ConcatenatedMembersAreOneStream) {
  std::string out;
  ASSERT_FALSE(gunzip(gzip("{\"a\":1}\n") + gzip("{\"b\":2}\n"), out, 0));
  EXPECT_EQ(out, "{\"a\":1}\n{\"b\":2}\n");
}

TEST(Gunzip, EmptyContentDecompressesToEmpty) {
  std::string out = "stale";
  ASSERT_FALSE(gunzip(gzip(""), out, 0));
  EXPECT_EQ(out, "");
}

TEST(Gunzip, NotGzipIsAReason) {
  std::string out;
  const auto error = gunzip("{\"plain\":\"json\"}", out, 0);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("not a valid gzip file"), std::string::npos) << *error;
  EXPECT_TRUE(out.empty());
}

TEST(Gunzip, CutShortIsAReason) {
  const std::string whole = gzip(big_text());
  std::string out;
  const auto error = gunzip(whole.substr(0, whole.size() / 2), out, 0);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("not a complete gzip file"), std::string::npos) << *error;
  EXPECT_TRUE(out.empty());
}

TEST(Gunzip, CorruptDataIsAReason) {
  std::string damaged = gzip(big_text());
  for (std::size_t i = 20; i < 60; ++i) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
  std::string out;
  EXPECT_TRUE(gunzip(damaged, out, 0));
}

}  // namespace
}  // namespace sparkify::source
