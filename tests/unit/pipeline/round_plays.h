// What the merge-round tests load and compare, on DuckDB
// (repeat_rounds_test.cpp) and on PostgreSQL (postgres_rounds_test.cpp).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "warehouse/warehouse.h"

namespace sparkify::pipeline::round_plays {

// One logged-in NextSong event of user 9 in session 5, as a log line: the
// item's own ts (a second apart) and so its own play key.
inline std::string play_line(int item, const char* level, const char* location) {
  return std::string(R"({"artist":"A","auth":"Logged In","firstName":"F","gender":"F","itemInSession":)") +
         std::to_string(item) + R"(,"lastName":"L","length":200.5,"level":")" + level + R"(","location":")" + location +
         R"(","method":"PUT","page":"NextSong","registration":1540919166796.0,"sessionId":5,)" +
         R"("song":"S","status":200,"ts":)" + std::to_string(1541105830000 + item * 1000) +
         R"(,"userAgent":"UA","userId":"9"})" + "\n";
}

// The warehouse's songplays rows (as text, in key order), then its time rows
// (in start_time order).
inline std::vector<std::vector<std::optional<std::string>>> songplays_and_time(warehouse::Warehouse& db) {
  auto rows = db.query(R"(SELECT CAST(songplay_id AS VARCHAR), CAST(start_time AS VARCHAR), user_id, level,
                                 session_id, location, user_agent, song, artist, length
                          FROM songplays ORDER BY songplay_id)")
                  .rows;
  for (auto& row : db.query("SELECT * FROM time ORDER BY start_time").rows) rows.push_back(std::move(row));
  return rows;
}

}  // namespace sparkify::pipeline::round_plays
