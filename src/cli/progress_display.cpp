#include "cli/progress_display.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>

#include "cli/progress_text.h"
#include "cli/terminal.h"
#include "common/error.h"

namespace sparkify::cli {
namespace {

constexpr std::chrono::milliseconds kLiveRedraw{100};       // at most 10 redraws a second
constexpr std::chrono::milliseconds kFirstLineWithin{500};  // leaves room for start-up within the 1 s promised
constexpr const char* kClearToEnd = "\033[K";

std::chrono::milliseconds interval_from_environment() {
  const char* text = std::getenv("SPARKIFY_PROGRESS_INTERVAL");
  if (!text || !*text) return std::chrono::milliseconds(5000);
  double seconds = 0;
  const std::string_view view(text);
  const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), seconds);
  if (ec != std::errc() || end != view.data() + view.size() || !(seconds > 0) || seconds > 86400) {
    throw_error(ErrorKind::usage, "SPARKIFY_PROGRESS_INTERVAL is '{}': give a number of seconds above 0, like 5", view);
  }
  return std::chrono::milliseconds(std::max<long long>(1, static_cast<long long>(seconds * 1000)));
}

}  // namespace

ProgressSettings progress_settings(bool quiet) {
  if (quiet) return {ProgressStyle::off, std::chrono::milliseconds(5000)};
  const auto interval = interval_from_environment();
  return {is_terminal(STDERR_FILENO) ? ProgressStyle::live : ProgressStyle::timestamped, interval};
}

ProgressDisplay::ProgressDisplay(std::ostream& err, const progress::Board& board, ProgressSettings settings)
    : err_(err), board_(board), settings_(settings) {
  if (settings_.style != ProgressStyle::off) thread_ = std::thread([this] { run(); });
}

ProgressDisplay::~ProgressDisplay() { stop(); }

void ProgressDisplay::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  if (settings_.style == ProgressStyle::off) return;
  draw_locked(true);
  clear_live_locked();
  err_.flush();
}

// Samples the board every kLiveRedraw; live redraws each time, timestamped
// prints when its interval has passed (the first time within
// kFirstLineWithin), so a phase starting between two lines is not missed.
void ProgressDisplay::run() {
  next_stamp_ = std::chrono::steady_clock::now() + std::min(settings_.interval, kFirstLineWithin);
  auto next = std::chrono::steady_clock::now() + kLiveRedraw;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_until(lock, next, [&] { return stopping_; })) {
    draw_locked(false);
    err_.flush();
    next += kLiveRedraw;
  }
}

// Finalizes the phases that ended after being shown, then shows the running
// one (live: redrawn in place; timestamped: a line when one is due).
void ProgressDisplay::draw_locked(bool final) {
  const auto now = std::chrono::steady_clock::now();
  const bool live = settings_.style == ProgressStyle::live;
  for (; next_phase_ < board_.phase_count(); ++next_phase_, phase_shown_ = false) {
    const auto phase = board_.phase(next_phase_);
    if (!phase) break;
    if (!phase->finished) {
      if (final) break;
      if (live) {
        err_ << '\r' << phase_line(*phase, now) << kClearToEnd;
        live_line_ = true;
        phase_shown_ = true;
      } else if (now >= next_stamp_) {
        err_ << utc_stamp(std::chrono::system_clock::now()) << ' ' << phase_line(*phase, now) << '\n';
        next_stamp_ = now + settings_.interval;
        phase_shown_ = true;
      }
      return;
    }
    if (!phase_shown_) continue;  // ended between two draws: too short to show
    if (live) {
      err_ << '\r' << phase_line(*phase, now) << kClearToEnd << '\n';
      live_line_ = false;
    } else {
      err_ << utc_stamp(std::chrono::system_clock::now()) << ' ' << phase_line(*phase, now) << '\n';
    }
  }
}

void ProgressDisplay::clear_live_locked() {
  if (!live_line_) return;
  err_ << '\r' << kClearToEnd;
  live_line_ = false;
}

void ProgressDisplay::print_line(std::string_view line) {
  std::lock_guard lock(mutex_);
  clear_live_locked();
  err_ << line << '\n';
  err_.flush();
}

void ProgressDisplay::clear_status() {
  std::lock_guard lock(mutex_);
  clear_live_locked();
  err_.flush();
}

void ProgressDisplay::show_status(std::string_view text) {
  std::lock_guard lock(mutex_);
  if (settings_.style == ProgressStyle::live) {
    err_ << '\r' << text << kClearToEnd;
    live_line_ = true;
  } else if (settings_.style == ProgressStyle::timestamped) {
    err_ << utc_stamp(std::chrono::system_clock::now()) << ' ' << text << '\n';
  }
  err_.flush();
}

}  // namespace sparkify::cli
