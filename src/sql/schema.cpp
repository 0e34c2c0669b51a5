// Text widths are the VARCHAR sizes of the Redshift tables (docs/redshift.md).
#include "sql/schema.h"

#include <algorithm>
#include <array>
#include <tuple>

#include "parse/staging_fields.h"

namespace sparkify::sql {

namespace {

constexpr auto kText = ColumnType::text;
constexpr auto kInt32 = ColumnType::int32;
constexpr auto kInt64 = ColumnType::int64;
constexpr auto kFloat64 = ColumnType::float64;
constexpr auto kTimestamp = ColumnType::timestamp;
constexpr auto kUuid = ColumnType::uuid;

constexpr auto kNullable = ColumnRole::nullable;
constexpr auto kNotNull = ColumnRole::not_null;
constexpr auto kKey = ColumnRole::primary_key;
constexpr auto kLoadKey = ColumnRole::load_key;

constexpr ColumnType column_type(parse::FieldType type) {
  switch (type) {
    case parse::FieldType::text:
      return kText;
    case parse::FieldType::int32:
      return kInt32;
    case parse::FieldType::int64:
      return kInt64;
    case parse::FieldType::float64:
      return kFloat64;
  }
  return kText;
}

// The staging columns: one per field of the parser's table, in its order.
template <auto& Fields>
constexpr auto staging_columns() {
  return std::apply(
      [](const auto&... field) {
        return std::array<Column, sizeof...(field)>{
            Column{field.column, column_type(field.type), field.not_null() ? kNotNull : kNullable, field.width}...};
      },
      Fields);
}

constexpr auto kStagingEvents = staging_columns<parse::kEventFields>();
constexpr auto kStagingSongs = staging_columns<parse::kSongFields>();

// One column per line, as in a CREATE TABLE.
// clang-format off
// songplays names the shape of every column: it is the table that grows
// with the events, and analysing each of its blocks for every encoding was a
// fifth of DuckDB's write cost (bench/README.md).
constexpr Column kSongplays[] = {
    {"songplay_id", kUuid, kLoadKey, 36, ValueShape::hashed},
    {"start_time", kTimestamp, kNotNull, 0, ValueShape::counting},
    {"user_id", kInt64, kNotNull, 0, ValueShape::counting},
    {"level", kText, kNullable, 16, ValueShape::repeated},
    {"song_id", kText, kNullable, 64, ValueShape::wording},
    {"artist_id", kText, kNullable, 64, ValueShape::wording},
    {"session_id", kInt64, kNotNull, 0, ValueShape::counting},
    {"location", kText, kNullable, 512, ValueShape::repeated},
    {"user_agent", kText, kNullable, 1024, ValueShape::repeated},
    {"song", kText, kNullable, 512, ValueShape::wording},
    {"artist", kText, kNullable, 512, ValueShape::wording},
    {"length", kFloat64, kNullable, 0, ValueShape::measure},
};

constexpr Column kUsers[] = {
    {"user_id", kInt64, kKey},
    {"first_name", kText, kNullable, 256},
    {"last_name", kText, kNullable, 256},
    {"gender", kText, kNullable, 16},
    {"level", kText, kNullable, 16},
    {"latest_ts", kInt64, kNotNull},
    {"latest_session_id", kInt64, kNotNull},
    {"latest_item_in_session", kInt32, kNotNull},
};

constexpr Column kSongs[] = {
    {"song_id", kText, kKey, 64},
    {"title", kText, kNotNull, 512},
    {"artist_id", kText, kNotNull, 64},
    {"year", kInt32, kNullable},
    {"duration", kFloat64, kNullable},
};

constexpr Column kArtists[] = {
    {"artist_id", kText, kKey, 64},
    {"name", kText, kNotNull, 512},
    {"location", kText, kNullable, 512},
    {"latitude", kFloat64, kNullable},
    {"longitude", kFloat64, kNullable},
};

constexpr Column kTime[] = {
    {"start_time", kTimestamp, kLoadKey},
    {"hour", kInt32, kNotNull},
    {"day", kInt32, kNotNull},
    {"week", kInt32, kNotNull},
    {"month", kInt32, kNotNull},
    {"year", kInt32, kNotNull},
    {"weekday", kInt32, kNotNull},
};

constexpr Column kEtlRuns[] = {
    {"run_id", kInt64, kNotNull},
    {"started_at", kTimestamp, kNotNull},
    {"finished_at", kTimestamp, kNotNull},
    {"seconds", kFloat64, kNotNull},
    {"outcome", kText, kNotNull, 16},
    {"source", kText, kNotNull, 4096},
    {"event_files_new", kInt64, kNotNull},
    {"event_files_unchanged", kInt64, kNotNull},
    {"song_files_new", kInt64, kNotNull},
    {"song_files_unchanged", kInt64, kNotNull},
    {"events_read", kInt64, kNotNull},
    {"events_loaded", kInt64, kNotNull},
    {"events_rejected", kInt64, kNotNull},
    {"songs_read", kInt64, kNotNull},
    {"songs_loaded", kInt64, kNotNull},
    {"songs_rejected", kInt64, kNotNull},
    {"songplays_added", kInt64, kNotNull},
    {"users_added", kInt64, kNotNull},
    {"songs_added", kInt64, kNotNull},
    {"artists_added", kInt64, kNotNull},
    {"time_added", kInt64, kNotNull},
    {"songplays_matched", kInt64, kNotNull},
    {"error", kText, kNullable, 4096},
};

// The load manifest: one row per source file loaded, written in the same
// transaction as its rows. A file whose (kind, uri, size, version) is here is
// not loaded again unless `etl --full`.
constexpr Column kEtlFiles[] = {
    {"kind", kText, kNotNull, 8},
    {"uri", kText, kNotNull, 4096},
    {"size", kInt64, kNotNull},
    {"version", kText, kNotNull, 128},
    {"run_id", kInt64, kNotNull},
    {"records", kInt64, kNotNull},
    {"rejected", kInt64, kNotNull},
};
// clang-format on

constexpr std::array<TableSchema, 9> kTables = {{
    {"staging_events", kStagingEvents},
    {"staging_songs", kStagingSongs},
    {"songplays", kSongplays},
    {"users", kUsers},
    {"songs", kSongs},
    {"artists", kArtists},
    {"time", kTime},
    {"etl_runs", kEtlRuns},
    {"etl_files", kEtlFiles},
}};

std::string_view role_clause(ColumnRole role, KeyDeclaration keys) {
  switch (role) {
    case ColumnRole::nullable:
      return "";
    case ColumnRole::not_null:
    case ColumnRole::load_key:
      return " NOT NULL";
    case ColumnRole::primary_key:
      return keys == KeyDeclaration::dimensions ? " PRIMARY KEY" : " NOT NULL";
  }
  return "";
}

}  // namespace

std::span<const TableSchema> table_schemas() { return kTables; }

const TableSchema& staging_events_schema() { return kTables[0]; }

const TableSchema& staging_songs_schema() { return kTables[1]; }

bool is_staging(const TableSchema& table) { return table.name == kTables[0].name || table.name == kTables[1].name; }

std::string_view primary_key(const TableSchema& table) {
  for (const Column& column : table.columns) {
    if (column.role == ColumnRole::primary_key || column.role == ColumnRole::load_key) return column.name;
  }
  return {};
}

std::string column_list(std::span<const Column> columns, std::initializer_list<std::string_view> except) {
  std::string out;
  for (const Column& column : columns) {
    if (std::find(except.begin(), except.end(), column.name) != except.end()) continue;
    if (!out.empty()) out += ", ";
    out += column.name;
  }
  return out;
}

std::string create_table_text(std::string_view table, std::span<const Column> columns, TypeNamer type_name,
                              std::string_view suffix, std::string_view kind, KeyDeclaration keys) {
  std::size_t name_width = 0;
  for (const Column& column : columns) name_width = std::max(name_width, column.name.size());
  std::string out = "CREATE ";
  out.append(kind).append(" ").append(table).append(" (\n");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& column = columns[i];
    out.append(4, ' ').append(column.name).append(name_width + 1 - column.name.size(), ' ');
    out.append(type_name(column)).append(role_clause(column.role, keys));
    out.append(i + 1 < columns.size() ? ",\n" : "\n");
  }
  return out.append(")").append(suffix);
}

std::vector<Statement> create_table_statements(TypeNamer type_name, KeyDeclaration keys,
                                               std::string_view staging_kind) {
  std::vector<Statement> out;
  for (const TableSchema& table : table_schemas()) {
    const std::string_view kind = is_staging(table) ? staging_kind : "TABLE";
    out.push_back(
        {"create " + std::string(table.name), create_table_text(table.name, table.columns, type_name, {}, kind, keys)});
  }
  return out;
}

}  // namespace sparkify::sql
