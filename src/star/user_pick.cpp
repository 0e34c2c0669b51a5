#include "star/user_pick.h"

#include <tuple>

namespace sparkify::star {
namespace {

// -1, 0, 1: NULL before any value, then byte order.
int compare_text(const Text& a, const std::optional<std::string>& b) {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  const int c = a->compare(*b);
  return (c > 0) - (c < 0);
}

UserEvent as_event(const UserRow& row) {
  return {row.user_id,          row.latest_ts,       row.latest_session_id, row.latest_item_in_session,
          view(row.first_name), view(row.last_name), view(row.gender),      view(row.level)};
}

}  // namespace

bool better_user_event(const UserEvent& a, const UserRow& b) {
  const auto a_when = std::tie(a.ts, a.session_id, a.item_in_session);
  const auto b_when = std::tie(b.latest_ts, b.latest_session_id, b.latest_item_in_session);
  if (a_when != b_when) return a_when > b_when;
  for (const int c : {compare_text(a.level, b.level), compare_text(a.first_name, b.first_name),
                      compare_text(a.last_name, b.last_name), compare_text(a.gender, b.gender)}) {
    if (c != 0) return c < 0;
  }
  return false;
}

void UserPicks::offer(const UserEvent& event) {
  auto [it, inserted] = best_.try_emplace(event.user_id);
  if (!inserted && !better_user_event(event, it->second)) return;
  UserRow& row = it->second;
  row.user_id = event.user_id;
  row.first_name = own(event.first_name);
  row.last_name = own(event.last_name);
  row.gender = own(event.gender);
  row.level = own(event.level);
  row.latest_ts = event.ts;
  row.latest_session_id = event.session_id;
  row.latest_item_in_session = event.item_in_session;
}

void UserPicks::offer_row(UserRow&& row) {
  auto [it, inserted] = best_.try_emplace(row.user_id);
  if (inserted || better_user_event(as_event(row), it->second)) it->second = std::move(row);
}

void UserPicks::merge(UserPicks&& other) {
  for (auto& [id, row] : other.best_) offer_row(std::move(row));
  other.best_.clear();
}

std::vector<UserRow> UserPicks::rows() const {
  std::vector<UserRow> out;
  out.reserve(best_.size());
  for (const auto& [id, row] : best_) out.push_back(row);
  return out;
}

}  // namespace sparkify::star
