// TruthTally: the results the ETL must produce for the generated data set,
// counted while the events are written (never by running the ETL), and written
// as truth.json:
//
//   {"seed", "songs", "events", "malformed", "days",
//    "tables": {"staging_events", "staging_songs", "songplays", "users",
//               "songs", "artists", "time"},
//    "rejected": {"events", "songs"}, "records_read": {"events", "songs"},
//    "matched_songplays", "user_levels": {"<userId>": "free"|"paid"},
//    "expected_matches": [{"user_id", "session_id", "item_in_session", "ts",
//                          "song_id": "SO..." | null}]}
//
// The ETL contract counted against:
//  - staging_events: valid event lines; staging_songs: song records.
//  - songplays: one per NextSong event with a userId (a line repeated
//    verbatim is one more staging row, the same songplay).
//  - users: distinct userIds over all events with a userId (any page).
//  - songs / artists: distinct song_id / artist_id.
//  - time: distinct ts (ms) among songplays; days are disjoint ts ranges, so
//    the count is summed day by day (memory: one day's songplay ts).
//  - user level: the level of the user's latest event by ts; ties go to the
//    larger sessionId, then the larger itemInSession.
//  - match: Catalog::resolve (title and artist name exact, closest duration,
//    then smallest song_id).
//  - expected_matches: every songplay with several candidate songs (up to 160),
//    then up to 20 plain matches and 20 songplays without a match.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "generate/catalog.h"
#include "generate/event_stream.h"
#include "generate/generator.h"

namespace sparkify::generate {

class TruthTally {
 public:
  TruthTally(const Catalog& catalog, std::size_t user_count);

  // A valid event line; `user_index` is event.user's index in EventStream::users().
  void count_event(const Event& event, std::size_t user_index);
  // A valid line written again verbatim: one more record, nothing else.
  void count_repeated_line() { ++staging_events_; }
  // Folds the day's songplay timestamps into the time count.
  void finish_day();

  std::string to_json(const GenerateOptions& options, const std::vector<User>& users) const;

 private:
  struct Sample {
    std::int64_t user_id;
    std::int64_t session_id;
    std::int32_t item_in_session;
    std::int64_t ts;
    std::optional<std::string> song_id;
  };
  struct LatestEvent {
    bool seen = false;
    std::int64_t ts = 0;
    std::int64_t session_id = 0;
    std::int32_t item_in_session = 0;
    bool paid = false;
  };

  void count_songplay(const Event& event);

  const Catalog& catalog_;
  std::int64_t staging_events_ = 0;
  std::int64_t songplays_ = 0;
  std::int64_t matched_ = 0;
  std::int64_t time_ = 0;
  std::vector<std::int64_t> day_songplay_ts_;
  std::vector<LatestEvent> latest_;
  std::vector<Sample> ambiguous_samples_;
  std::vector<Sample> matched_samples_;
  std::vector<Sample> unmatched_samples_;
};

}  // namespace sparkify::generate
