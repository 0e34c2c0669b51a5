// Ownership and threading: where row views point and how long they live.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <thread>
#include <vector>

#include "parse/parsers.h"
#include "unit/parse/event_line.h"

namespace sparkify::parse {
namespace {

using testing::event_line;
using testing::event_with;
using testing::valid_event_fields;

bool points_into(std::string_view view, const std::string& buffer) {
  return view.data() >= buffer.data() && view.data() + view.size() <= buffer.data() + buffer.size();
}

TEST(BatchMemory, BodyWithoutPaddingIsCopied) {
  std::string body = event_line(valid_event_fields());
  body.shrink_to_fit();
  ASSERT_LT(body.capacity() - body.size(), simdjson::SIMDJSON_PADDING);
  const char* original = body.data();
  auto batch = parse_events("f", std::move(body));
  ASSERT_EQ(batch->rows.size(), 1u);
  EXPECT_NE(batch->body.data(), original);
  EXPECT_GE(batch->body.capacity() - batch->body.size(), simdjson::SIMDJSON_PADDING);
  EXPECT_TRUE(points_into(*batch->rows[0].page, batch->body));
}

TEST(BatchMemory, BodyWithPaddingIsParsedInPlace) {
  const std::string line = event_line(valid_event_fields());
  std::string body;
  body.reserve(line.size() + simdjson::SIMDJSON_PADDING);
  body = line;
  const char* original = body.data();
  auto batch = parse_events("f", std::move(body));
  ASSERT_EQ(batch->rows.size(), 1u);
  EXPECT_EQ(batch->body.data(), original);
  EXPECT_TRUE(points_into(*batch->rows[0].page, batch->body));
}

TEST(BatchMemory, EscapedStringsLiveInTheArena) {
  auto batch = parse_events("f", event_with("song", R"("A \"B\"")"));
  ASSERT_EQ(batch->rows.size(), 1u);
  EXPECT_EQ(batch->rows[0].song, "A \"B\"");
  EXPECT_FALSE(points_into(*batch->rows[0].song, batch->body));
}

TEST(BatchMemory, EscapedStringsSurviveLaterParsesOnTheSameThread) {
  auto first = parse_events("f", event_with("song", R"("Caf\u00e9")"));
  auto second = parse_events("g", event_with("song", R"("Zzzzzzzzz\u00e9")"));
  ASSERT_EQ(first->rows.size(), 1u);
  EXPECT_EQ(first->rows[0].song, "Caf\xC3\xA9");
}

TEST(BatchMemory, SourceFileViewsBatchFile) {
  auto batch = parse_events("s3://b/k.json", event_line(valid_event_fields()));
  ASSERT_EQ(batch->rows.size(), 1u);
  EXPECT_EQ(batch->rows[0].source_file.data(), batch->file.data());
}

TEST(BatchMemory, ViewsStayValidAfterBatchHandedToAnotherThread) {
  std::unique_ptr<EventBatch> batch;
  std::thread producer([&] { batch = parse_events("f", event_with("song", R"("Gr\u00fc\u00dfe \"x\"")")); });
  producer.join();  // the producer's thread_local parser is gone now
  std::string song;
  std::string page;
  std::thread consumer([&, owned = std::move(batch)] {
    song = std::string(*owned->rows.at(0).song);
    page = std::string(*owned->rows.at(0).page);
  });
  consumer.join();
  EXPECT_EQ(song,
            "Gr\xC3\xBC\xC3\x9F"
            "e \"x\"");
  EXPECT_EQ(page, "NextSong");
}

TEST(BatchMemory, ParsesConcurrentlyFromSeveralThreads) {
  constexpr int kThreads = 4;
  constexpr int kLines = 2000;
  std::vector<std::unique_ptr<EventBatch>> batches(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&batches, t] {
      std::string body;
      for (int i = 0; i < kLines; ++i) {
        body += event_with("ts", std::to_string(1541106106796LL + t * kLines + i)) + "\n";
        body += event_with("song", "\"t" + std::to_string(t) + "\\u00e9\"") + "\n";
      }
      batches[t] = parse_events("f" + std::to_string(t), std::move(body));
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(batches[t]->rows.size(), 2u * kLines);
    EXPECT_EQ(batches[t]->rows[2 * kLines - 2].ts, 1541106106796LL + t * kLines + kLines - 1);
    EXPECT_EQ(batches[t]->rows[1].song, "t" + std::to_string(t) + "\xC3\xA9");
  }
}

TEST(StringArena, StoredStringsKeepTheirAddresses) {
  StringArena arena;
  std::vector<std::pair<std::string, std::string_view>> stored;
  for (int i = 0; i < 5000; ++i) {
    // Mostly small strings, now and then one bigger than a quarter block.
    std::string text(i % 997 == 0 ? 40000 : 1 + i % 50, static_cast<char>('a' + i % 26));
    stored.emplace_back(text, arena.store(text));
  }
  for (const auto& [text, view] : stored) {
    ASSERT_EQ(view, text);
  }
}

TEST(StringArena, EmptyStringIsEmptyNotNull) {
  StringArena arena;
  const std::string_view view = arena.store("");
  EXPECT_TRUE(view.empty());
  EXPECT_NE(view.data(), nullptr);
}

}  // namespace
}  // namespace sparkify::parse
