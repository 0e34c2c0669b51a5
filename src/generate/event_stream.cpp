#include "generate/event_stream.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "generate/vocabulary.h"

namespace sparkify::generate {
namespace {

using namespace std::string_view_literals;

constexpr std::uint64_t kEventStream = 2;
constexpr std::int64_t kHourMs = 3'600'000;

struct PageKind {
  std::string_view page;
  std::string_view method;
  int status;
  int weight;
};

// Weights sum to 1000 (logged in) and 100 (logged out, guest).
constexpr std::array kLoggedInPages = {PageKind{"NextSong"sv, "PUT"sv, 200, 790},
                                       PageKind{"Home"sv, "GET"sv, 200, 40},
                                       PageKind{"Thumbs Up"sv, "PUT"sv, 307, 45},
                                       PageKind{"Add to Playlist"sv, "PUT"sv, 200, 25},
                                       PageKind{"Add Friend"sv, "PUT"sv, 307, 15},
                                       PageKind{"Roll Advert"sv, "GET"sv, 200, 20},
                                       PageKind{"Thumbs Down"sv, "PUT"sv, 307, 10},
                                       PageKind{"Settings"sv, "GET"sv, 200, 8},
                                       PageKind{"Save Settings"sv, "PUT"sv, 307, 4},
                                       PageKind{"Help"sv, "GET"sv, 200, 6},
                                       PageKind{"About"sv, "GET"sv, 200, 3},
                                       PageKind{"Upgrade"sv, "GET"sv, 200, 6},
                                       PageKind{"Submit Upgrade"sv, "PUT"sv, 307, 5},
                                       PageKind{"Downgrade"sv, "GET"sv, 200, 4},
                                       PageKind{"Submit Downgrade"sv, "PUT"sv, 307, 3},
                                       PageKind{"Error"sv, "GET"sv, 404, 2},
                                       PageKind{"Logout"sv, "PUT"sv, 307, 14}};

constexpr std::array kLoggedOutPages = {PageKind{"Home"sv, "GET"sv, 200, 45}, PageKind{"Login"sv, "PUT"sv, 307, 40},
                                        PageKind{"About"sv, "GET"sv, 200, 8}, PageKind{"Help"sv, "GET"sv, 200, 5},
                                        PageKind{"Error"sv, "GET"sv, 404, 2}};

constexpr std::array kGuestPages = {PageKind{"Home"sv, "GET"sv, 200, 40},
                                    PageKind{"Register"sv, "GET"sv, 200, 20},
                                    PageKind{"Submit Registration"sv, "PUT"sv, 307, 10},
                                    PageKind{"About"sv, "GET"sv, 200, 10},
                                    PageKind{"Help"sv, "GET"sv, 200, 10},
                                    PageKind{"NextSong"sv, "PUT"sv, 200, 10}};

template <std::size_t N>
const PageKind& pick_weighted(Random& random, const std::array<PageKind, N>& kinds, int total) {
  auto roll = static_cast<int>(random.below(static_cast<std::uint64_t>(total)));
  for (const auto& kind : kinds) {
    if (roll < kind.weight) return kind;
    roll -= kind.weight;
  }
  return kinds.front();
}

double seconds_from_units(std::int64_t units) { return static_cast<double>(units) / 100000.0; }

std::int64_t units_of(double seconds) { return std::llround(seconds * 100000.0); }

}  // namespace

EventStream::EventStream(const Catalog& catalog, std::uint64_t seed, std::int64_t user_count)
    : catalog_(catalog), random_(seed, kEventStream) {
  users_.reserve(static_cast<std::size_t>(user_count));
  for (std::int64_t i = 0; i < user_count; ++i) {
    User user;
    user.id = i + 2;
    user.id_text = std::to_string(user.id);
    user.first_name = random_.pick(vocabulary::first_names());
    user.last_name = random_.pick(vocabulary::last_names());
    user.gender = random_.chance(0.5) ? "F" : "M";
    user.location = random_.pick(vocabulary::user_locations());
    user.user_agent = random_.pick(vocabulary::user_agents());
    user.registration = random_.between(1'530'403'200'000, 1'541'030'399'999);  // 2018-07-01 .. 10-31
    user.paid = random_.chance(0.3);
    users_.push_back(std::move(user));
  }
  const auto& songs = catalog_.songs();
  for (std::uint32_t i = 0; i < songs.size(); ++i) {
    if (songs[i].title.ends_with(' ')) trailing_space_songs_.push_back(i);
  }
}

void EventStream::start_day(std::int64_t day_start_ms, std::int64_t event_count) {
  day_start_ = day_start_ms;
  day_remaining_ = event_count;
  sessions_today_ = 0;
  for (auto& hot : hot_ts_) hot = day_start_ + random_.between(0, 20 * kHourMs);
  session_.remaining = 0;
}

void EventStream::start_session() {
  const auto user_count = static_cast<std::uint64_t>(users_.size());
  Session session;
  session.user = static_cast<std::uint32_t>(
      random_.chance(0.3) ? random_.below(std::max<std::uint64_t>(1, user_count / 10)) : random_.below(user_count));
  // The first two sessions of a day start at the same millisecond, by different users.
  const bool opening = sessions_today_ < 2;
  if (sessions_today_ == 1 && session.user == last_user_) {
    session.user = static_cast<std::uint32_t>((session.user + 1) % user_count);
  }
  const bool reuse_id = sessions_started_ % 10 == 9 && sessions_started_ > 0 && session.user != last_user_;
  session.id = reuse_id ? last_session_id_ : sessions_started_ + 1;

  const double kind = random_.unit();
  session.auth = opening || kind >= 0.16 ? Auth::logged_in : kind < 0.04 ? Auth::guest : Auth::logged_out;
  const bool snapped = opening || random_.chance(0.02);
  session.ts = snapped ? hot_ts_[opening ? 0 : random_.below(3)] : day_start_ + random_.between(0, 20 * kHourMs);
  session.starts_with_song = snapped && session.auth == Auth::logged_in;
  session.remaining = random_.between(1, 30) + (random_.chance(0.2) ? random_.between(0, 60) : 0);
  session.remaining = std::min(session.remaining, day_remaining_);
  if (session.auth == Auth::logged_in && random_.chance(0.06)) users_[session.user].paid = !users_[session.user].paid;

  ++sessions_today_;
  ++sessions_started_;
  last_session_id_ = session.id;
  last_user_ = session.user;
  session_ = session;
}

bool EventStream::next(Event& event) {
  if (day_remaining_ == 0) return false;
  if (session_.remaining == 0) start_session();
  User& user = users_[session_.user];
  event = Event{};
  event.user = &user;
  event.auth = session_.auth;
  event.session_id = session_.id;
  event.item_in_session = session_.next_item++;
  event.ts = session_.ts;
  event.paid = user.paid;
  choose_page(event);

  if (event.page == "NextSong") choose_song(event);
  if (event.page == "Submit Upgrade" && !user.paid) user.paid = true;
  if (event.page == "Submit Downgrade" && user.paid) user.paid = false;
  if (event.page == "Logout") session_.auth = Auth::logged_out;
  if (event.page == "Login") session_.auth = Auth::logged_in;

  const std::int64_t step = event.length ? units_of(*event.length) / 100 : random_.between(2'000, 90'000);
  session_.ts = std::min(session_.ts + step, day_start_ + kDayMs - 1);
  --session_.remaining;
  --day_remaining_;
  return true;
}

void EventStream::choose_page(Event& event) {
  const PageKind* kind = nullptr;
  if (session_.starts_with_song && event.item_in_session == 0) {
    kind = &kLoggedInPages.front();
  } else if (event.auth == Auth::logged_in) {
    kind = &pick_weighted(random_, kLoggedInPages, 1000);
  } else if (event.auth == Auth::logged_out) {
    kind = &pick_weighted(random_, kLoggedOutPages, 100);
  } else {
    kind = &pick_weighted(random_, kGuestPages, 100);
  }
  event.page = kind->page;
  event.method = kind->method;
  event.status = kind->status;
}

// About a third exact matches (ambiguous songs favoured a little), some near
// misses, the rest songs the catalog does not have.
void EventStream::choose_song(Event& event) {
  const auto& songs = catalog_.songs();
  const auto& ambiguous = catalog_.ambiguous_songs();
  const double kind = random_.unit();
  std::int64_t length_units = random_.between(3'000'000, 60'000'000);
  if (!songs.empty() && kind < 0.34) {
    const bool tricky = !ambiguous.empty() && random_.chance(0.08);
    const Song& song = songs[tricky ? ambiguous[random_.below(ambiguous.size())] : random_.below(songs.size())];
    event.song = song.title;
    event.artist = catalog_.artist_name(song);
    length_units = std::max<std::int64_t>(100'000, units_of(song.duration) + random_.between(-30'000, 30'000));
  } else if (!songs.empty() && kind < 0.40) {
    const Song& song = songs[random_.below(songs.size())];
    event.song = song.title;
    event.artist = random_.chance(0.5)
                       ? random_.pick(vocabulary::outside_artists())
                       : std::string_view(catalog_.artists()[random_.below(catalog_.artists().size())].name);
  } else if (!trailing_space_songs_.empty() && kind < 0.46) {
    const Song& song = songs[trailing_space_songs_[random_.below(trailing_space_songs_.size())]];
    event.song = std::string_view(song.title).substr(0, song.title.size() - 1);
    event.artist = catalog_.artist_name(song);
  } else {
    scratch_title_.clear();
    const auto words = random_.between(1, 3);
    for (std::int64_t w = 0; w < words; ++w) {
      if (w > 0) scratch_title_ += ' ';
      scratch_title_ += random_.pick(vocabulary::title_words());
    }
    event.song = scratch_title_;
    event.artist = random_.pick(vocabulary::outside_artists());
  }
  event.length = seconds_from_units(length_units);
}

}  // namespace sparkify::generate
