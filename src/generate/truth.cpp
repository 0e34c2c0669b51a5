#include "generate/truth.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

namespace sparkify::generate {
namespace {

constexpr std::size_t kAmbiguousSamples = 160;
constexpr std::size_t kPlainSamples = 20;

}  // namespace

TruthTally::TruthTally(const Catalog& catalog, std::size_t user_count) : catalog_(catalog), latest_(user_count) {}

void TruthTally::count_event(const Event& event, std::size_t user_index) {
  ++staging_events_;
  if (!event.has_user_id()) return;
  LatestEvent& latest = latest_[user_index];
  const auto key = std::tuple(event.ts, event.session_id, event.item_in_session);
  if (!latest.seen || key > std::tuple(latest.ts, latest.session_id, latest.item_in_session)) {
    latest = LatestEvent{true, event.ts, event.session_id, event.item_in_session, event.paid};
  }
  if (event.page == "NextSong") count_songplay(event);
}

void TruthTally::count_songplay(const Event& event) {
  ++songplays_;
  day_songplay_ts_.push_back(event.ts);
  const Resolution resolution = catalog_.resolve(*event.song, *event.artist, *event.length);
  if (resolution.song) ++matched_;

  auto& samples = resolution.candidates > 1 ? ambiguous_samples_
                  : resolution.song         ? matched_samples_
                                            : unmatched_samples_;
  const std::size_t cap = resolution.candidates > 1 ? kAmbiguousSamples : kPlainSamples;
  if (samples.size() >= cap) return;
  Sample sample{event.user->id, event.session_id, event.item_in_session, event.ts, std::nullopt};
  if (resolution.song) sample.song_id = catalog_.songs()[*resolution.song].song_id;
  samples.push_back(std::move(sample));
}

void TruthTally::finish_day() {
  std::sort(day_songplay_ts_.begin(), day_songplay_ts_.end());
  time_ += std::unique(day_songplay_ts_.begin(), day_songplay_ts_.end()) - day_songplay_ts_.begin();
  day_songplay_ts_.clear();
}

std::string TruthTally::to_json(const GenerateOptions& options, const std::vector<User>& users) const {
  std::int64_t user_count = 0;
  nlohmann::json levels = nlohmann::json::object();
  for (std::size_t i = 0; i < latest_.size(); ++i) {
    if (!latest_[i].seen) continue;
    ++user_count;
    levels[users[i].id_text] = latest_[i].paid ? "paid" : "free";
  }
  std::vector<bool> artist_used(catalog_.artists().size());
  for (const Song& song : catalog_.songs()) artist_used[song.artist] = true;
  const auto artist_count = std::count(artist_used.begin(), artist_used.end(), true);
  const auto song_count = static_cast<std::int64_t>(catalog_.songs().size());

  nlohmann::json matches = nlohmann::json::array();
  for (const auto* samples : {&ambiguous_samples_, &matched_samples_, &unmatched_samples_}) {
    for (const Sample& sample : *samples) {
      matches.push_back({{"user_id", sample.user_id},
                         {"session_id", sample.session_id},
                         {"item_in_session", sample.item_in_session},
                         {"ts", sample.ts},
                         {"song_id", sample.song_id ? nlohmann::json(*sample.song_id) : nlohmann::json()}});
    }
  }

  nlohmann::json truth = {{"seed", options.seed},
                          {"songs", options.songs},
                          {"events", options.events},
                          {"malformed", options.malformed},
                          {"days", options.days},
                          {"tables",
                           {{"staging_events", staging_events_},
                            {"staging_songs", song_count},
                            {"songplays", songplays_},
                            {"users", user_count},
                            {"songs", song_count},
                            {"artists", artist_count},
                            {"time", time_}}},
                          {"rejected", {{"events", options.malformed}, {"songs", 0}}},
                          {"records_read", {{"events", staging_events_ + options.malformed}, {"songs", song_count}}},
                          {"matched_songplays", matched_},
                          {"user_levels", std::move(levels)},
                          {"expected_matches", std::move(matches)}};
  return truth.dump(1) + "\n";
}

}  // namespace sparkify::generate
