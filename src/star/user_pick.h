// UserPicks: each user's best event of a run, by the users rule of
// docs/semantics.md: the largest (ts, session_id, item_in_session), then the
// smallest (level, first_name, last_name, gender), NULL before any value.
// One instance per thread; merge() combines them (the rule is a total order,
// so the result does not depend on how events were split among threads).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "star/rows.h"

namespace sparkify::star {

// The fields of one event that the users rule reads; views valid for the call.
struct UserEvent {
  std::int64_t user_id = 0;
  std::int64_t ts = 0;
  std::int64_t session_id = 0;
  std::int32_t item_in_session = 0;
  Text first_name, last_name, gender, level;
};

// Whether `a` is a better source for the users row than `b` (same user).
bool better_user_event(const UserEvent& a, const UserRow& b);

class UserPicks {
 public:
  void offer(const UserEvent& event);
  void merge(UserPicks&& other);
  std::vector<UserRow> rows() const;
  std::size_t size() const { return best_.size(); }

 private:
  void offer_row(UserRow&& row);
  std::unordered_map<std::int64_t, UserRow> best_;
};

}  // namespace sparkify::star
