// Field contract of the parsers (for the README).
//
// Events (log_data): NDJSON, one object per line. Lines split on '\n'; a
// trailing '\r' is whitespace; blank lines are skipped and are not records;
// the last line counts without a newline; line numbers are 1-based physical.
//
// The fields (JSON key, member, type, whether required) are those of
// kEventFields in parse/staging_fields.h; JSON types: a text field is a string
// or null, int32/int64 an integer or null, float64 a number or null; a
// required field may not be null. userId is "digits" | "" | integer | null and
// its key is required.
//
// Songs (song_data): a file holding one JSON value (possibly pretty-printed)
// is one record at line 1, raw = the body. A file whose first non-blank line
// is a complete JSON value and that has more non-blank lines is NDJSON, read
// line by line like events. A file whose first line is not a complete value
// is one record (so a broken pretty-printed object is one reject, at line 1).
//
// The fields are those of kSongFields in parse/staging_fields.h. An empty
// artist_location is kept as "", a year of 0 as 0.
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
// - After the object is read, required keys are checked in field order, then
//   the ranges of ts and registration.
// - Reject reasons: `invalid JSON: <simdjson message>`, `not a JSON object`,
//   `missing required field "ts"`, `field "ts": required, got null`,
//   `field "ts": expected an integer, got string`,
//   `field "userId": expected a string of digits, got "abc"`.
//   The first problem met (in field order of the text) is the one reported.
// - Reject.raw is the line without its newline (or the whole song object).
#include "parse/parsers.h"

#include <cstring>
#include <optional>
#include <tuple>
#include <type_traits>

#include "parse/json_record.h"
#include "parse/staging_fields.h"

namespace sparkify::parse {

namespace {

using detail::PaddedText;
using detail::ValueReader;

// Reads one field's JSON value into row.*field.member (through a local
// optional for a member that cannot hold NULL); `present` says whether the
// value was not null.
template <typename F, typename Row>
bool read_field(const F& field, detail::ondemand::value& value, ValueReader& reader, Row& row, bool& present) {
  using Member = typename F::MemberType;
  const std::string_view name = field.json_key;
  const auto read = [&](auto& out) {
    if constexpr (F::type == FieldType::text) {
      return reader.read_text(value, name, out);
    } else if constexpr (F::type == FieldType::int32) {
      return reader.read_int32(value, name, out);
    } else if constexpr (F::type == FieldType::int64) {
      return field.decode == Decode::user_id ? reader.read_user_id(value, name, out)
                                             : reader.read_int64(value, name, out);
    } else {
      return reader.read_double(value, name, out);
    }
  };
  Member& target = row.*field.member;
  if constexpr (requires { target.has_value(); }) {
    if (!read(target)) return false;
    present = target.has_value();
  } else {
    std::optional<Member> got;
    if (!read(got)) return false;
    present = got.has_value();
    if (got) target = *got;
  }
  return true;
}

// True when `ms` is a time every engine can store (see kMinTimeMs).
bool in_time_range(std::int64_t ms, std::string_view name, ValueReader& reader) {
  return (ms >= kMinTimeMs && ms <= kMaxTimeMs) || reader.fail_time_range(name, ms, kMinTimeMs, kMaxTimeMs);
}

// Reads one record into `row` by the field table `Fields` (staging_fields.h).
// After the object is read: each required key present and not null, each
// key_required key present, then each epoch_ms value in range, in field order.
template <auto& Fields, typename Row>
bool read_record(const PaddedText& text, ValueReader& reader, Row& row) {
  static constexpr auto kKeys = json_keys<Fields>();
  std::uint32_t seen = 0;
  std::uint32_t present = 0;
  const bool ok = detail::read_object(text, kKeys, reader, [&](int key, detail::ondemand::value& value) {
    const std::uint32_t bit = 1u << key;
    seen |= bit;
    return visit_field(Fields, static_cast<std::size_t>(key), [&](const auto& field) {
      bool not_null = false;
      if (!read_field(field, value, reader, row, not_null)) return false;
      present = not_null ? present | bit : present & ~bit;
      return true;
    });
  });
  if (!ok) return false;
  bool valid = true;
  for_each_field_index(Fields, [&](auto index) {
    const auto& field = std::get<decltype(index)::value>(Fields);
    const std::uint32_t bit = 1u << decltype(index)::value;
    if (!valid || !field.in_json()) return;
    if ((field.presence == Presence::required || field.presence == Presence::key_required) && !(seen & bit)) {
      valid = reader.fail_missing(field.json_key);
    } else if (field.presence == Presence::required && !(present & bit)) {
      valid = reader.fail_null(field.json_key);
    }
  });
  for_each_field(Fields, [&](const auto& field) {
    if (!valid || field.decode != Decode::epoch_ms) return;
    if constexpr (std::remove_cvref_t<decltype(field)>::type == FieldType::int64) {
      const std::optional<std::int64_t> ms = row.*field.member;
      if (ms) valid = in_time_range(*ms, field.json_key, reader);
    }
  });
  return valid;
}

bool read_event(const PaddedText& text, ValueReader& reader, EventRow& row) {
  return read_record<kEventFields>(text, reader, row);
}

bool read_song(const PaddedText& text, ValueReader& reader, SongRow& row) {
  return read_record<kSongFields>(text, reader, row);
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

std::unique_ptr<EventBatch> parse_events(std::string file, std::string body, const EventSliceConsumer& each_slice) {
  auto batch = new_batch<EventRow>(std::move(file), std::move(body));
  const PaddedText text = detail::padded_view(batch->body);
  batch->rows.reserve(kEventSlice);
  ValueReader reader(batch->arena);
  std::size_t rows_read = 0;
  auto hand_over = [&] {
    rows_read += batch->rows.size();
    if (!batch->rows.empty()) each_slice(batch->rows);
    batch->rows.clear();
  };
  detail::for_each_line(text, [&](std::int64_t line, const PaddedText& line_text) {
    add_record(*batch, reader, line_text, line, line_text.view(), read_event);
    if (batch->rows.size() == kEventSlice) hand_over();
  });
  hand_over();
  batch->rows.shrink_to_fit();
  batch->records_read = static_cast<std::int64_t>(rows_read + batch->rejects.size());
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
