// The staging fields, described once: for each member of parse::EventRow and
// parse::SongRow, in staging column order, its column name, its JSON key, how
// the key must appear, how the value is read, and the longest text it holds.
// Everything that lists staging fields derives from these two tables: the
// staging DDL and COPY column lists (sql/schema.cpp), the JSONPaths file of the
// Redshift COPY (sql/redshift_dialect.cpp), the parser's keys and reads
// (parse/parsers.cpp), the DuckDB appender and the PostgreSQL COPY encoder
// (warehouse/), and the key order of the generated log lines
// (generate/event_line.cpp). Adding a field is one line here plus one member in
// rows.h (and one value in the generator, which fails to compile without it).
//
// Why a tuple of descriptors with pointers to members rather than an X-macro:
// the member pointer ties each entry to a real member, so a misspelt member
// does not compile; the column's type is read from the member's C++ type, so it
// cannot disagree with the row; the entries are ordinary constexpr values that
// clang-format, debuggers and IDEs understand; and the loops over them are
// fold expressions that the compiler unrolls, so a row is written with no
// per-field dispatch at run time (as fast as the hand-written lists were).
//
// Constant data and pure functions: safe from any thread.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "parse/rows.h"

namespace sparkify::parse {

// The value type of a staging column, read from the member's C++ type.
enum class FieldType { text, int32, int64, float64 };

// How a field's JSON key must appear in a record.
enum class Presence {
  optional,      // missing or null: NULL
  required,      // missing or null rejects the record; the column is NOT NULL
  key_required,  // a missing key rejects the record; null is NULL (userId)
  loader,        // not in the JSON: set by the parser (source_file, source_line); NOT NULL
};

// How a JSON value is read beyond its type.
enum class Decode {
  plain,     // a string, an integer or a number, by FieldType
  epoch_ms,  // an integer of epoch milliseconds in [kMinTimeMs, kMaxTimeMs] (parsers.h)
  user_id,   // "digits", "" (NULL), an integer or null
};

namespace detail {
template <typename Member>
constexpr FieldType field_type_of() {
  if constexpr (std::is_same_v<Member, Text> || std::is_same_v<Member, std::string_view>) {
    return FieldType::text;
  } else if constexpr (std::is_same_v<Member, std::int32_t> || std::is_same_v<Member, std::optional<std::int32_t>>) {
    return FieldType::int32;
  } else if constexpr (std::is_same_v<Member, std::int64_t> || std::is_same_v<Member, std::optional<std::int64_t>>) {
    return FieldType::int64;
  } else if constexpr (std::is_same_v<Member, std::optional<double>>) {
    return FieldType::float64;
  } else {
    static_assert(sizeof(Member) == 0, "a staging field must be text, int32, int64 or double");
  }
}
}  // namespace detail

// One staging field. `width` is the longest text, in bytes, the column must
// hold (Redshift's VARCHAR(n)); 0 for numbers.
template <typename Row, typename Member>
struct Field {
  using RowType = Row;
  using MemberType = Member;
  static constexpr FieldType type = detail::field_type_of<Member>();

  std::string_view column;
  std::string_view json_key;  // "" for Presence::loader
  Member Row::*member;
  Presence presence;
  int width = 0;
  Decode decode = Decode::plain;

  constexpr bool in_json() const { return presence != Presence::loader; }
  // NOT NULL in the staging DDL.
  constexpr bool not_null() const { return presence == Presence::required || presence == Presence::loader; }
};

template <typename Row, typename Member>
Field(std::string_view, std::string_view, Member Row::*, Presence, int = 0, Decode = Decode::plain)
    -> Field<Row, Member>;

// clang-format off
inline constexpr std::tuple kEventFields{
    Field{"artist",          "artist",        &EventRow::artist,          Presence::optional, 512},
    Field{"auth",            "auth",          &EventRow::auth,            Presence::optional, 32},
    Field{"first_name",      "firstName",     &EventRow::first_name,      Presence::optional, 256},
    Field{"gender",          "gender",        &EventRow::gender,          Presence::optional, 16},
    Field{"item_in_session", "itemInSession", &EventRow::item_in_session, Presence::required},
    Field{"last_name",       "lastName",      &EventRow::last_name,       Presence::optional, 256},
    Field{"length",          "length",        &EventRow::length,          Presence::optional},
    Field{"level",           "level",         &EventRow::level,           Presence::optional, 16},
    Field{"location",        "location",      &EventRow::location,        Presence::optional, 512},
    Field{"method",          "method",        &EventRow::method,          Presence::optional, 16},
    Field{"page",            "page",          &EventRow::page,            Presence::required, 64},
    Field{"registration",    "registration",  &EventRow::registration,    Presence::optional, 0, Decode::epoch_ms},
    Field{"session_id",      "sessionId",     &EventRow::session_id,      Presence::required},
    Field{"song",            "song",          &EventRow::song,            Presence::optional, 512},
    Field{"status",          "status",        &EventRow::status,          Presence::optional},
    Field{"ts",              "ts",            &EventRow::ts,              Presence::required, 0, Decode::epoch_ms},
    Field{"user_agent",      "userAgent",     &EventRow::user_agent,      Presence::optional, 1024},
    Field{"user_id",         "userId",        &EventRow::user_id,         Presence::key_required, 0, Decode::user_id},
    Field{"source_file",     "",              &EventRow::source_file,     Presence::loader, 1024},
    Field{"source_line",     "",              &EventRow::source_line,     Presence::loader},
};

inline constexpr std::tuple kSongFields{
    Field{"num_songs",        "num_songs",        &SongRow::num_songs,        Presence::optional},
    Field{"artist_id",        "artist_id",        &SongRow::artist_id,        Presence::required, 64},
    Field{"artist_latitude",  "artist_latitude",  &SongRow::artist_latitude,  Presence::optional},
    Field{"artist_longitude", "artist_longitude", &SongRow::artist_longitude, Presence::optional},
    Field{"artist_location",  "artist_location",  &SongRow::artist_location,  Presence::optional, 512},
    Field{"artist_name",      "artist_name",      &SongRow::artist_name,      Presence::required, 512},
    Field{"song_id",          "song_id",          &SongRow::song_id,          Presence::required, 64},
    Field{"title",            "title",            &SongRow::title,            Presence::required, 512},
    Field{"duration",         "duration",         &SongRow::duration,         Presence::optional},
    Field{"year",             "year",             &SongRow::year,             Presence::optional},
    Field{"source_file",      "",                 &SongRow::source_file,      Presence::loader, 1024},
};
// clang-format on

template <typename Fields>
inline constexpr std::size_t kFieldCount = std::tuple_size_v<std::remove_cvref_t<Fields>>;

// Calls fn(field) for each field, in order.
template <typename Fields, typename Fn>
constexpr void for_each_field(const Fields& fields, Fn&& fn) {
  std::apply([&](const auto&... field) { (fn(field), ...); }, fields);
}

// Calls fn(std::integral_constant<std::size_t, I>{}) for each field index, in
// order: for code that needs the field as a constant expression
// (std::get<I>(fields)), such as `if constexpr` on its member.
template <typename Fields, typename Fn>
constexpr void for_each_field_index(const Fields&, Fn&& fn) {
  [&]<std::size_t... I>(std::index_sequence<I...>) { (fn(std::integral_constant<std::size_t, I>{}), ...); }
  (std::make_index_sequence<kFieldCount<Fields>>{});
}

// Calls fn(field) for the field at `index` and returns its result (a bool);
// true when no field has that index.
template <typename Fields, typename Fn>
bool visit_field(const Fields& fields, std::size_t index, Fn&& fn) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    bool result = true;
    (void)((index == I && ((result = fn(std::get<I>(fields))), true)) || ...);
    return result;
  }
  (std::make_index_sequence<kFieldCount<Fields>>{});
}

// Whether two member pointers name the same member (false across types).
template <typename A, typename B>
constexpr bool same_member(A a, B b) {
  if constexpr (std::is_same_v<A, B>) {
    return a == b;
  } else {
    return false;
  }
}

// Number of fields read from JSON. They come first, so a JSON key's index in
// json_keys() is its field's index.
template <typename Fields>
constexpr std::size_t json_field_count(const Fields& fields) {
  std::size_t count = 0;
  for_each_field(fields, [&](const auto& field) { count += field.in_json() ? 1 : 0; });
  return count;
}

// The JSON keys, in field order.
template <auto& Fields>
constexpr auto json_keys() {
  std::array<std::string_view, json_field_count(Fields)> keys{};
  std::size_t i = 0;
  for_each_field(Fields, [&](const auto& field) {
    if (field.in_json()) keys[i++] = field.json_key;
  });
  return keys;
}

// Writes row's values, in column order, to a column writer with text(),
// int32(), int64() and float64() setters taking std::optional values, then
// calls w.end_row() (which checks the count).
template <typename Fields, typename Writer, typename Row>
void write_row(const Fields& fields, Writer& w, const Row& row) {
  for_each_field(fields, [&](const auto& field) {
    using F = std::remove_cvref_t<decltype(field)>;
    if constexpr (F::type == FieldType::text) {
      w.text(row.*field.member);
    } else if constexpr (F::type == FieldType::int32) {
      w.int32(row.*field.member);
    } else if constexpr (F::type == FieldType::int64) {
      w.int64(row.*field.member);
    } else {
      w.float64(row.*field.member);
    }
  });
  w.end_row();
}

namespace detail {
// The table's rules: JSON fields first, one bit per field fits a uint32, a
// width on every text column and only there, a JSON key exactly on JSON fields.
template <typename Fields>
constexpr bool well_formed(const Fields& fields) {
  bool ok = kFieldCount<Fields> <= 32;
  bool loader_seen = false;
  for_each_field(fields, [&](const auto& field) {
    using F = std::remove_cvref_t<decltype(field)>;
    if (!field.in_json()) loader_seen = true;
    ok = ok && !(loader_seen && field.in_json());
    ok = ok && ((F::type == FieldType::text) == (field.width > 0));
    ok = ok && (field.in_json() == !field.json_key.empty());
  });
  return ok;
}
static_assert(well_formed(kEventFields));
static_assert(well_formed(kSongFields));
}  // namespace detail

}  // namespace sparkify::parse
