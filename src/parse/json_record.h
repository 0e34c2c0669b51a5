// Private to parse/: the building blocks the parsers share. A record is one
// JSON object read with simdjson ondemand in a single pass over its fields;
// each known field's value is read once into a typed value by ValueReader,
// which on failure keeps the reject reason. Nothing here is thread-shared: the
// simdjson parser is per thread, a ValueReader belongs to one parse call.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "parse/batch.h"

namespace sparkify::parse::detail {

namespace ondemand = simdjson::ondemand;

// Bytes simdjson may read: [data, data + size) is the JSON text and the buffer
// stays readable up to data + capacity, with capacity >= size + padding.
struct PaddedText {
  const char* data = nullptr;
  std::size_t size = 0;
  std::size_t capacity = 0;

  std::string_view view() const { return std::string_view(data, size); }
};

// Makes `body` parseable in place: ensures SIMDJSON_PADDING spare bytes of
// capacity (reallocating, i.e. copying once, only when it lacks them) and zeroes
// them so that what simdjson reads past the end is defined.
void pad_in_place(std::string& body);

// The body as one padded text, past a UTF-8 byte order mark (EF BB BF) at
// its start: a BOM is not part of the first record.
PaddedText padded_view(const std::string& body);

// The calling thread's simdjson parser (one per thread, reused across calls).
ondemand::parser& thread_parser();

// True for JSON whitespace (space, tab, CR, LF).
inline bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Calls on_line(line_number, text) for each line of `body` that is not blank.
// Lines end at '\n'; the text excludes the '\n' and one trailing '\r'; the last
// line counts without a newline; line numbers are 1-based physical lines.
template <typename OnLine>
void for_each_line(const PaddedText& body, OnLine&& on_line) {
  const char* const end = body.data + body.size;
  const char* const buffer_end = body.data + body.capacity;
  const char* start = body.data;
  std::int64_t line_number = 0;
  while (start < end) {
    ++line_number;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end - start));
    const char* line_end = newline ? newline : end;
    const char* text_end = (line_end > start && line_end[-1] == '\r') ? line_end - 1 : line_end;
    const char* first = start;
    while (first < text_end && is_json_space(*first)) {
      ++first;
    }
    if (first < text_end) {
      on_line(line_number, PaddedText{start, static_cast<std::size_t>(text_end - start),
                                      static_cast<std::size_t>(buffer_end - start)});
    }
    start = line_end + 1;
  }
}

// True when `text` holds exactly one complete JSON value (and whitespace).
bool is_one_json_value(const PaddedText& text);

// Reads field values into typed values. Every read_* returns true on success;
// JSON null (checked to really be `null`) gives std::nullopt. On a value of the
// wrong type, or invalid JSON met while reading, it returns false and reason()
// says why, naming the field.
class ValueReader {
 public:
  explicit ValueReader(StringArena& arena) : arena_(arena) {}

  // A string. Without escapes it is a view into the JSON text (which must
  // outlive the view); with escapes it is decoded and stored in the arena.
  bool read_text(ondemand::value& value, std::string_view name, Text& out);
  // An integer: a JSON integer, or a number written with a zero fraction
  // (1540919166796.0), read exactly (never through a double).
  bool read_int64(ondemand::value& value, std::string_view name, std::optional<std::int64_t>& out);
  bool read_int32(ondemand::value& value, std::string_view name, std::optional<std::int32_t>& out);
  bool read_double(ondemand::value& value, std::string_view name, std::optional<double>& out);
  // A user id: a string of digits, "" (-> nullopt), null, or a JSON integer.
  bool read_user_id(ondemand::value& value, std::string_view name, std::optional<std::int64_t>& out);

  // Reads the value of a field sparkify does not use, entirely (nested values
  // too): simdjson ondemand checks only what is read, and invalid JSON anywhere
  // in a record rejects it. Fails with the field's name in reason().
  bool skip_unknown(ondemand::field& field);

  // Record-level failures; each sets reason() and returns false.
  bool fail_json(simdjson::error_code error);
  bool fail_not_object();
  bool fail_missing(std::string_view name);
  bool fail_null(std::string_view name);
  // An epoch-ms value outside [min_ms, max_ms].
  bool fail_time_range(std::string_view name, std::int64_t got, std::int64_t min_ms, std::int64_t max_ms);

  const std::string& reason() const { return reason_; }

 private:
  // The start every typed read shares: reads the value's JSON type; JSON null
  // (checked to really be `null`) resets `out` and succeeds; a type outside
  // `accepted` (a mask of json_type bits) fails with "expected <expected>";
  // any other type is handed to read_present(type), which reads into `out`.
  // Defined in json_record.cpp, the only place it is used.
  template <typename Out, typename ReadPresent>
  bool read_nullable(ondemand::value& value, std::string_view name, unsigned accepted, std::string_view expected,
                     Out& out, ReadPresent&& read_present);
  // A JSON number read exactly as an int64 (see read_int64).
  bool read_integer(ondemand::value& value, std::string_view name, std::optional<std::int64_t>& out);
  bool read_null(ondemand::value& value);
  // A string; one holding U+0000 fails (PostgreSQL and Redshift cannot store it).
  bool read_string(ondemand::value& value, std::string_view name, std::string_view& out);
  bool fail_type(std::string_view name, std::string_view expected, ondemand::json_type got);
  bool fail_nul(std::string_view name);
  bool fail_value(std::string_view name, std::string_view expected, std::string_view got);

  StringArena& arena_;
  std::string reason_;
};

// Index of the object key that starts at `key` (just after its opening quote)
// in `keys`, or -1 when it is not one of them; keys[hint] is tried first (in
// practice records list their fields in the same order, so the field after the
// previous match). `end` bounds the key. A key written with escapes never
// matches (none of ours need one); a name has no backslash, so a quote right
// after matching bytes is the key's closing quote.
inline int find_key(std::span<const std::string_view> keys, const char* key, const char* end, std::size_t hint) {
  const auto matches = [&](std::size_t i) {
    const std::size_t length = keys[i].size();
    return static_cast<std::size_t>(end - key) > length && key[length] == '"' &&
           std::memcmp(key, keys[i].data(), length) == 0;
  };
  if (hint < keys.size() && matches(hint)) {
    return static_cast<int>(hint);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (matches(i)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// Parses `text` as one JSON object and calls on_field(index, value) once for
// each field whose key is keys[index] (unknown keys are skipped, their values
// read through and checked to be valid JSON; a repeated key is read again). Returns false, with the reason
// in `reader`, when the text is not one valid JSON object or on_field returns
// false; on_field must leave its reason in `reader` before returning false.
template <typename OnField>
bool read_object(const PaddedText& text, std::span<const std::string_view> keys, ValueReader& reader,
                 OnField&& on_field) {
  ondemand::document document;
  if (auto error = thread_parser().iterate(text.data, text.size, text.capacity).get(document)) {
    return reader.fail_json(error);
  }
  ondemand::json_type type;
  if (auto error = document.type().get(type)) {
    return reader.fail_json(error);
  }
  if (type != ondemand::json_type::object) {
    return reader.fail_not_object();
  }
  ondemand::object object;
  if (auto error = document.get_object().get(object)) {
    return reader.fail_json(error);
  }
  const char* const end = text.data + text.size;
  std::size_t hint = 0;
  for (auto field_result : object) {
    ondemand::field field;
    if (auto error = std::move(field_result).get(field)) {
      return reader.fail_json(error);
    }
    const int index = find_key(keys, field.key().raw(), end, hint);
    if (index < 0) {
      if (!reader.skip_unknown(field)) {
        return false;
      }
      continue;
    }
    if (!on_field(index, field.value())) {
      return false;
    }
    hint = static_cast<std::size_t>(index) + 1;
  }
  // The document iterator still has a position only when tokens follow the object.
  if (document.current_location().error() == simdjson::SUCCESS) {
    return reader.fail_json(simdjson::TRAILING_CONTENT);
  }
  return true;
}

}  // namespace sparkify::parse::detail
