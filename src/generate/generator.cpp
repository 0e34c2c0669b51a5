#include "generate/generator.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/error.h"
#include "generate/catalog.h"
#include "generate/event_line.h"
#include "generate/event_stream.h"
#include "generate/output_file.h"
#include "generate/random.h"
#include "generate/truth.h"

namespace sparkify::generate {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMalformedStream = 3;
constexpr std::int64_t kMaxSongs = 10'000'000;
constexpr int kMaxDays = 3660;
constexpr std::size_t kFlushBytes = 1 << 20;

std::int64_t user_count_for(std::int64_t events) {
  return std::max<std::int64_t>(50, std::min<std::int64_t>(10'000, events / 100));
}

// How many of `total` items fall on `day` when spread evenly over `days`.
std::int64_t share_of(std::int64_t total, int days, int day) { return total / days + (day < total % days ? 1 : 0); }

struct LogDay {
  fs::path folder;   // log_data/YYYY/MM
  std::string file;  // YYYY-MM-DD-events.json
  std::int64_t start_ms;
};

LogDay log_day(int day) {
  using namespace std::chrono;
  const sys_days date = sys_days{year{2018} / November / 1} + days{day};
  const year_month_day ymd{date};
  const auto y = static_cast<int>(ymd.year());
  const auto m = static_cast<unsigned>(ymd.month());
  const auto d = static_cast<unsigned>(ymd.day());
  return {fs::path("log_data") / fmt::format("{:04}", y) / fmt::format("{:02}", m),
          fmt::format("{:04}-{:02}-{:02}-events.json", y, m, d),
          duration_cast<milliseconds>(date.time_since_epoch()).count()};
}

void prepare_output_folder(const fs::path& out) {
  for (const char* name : {"song_data", "log_data", "truth.json"}) {
    std::error_code error;
    const bool exists = fs::exists(out / name, error);
    if (error) {
      throw_error(ErrorKind::source, "cannot check {}: {}; check the --out path", (out / name).string(),
                  error.message());
    }
    if (exists) {
      throw_error(ErrorKind::usage, "{} already exists; choose a new --out folder or remove the old data set",
                  (out / name).string());
    }
  }
  make_directories(out);
}

std::int64_t write_song_files(const fs::path& out, const Catalog& catalog, progress::Board& board) {
  progress::PhaseScope phase(board, "songs", static_cast<std::int64_t>(catalog.songs().size()), "files");
  std::int64_t bytes = 0;
  std::unordered_set<std::string> folders;
  for (const Song& song : catalog.songs()) {
    const fs::path folder =
        out / "song_data" / song.track_id.substr(2, 1) / song.track_id.substr(3, 1) / song.track_id.substr(4, 1);
    if (folders.insert(song.track_id.substr(2, 3)).second) make_directories(folder);
    const std::int64_t written = write_whole_file(folder / (song.track_id + ".json"), catalog.song_file_text(song));
    bytes += written;
    phase.counters().add(1, 1, written);
  }
  return bytes;
}

// Writes one day's log file: the valid events, the day's malformed lines at
// random positions, an empty line in the middle on some days, and no trailing
// newline on every fourth day.
class DayWriter {
 public:
  DayWriter(const fs::path& out, EventStream& stream, TruthTally& truth, Random& random)
      : out_(out), stream_(stream), truth_(truth), random_(random) {
    buffer_.reserve(kFlushBytes + 4096);
  }

  std::int64_t write_day(int day, std::int64_t valid_count, std::int64_t malformed_count,
                         std::int64_t& malformed_written) {
    const LogDay log = log_day(day);
    make_directories(out_ / log.folder);
    OutputFile file(out_ / log.folder / log.file);
    std::vector<std::int64_t> malformed_at(static_cast<std::size_t>(malformed_count));
    for (auto& at : malformed_at)
      at = static_cast<std::int64_t>(random_.below(static_cast<std::uint64_t>(valid_count) + 1));
    std::sort(malformed_at.begin(), malformed_at.end());
    const std::int64_t empty_line_at = day % 6 == 1 && valid_count >= 2 ? valid_count / 2 : -1;

    buffer_.clear();
    lines_ = 0;
    template_line_.clear();
    stream_.start_day(log.start_ms, valid_count);
    std::size_t next_malformed = 0;
    Event event;
    for (std::int64_t i = 0; i <= valid_count; ++i) {
      for (; next_malformed < malformed_at.size() && malformed_at[next_malformed] == i; ++next_malformed) {
        begin_line();
        buffer_ += make_malformed_line(template_line(log.start_ms), static_cast<int>(malformed_written++));
      }
      if (i == empty_line_at) begin_line();
      if (i == valid_count || !stream_.next(event)) break;
      begin_line();
      const std::size_t line_start = buffer_.size();
      append_event_line(buffer_, event);
      template_line_.assign(buffer_, line_start);
      truth_.count_event(event, static_cast<std::size_t>(event.user - stream_.users().data()));
      if (repeats_line(event)) {
        // The quirk of a logger that wrote a line twice: one more record, the same play.
        begin_line();
        buffer_.append(template_line_);
        truth_.count_repeated_line();
      }
      if (buffer_.size() >= kFlushBytes) flush(file);
    }
    if (lines_ > 0 && day % 4 != 3) buffer_ += '\n';
    flush(file);
    file.close();
    truth_.finish_day();
    return file.bytes_written();
  }

 private:
  // Lines are separated rather than terminated, so a file can end without '\n'.
  void begin_line() {
    if (lines_++ > 0) buffer_ += '\n';
  }

  void flush(OutputFile& file) {
    file.write(buffer_);
    buffer_.clear();
  }

  // The line malformed variants are made from: the day's last valid line, or
  // a fixed logged-in NextSong event when none was written yet.
  const std::string& template_line(std::int64_t day_start_ms) {
    if (template_line_.empty()) {
      const User& user = stream_.users().front();
      Event event;
      event.user = &user;
      event.page = "NextSong";
      event.method = "PUT";
      event.session_id = 1;
      event.ts = day_start_ms + EventStream::kDayMs / 2;
      event.song = "Template";
      event.artist = "Template";
      event.length = 200.0;
      append_event_line(template_line_, event);
    }
    return template_line_;
  }

  // Every kRepeatEvery-th logged-in NextSong event is written twice, without
  // drawing from the random stream (so the rest of the data set is unchanged).
  bool repeats_line(const Event& event) {
    if (event.page != "NextSong" || !event.has_user_id()) return false;
    return ++plays_written_ % kRepeatEvery == kRepeatEvery / 2;
  }
  static constexpr std::int64_t kRepeatEvery = 997;
  std::int64_t plays_written_ = 0;

  const fs::path& out_;
  EventStream& stream_;
  TruthTally& truth_;
  Random& random_;
  std::string buffer_;
  std::string template_line_;
  std::int64_t lines_ = 0;
};

}  // namespace

void validate_options(const GenerateOptions& options) {
  if (options.out.empty()) throw_error(ErrorKind::usage, "generate needs an output folder: pass --out DIR");
  if (options.songs < 0 || options.songs > kMaxSongs) {
    throw_error(ErrorKind::usage, "--songs {} is out of range; use 0 to {}", options.songs, kMaxSongs);
  }
  if (options.events < 0) throw_error(ErrorKind::usage, "--events {} is negative; use 0 or more", options.events);
  if (options.malformed < 0) {
    throw_error(ErrorKind::usage, "--malformed {} is negative; use 0 or more", options.malformed);
  }
  if (options.days < 1 || options.days > kMaxDays) {
    throw_error(ErrorKind::usage, "--days {} is out of range; use 1 to {}", options.days, kMaxDays);
  }
}

GenerateSummary generate_dataset(const GenerateOptions& options) {
  validate_options(options);
  prepare_output_folder(options.out);
  GenerateSummary summary;

  const Catalog catalog(options.seed, options.songs);
  summary.bytes += write_song_files(options.out, catalog, *options.board);
  summary.song_files = options.songs;

  EventStream stream(catalog, options.seed, user_count_for(options.events));
  TruthTally truth(catalog, stream.users().size());
  Random malformed_random(options.seed, kMalformedStream);
  DayWriter writer(options.out, stream, truth, malformed_random);
  // Malformed line j goes to day j * days / malformed: spread over the files.
  std::int64_t malformed_assigned = 0;
  progress::PhaseScope phase(*options.board, "events", options.days, "lines");
  for (int day = 0; day < options.days; ++day) {
    std::int64_t malformed_today = 0;
    while (malformed_assigned + malformed_today < options.malformed &&
           (malformed_assigned + malformed_today) * options.days / options.malformed == day) {
      ++malformed_today;
    }
    const std::int64_t valid_today = share_of(options.events, options.days, day);
    const std::int64_t written = writer.write_day(day, valid_today, malformed_today, summary.malformed_lines);
    summary.bytes += written;
    phase.counters().add(1, valid_today + malformed_today, written);
    malformed_assigned += malformed_today;
    ++summary.event_files;
  }
  phase.finish();
  summary.event_lines = options.events;
  summary.bytes += write_whole_file(options.out / "truth.json", truth.to_json(options, stream.users()));
  return summary;
}

}  // namespace sparkify::generate
