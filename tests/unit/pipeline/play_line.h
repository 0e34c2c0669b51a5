// The tests' one log line of a play: a logged-in NextSong event of user 9 in
// session 5, whose ts follows its item (a second apart), so each item has its
// own play key and time key. The merge-round and played-songs tests vary only
// the fields of Play; the DuckDB star-build test, which builds parsed rows,
// takes its ts from play_ts.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace sparkify::test_plays {

// The epoch milliseconds of item `item`'s play: 2018-11-01T20:57:10Z plus
// `item` seconds (64-bit: items run past 2^31 / 1000).
inline std::int64_t play_ts(std::int64_t item) { return 1541105830000 + item * 1000; }

struct Play {
  int item = 0;                   // itemInSession, and the ts (play_ts)
  std::string level = "free";     // text, written in quotes
  std::string location = "Here";  // text, written in quotes
  std::string song = R"("S")";    // JSON values, written as given ("null" for none)
  std::string artist = R"("A")";
  std::string length = "200.5";
};

// The play as one line of a log file, newline included.
inline std::string line(const Play& play) {
  return fmt::format(R"({{"artist":{},"auth":"Logged In","firstName":"F","gender":"F","itemInSession":{},)"
                     R"("lastName":"L","length":{},"level":"{}","location":"{}","method":"PUT","page":"NextSong",)"
                     R"("registration":1540919166796.0,"sessionId":5,"song":{},"status":200,"ts":{},)"
                     R"("userAgent":"UA","userId":"9"}})"
                     "\n",
                     play.artist, play.item, play.length, play.level, play.location, play.song, play_ts(play.item));
}

}  // namespace sparkify::test_plays
