// Field contract of the parsers (for the README).
//
// Events (log_data): NDJSON, one object per line. Lines split on '\n'; a
// trailing '\r' is whitespace; blank lines are skipped and are not records;
// the last line counts without a newline; line numbers are 1-based physical.
//
//   JSON key        EventRow member    JSON type                      required
//   artist          artist             string | null                  no
//   auth            auth               string | null                  no
//   firstName       first_name         string | null                  no
//   gender          gender             string | null                  no
//   itemInSession   item_in_session    integer (int32)                yes
//   lastName        last_name          string | null                  no
//   length          length             number | null                  no
//   level           level              string | null                  no
//   location        location           string | null                  no
//   method          method             string | null                  no
//   page            page               string                         yes
//   registration    registration       integer (int64, ms) | null     no
//   sessionId       session_id         integer (int64)                yes
//   song            song               string | null                  no
//   status          status             integer (int32) | null         no
//   ts              ts                 integer (int64, ms)            yes
//   userAgent       user_agent         string | null                  no
//   userId          user_id            "digits" | "" | integer | null key required
//
// Songs (song_data): a file holding one JSON value (possibly pretty-printed)
// is one record at line 1, raw = the body. A file whose first non-blank line
// is a complete JSON value and that has more non-blank lines is NDJSON, read
// line by line like events. A file whose first line is not a complete value
// is one record (so a broken pretty-printed object is one reject, at line 1).
//
//   JSON key          SongRow member     JSON type                    required
//   num_songs         num_songs          integer (int32) | null       no
//   artist_id         artist_id          string                       yes
//   artist_latitude   artist_latitude    number | null                no
//   artist_longitude  artist_longitude   number | null                no
//   artist_location   artist_location    string | null ("" kept)      no
//   artist_name       artist_name        string                       yes
//   song_id           song_id            string                       yes
//   title             title              string                       yes
//   duration          duration           number | null                no
//   year              year               integer (int32) | null (0 kept) no
//
// Rules for both:
// - A missing optional field or JSON null is NULL (std::nullopt). A required
//   field that is missing or null rejects the record. Unknown keys are ignored.
// - Integers: a JSON integer, or a number with a zero fraction (1540919166796.0)
//   read exactly as int64; 1.5, 1e3 or out of range rejects the record.
// - ts and registration: epoch ms from kMinTimeMs to kMaxTimeMs (years 0001 to
//   9999 UTC, the range every engine's TIMESTAMP holds); outside, a reject.
// - A string holding U+0000 (written \u0000) rejects the record: PostgreSQL
//   and Redshift cannot store it. A UTF-8 BOM starting the body is skipped.
// - Unknown keys: ignored, but their values are read through, so invalid JSON
//   anywhere in a record (`"x": tru`, `"y": [}`) rejects it.
// - userId: "" and null are NULL (logged out); "123" and 123 are 123; any other
//   string ("abc", "12x") rejects the record.
// - Strings are kept exactly as decoded: no trimming; escapes (\", \u00e9,
//   surrogate pairs) decoded.
// - Reject reasons: `invalid JSON: <simdjson message>`, `not a JSON object`,
//   `missing required field "ts"`, `field "ts": required, got null`,
//   `field "ts": expected an integer, got string`,
//   `field "userId": expected a string of digits, got "abc"`.
//   The first problem met (in field order of the text) is the one reported.
// - Reject.raw is the line without its newline (or the whole song object).
#include "parse/parsers.h"

#include <array>
#include <cstring>

#include "parse/json_record.h"

namespace sparkify::parse {

namespace {

using detail::PaddedText;
using detail::ValueReader;

// Event keys; the enum indexes kEventKeys.
enum EventKey {
  kArtist,
  kAuth,
  kFirstName,
  kGender,
  kItemInSession,
  kLastName,
  kLength,
  kLevel,
  kLocation,
  kMethod,
  kPage,
  kRegistration,
  kSessionId,
  kSong,
  kStatus,
  kTs,
  kUserAgent,
  kUserId,
  kEventKeyCount
};
constexpr std::array<std::string_view, kEventKeyCount> kEventKeys = {
    "artist", "auth", "firstName",    "gender",    "itemInSession", "lastName", "length", "level",     "location",
    "method", "page", "registration", "sessionId", "song",          "status",   "ts",     "userAgent", "userId"};

enum SongKey {
  kNumSongs,
  kArtistId,
  kArtistLatitude,
  kArtistLongitude,
  kArtistLocation,
  kArtistName,
  kSongId,
  kTitle,
  kDuration,
  kYear,
  kSongKeyCount
};
constexpr std::array<std::string_view, kSongKeyCount> kSongKeys = {
    "num_songs",   "artist_id", "artist_latitude", "artist_longitude", "artist_location",
    "artist_name", "song_id",   "title",           "duration",         "year"};

// Checks a required key of a record: present (seen) and not null.
template <typename Value>
bool check_required(bool seen, const std::optional<Value>& value, std::string_view name, ValueReader& reader) {
  if (!seen) {
    return reader.fail_missing(name);
  }
  return value.has_value() || reader.fail_null(name);
}

// True when `ms` is a time every engine can store (see kMinTimeMs).
bool in_time_range(std::int64_t ms, std::string_view name, ValueReader& reader) {
  return (ms >= kMinTimeMs && ms <= kMaxTimeMs) || reader.fail_time_range(name, ms, kMinTimeMs, kMaxTimeMs);
}

bool read_event(const PaddedText& text, ValueReader& reader, EventRow& row) {
  std::optional<std::int64_t> ts, session_id;
  std::optional<std::int32_t> item_in_session;
  std::uint32_t seen = 0;
  const bool ok = detail::read_object(text, kEventKeys, reader, [&](int key, detail::ondemand::value& value) {
    seen |= 1u << key;
    const std::string_view name = kEventKeys[key];
    switch (key) {
      case kArtist:
        return reader.read_text(value, name, row.artist);
      case kAuth:
        return reader.read_text(value, name, row.auth);
      case kFirstName:
        return reader.read_text(value, name, row.first_name);
      case kGender:
        return reader.read_text(value, name, row.gender);
      case kItemInSession:
        return reader.read_int32(value, name, item_in_session);
      case kLastName:
        return reader.read_text(value, name, row.last_name);
      case kLength:
        return reader.read_double(value, name, row.length);
      case kLevel:
        return reader.read_text(value, name, row.level);
      case kLocation:
        return reader.read_text(value, name, row.location);
      case kMethod:
        return reader.read_text(value, name, row.method);
      case kPage:
        return reader.read_text(value, name, row.page);
      case kRegistration:
        return reader.read_int64(value, name, row.registration);
      case kSessionId:
        return reader.read_int64(value, name, session_id);
      case kSong:
        return reader.read_text(value, name, row.song);
      case kStatus:
        return reader.read_int32(value, name, row.status);
      case kTs:
        return reader.read_int64(value, name, ts);
      case kUserAgent:
        return reader.read_text(value, name, row.user_agent);
      case kUserId:
        return reader.read_user_id(value, name, row.user_id);
    }
    return true;
  });
  const auto has = [&](EventKey key) { return (seen & (1u << key)) != 0; };
  if (!ok || !check_required(has(kTs), ts, "ts", reader) ||
      !check_required(has(kSessionId), session_id, "sessionId", reader) ||
      !check_required(has(kItemInSession), item_in_session, "itemInSession", reader) ||
      !check_required(has(kPage), row.page, "page", reader)) {
    return false;
  }
  if (!has(kUserId)) {
    return reader.fail_missing("userId");
  }
  if (!in_time_range(*ts, "ts", reader) ||
      (row.registration && !in_time_range(*row.registration, "registration", reader))) {
    return false;
  }
  row.ts = *ts;
  row.session_id = *session_id;
  row.item_in_session = *item_in_session;
  return true;
}

bool read_song(const PaddedText& text, ValueReader& reader, SongRow& row) {
  Text artist_id, artist_name, song_id, title;
  std::uint32_t seen = 0;
  const bool ok = detail::read_object(text, kSongKeys, reader, [&](int key, detail::ondemand::value& value) {
    seen |= 1u << key;
    const std::string_view name = kSongKeys[key];
    switch (key) {
      case kNumSongs:
        return reader.read_int32(value, name, row.num_songs);
      case kArtistId:
        return reader.read_text(value, name, artist_id);
      case kArtistLatitude:
        return reader.read_double(value, name, row.artist_latitude);
      case kArtistLongitude:
        return reader.read_double(value, name, row.artist_longitude);
      case kArtistLocation:
        return reader.read_text(value, name, row.artist_location);
      case kArtistName:
        return reader.read_text(value, name, artist_name);
      case kSongId:
        return reader.read_text(value, name, song_id);
      case kTitle:
        return reader.read_text(value, name, title);
      case kDuration:
        return reader.read_double(value, name, row.duration);
      case kYear:
        return reader.read_int32(value, name, row.year);
    }
    return true;
  });
  const auto has = [&](SongKey key) { return (seen & (1u << key)) != 0; };
  if (!ok || !check_required(has(kArtistId), artist_id, "artist_id", reader) ||
      !check_required(has(kArtistName), artist_name, "artist_name", reader) ||
      !check_required(has(kSongId), song_id, "song_id", reader) ||
      !check_required(has(kTitle), title, "title", reader)) {
    return false;
  }
  row.artist_id = *artist_id;
  row.artist_name = *artist_name;
  row.song_id = *song_id;
  row.title = *title;
  return true;
}

template <typename Row>
std::unique_ptr<Batch<Row>> new_batch(std::string file, std::string body) {
  auto batch = std::make_unique<Batch<Row>>();
  batch->file = std::move(file);
  batch->body = std::move(body);
  detail::pad_in_place(batch->body);
  return batch;
}

// Parses one record into a row (built in place at the end of batch.rows) or
// a reject.
template <typename Row, typename ReadRecord>
void add_record(Batch<Row>& batch, ValueReader& reader, const PaddedText& text, std::int64_t line, std::string_view raw,
                ReadRecord read_record) {
  Row& row = batch.rows.emplace_back();
  if (read_record(text, reader, row)) {
    row.source_file = batch.file;
    if constexpr (requires { row.source_line; }) {
      row.source_line = line;
    }
  } else {
    batch.rows.pop_back();
    batch.rejects.push_back(Reject{batch.file, line, reader.reason(), std::string(raw)});
  }
}

// Number of lines in `text` (an upper bound on its records).
std::size_t count_lines(std::string_view text) {
  std::size_t lines = 1;
  const char* const end = text.data() + text.size();
  for (const char* p = text.data(); p < end; ++p, ++lines) {
    p = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (p == nullptr) {
      break;
    }
  }
  return lines;
}

template <typename Row, typename ReadRecord>
void add_lines(Batch<Row>& batch, ValueReader& reader, const PaddedText& body, ReadRecord read_record) {
  detail::for_each_line(body, [&](std::int64_t line, const PaddedText& text) {
    add_record(batch, reader, text, line, text.view(), read_record);
  });
}

// The first non-blank line of `body` and whether another non-blank line follows.
struct FirstLine {
  std::optional<PaddedText> text;
  bool more = false;
};

FirstLine first_line(const PaddedText& body) {
  FirstLine first;
  detail::for_each_line(body, [&](std::int64_t, const PaddedText& text) {
    if (first.text) {
      first.more = true;
    } else {
      first.text = text;
    }
  });
  return first;
}

}  // namespace

std::unique_ptr<EventBatch> parse_events(std::string file, std::string body) {
  auto batch = new_batch<EventRow>(std::move(file), std::move(body));
  const PaddedText text = detail::padded_view(batch->body);
  batch->rows.reserve(count_lines(text.view()));
  ValueReader reader(batch->arena);
  add_lines(*batch, reader, text, read_event);
  batch->records_read = static_cast<std::int64_t>(batch->rows.size() + batch->rejects.size());
  return batch;
}

std::unique_ptr<SongBatch> parse_songs(std::string file, std::string body) {
  auto batch = new_batch<SongRow>(std::move(file), std::move(body));
  const PaddedText text = detail::padded_view(batch->body);
  ValueReader reader(batch->arena);
  const FirstLine first = first_line(text);
  if (first.text && first.more && detail::is_one_json_value(*first.text)) {
    add_lines(*batch, reader, text, read_song);
  } else if (first.text) {
    std::string_view raw = text.view();
    while (!raw.empty() && detail::is_json_space(raw.back())) {
      raw.remove_suffix(1);
    }
    add_record(*batch, reader, text, 1, raw, read_song);
  }
  batch->records_read = static_cast<std::int64_t>(batch->rows.size() + batch->rejects.size());
  return batch;
}

}  // namespace sparkify::parse
