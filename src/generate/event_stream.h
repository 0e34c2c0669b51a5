// EventStream: produces the events of one day at a time, session by session,
// in the order they are written to that day's log file (sessions one after
// another; ts increases within a session and stays inside the day).
//
// Guarantees the ETL relies on:
//  - itemInSession increases within a session; a sessionId belongs to one
//    session of one user (the same number may be reused by another user), so
//    (userId, sessionId, itemInSession, ts) is unique among logged-in events.
//  - Every event's ts lies in [day_start, day_start + 1 day).
// Quirks it produces: logged-out and guest events (userId "", user fields null),
// users switching free <-> paid, the first two sessions of every day (and ~2%
// of the others) starting at one shared millisecond with a NextSong, NextSong
// events that match a song exactly (about a third), near misses (same title,
// other artist; title without its trailing space) and songs not in song_data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generate/catalog.h"
#include "generate/random.h"

namespace sparkify::generate {

struct User {
  std::int64_t id = 0;
  std::string id_text;  // userId as written
  std::string_view first_name;
  std::string_view last_name;
  std::string_view gender;
  std::string_view location;
  std::string_view user_agent;
  std::int64_t registration = 0;  // epoch ms
  bool paid = false;              // current level; changes over time
};

enum class Auth { logged_in, logged_out, guest };

// One event line. Views stay valid until the next call to EventStream::next.
struct Event {
  const User* user = nullptr;  // who is behind the session, also when logged out
  Auth auth = Auth::logged_in;
  std::string_view page;
  std::string_view method;
  int status = 200;
  bool paid = false;
  std::int64_t session_id = 0;
  std::int32_t item_in_session = 0;
  std::int64_t ts = 0;  // epoch ms
  std::optional<std::string_view> song;
  std::optional<std::string_view> artist;
  std::optional<double> length;  // seconds

  bool has_user_id() const { return auth == Auth::logged_in; }
};

class EventStream {
 public:
  static constexpr std::int64_t kDayMs = 86'400'000;

  EventStream(const Catalog& catalog, std::uint64_t seed, std::int64_t user_count);

  // Starts a day whose events have ts in [day_start_ms, day_start_ms + kDayMs).
  void start_day(std::int64_t day_start_ms, std::int64_t event_count);
  // Fills `event` with the day's next event; false once `event_count` are out.
  bool next(Event& event);

  const std::vector<User>& users() const { return users_; }

 private:
  struct Session {
    std::uint32_t user = 0;
    std::int64_t id = 0;
    std::int32_t next_item = 0;
    std::int64_t ts = 0;
    std::int64_t remaining = 0;
    Auth auth = Auth::logged_in;
    bool starts_with_song = false;
  };

  void start_session();
  void choose_page(Event& event);
  void choose_song(Event& event);

  const Catalog& catalog_;
  Random random_;
  std::vector<User> users_;
  std::vector<std::uint32_t> trailing_space_songs_;
  std::int64_t day_start_ = 0;
  std::int64_t day_remaining_ = 0;
  std::int64_t sessions_today_ = 0;
  std::int64_t hot_ts_[3] = {};
  std::int64_t sessions_started_ = 0;
  std::int64_t last_session_id_ = 0;
  std::uint32_t last_user_ = 0;
  Session session_;
  std::string scratch_title_;
};

}  // namespace sparkify::generate
