// Redshift statements; each gives the result of the PostgresDialect statement
// of the same purpose (same keys and tie-breaks), in SQL that Redshift accepts.
// start_time = TIMESTAMP 'epoch' + whole seconds + remaining milliseconds:
// integer arithmetic only, so milliseconds are exact on Redshift and PostgreSQL.
#include "sql/redshift_dialect.h"

#include <fmt/format.h>

#include <array>
#include <regex>
#include <utility>
#include <vector>

#include "parse/staging_fields.h"
#include "sql/schema.h"
#include "sql/tables.h"

namespace sparkify::sql {

namespace {

// COPY staging_events column list and the JSON key of each column, in order:
// the JSON fields of the parser's table (parse/staging_fields.h).
constexpr auto kEventFields = [] {
  std::array<std::pair<std::string_view, std::string_view>, parse::json_field_count(parse::kEventFields)> fields{};
  std::size_t i = 0;
  parse::for_each_field(parse::kEventFields, [&](const auto& field) {
    if (field.in_json()) fields[i++] = {field.column, field.json_key};
  });
  return fields;
}();

// Each table's physical design (see the header), appended after its columns.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kPhysicalDesign = {{
    {"staging_events", "\nDISTSTYLE EVEN"},
    {"staging_songs", "\nDISTSTYLE EVEN"},
    {"songplays", "\nDISTKEY (start_time)\nSORTKEY (start_time)"},
    {"users", "\nDISTSTYLE ALL\nSORTKEY (user_id)"},
    {"songs", "\nDISTKEY (song_id)\nSORTKEY (song_id)"},
    {"artists", "\nDISTSTYLE ALL\nSORTKEY (artist_id)"},
    {"time", "\nDISTKEY (start_time)\nSORTKEY (start_time)"},
    {"etl_runs", "\nDISTSTYLE ALL"},
}};

std::string_view physical_design(std::string_view table) {
  for (const auto& [name, clauses] : kPhysicalDesign) {
    if (name == table) return clauses;
  }
  return {};
}

// A staging column as COPY loads it (see the header): user_id is text ("" is
// no BIGINT), registration a double (written as 1540919166796.0), and
// source_file/source_line nullable (COPY cannot fill them).
Column as_loaded_by_copy(Column column) {
  if (column.name == "user_id") {
    column.type = ColumnType::text;
    column.width = 32;
  } else if (column.name == "registration") {
    column.type = ColumnType::float64;
  } else if (column.name == "source_file" || column.name == "source_line") {
    column.role = ColumnRole::nullable;
  }
  return column;
}

}  // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

// The events COPY column list, and for a packed COPY the origin columns after it.
std::string event_columns(bool packed) {
  std::string out;
  for (const auto& [column, key] : kEventFields) {
    if (!out.empty()) out += ", ";
    out += column;
  }
  if (packed) {
    for (const auto key : packed_origin_keys(StagingTable::events)) out += fmt::format(", {}", key);
  }
  return out;
}

std::string jsonpaths_document(const std::vector<std::string>& keys) {
  std::string out = "{\n  \"jsonpaths\": [\n";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    out += fmt::format("    \"$.{}\"{}\n", keys[i], i + 1 < keys.size() ? "," : "");
  }
  return out + "  ]\n}\n";
}

std::vector<std::string> event_json_keys() {
  std::vector<std::string> keys;
  for (const auto& [column, key] : kEventFields) keys.emplace_back(key);
  return keys;
}

}  // namespace

std::vector<std::string_view> packed_origin_keys(StagingTable table) {
  const TableSchema& schema = table == StagingTable::events ? staging_events_schema() : staging_songs_schema();
  std::vector<std::string_view> out;
  for (const Column& column : schema.columns) {
    if (column.name == "source_file" || column.name == "source_line") out.push_back(column.name);
  }
  return out;
}

std::string redshift_type(const Column& column) {
  switch (column.type) {
    case ColumnType::text:
      return fmt::format("VARCHAR({})", column.width);
    case ColumnType::int32:
      return "INTEGER";
    case ColumnType::int64:
      return "BIGINT";
    case ColumnType::float64:
      return "DOUBLE PRECISION";
    case ColumnType::timestamp:
      return "TIMESTAMP";
    case ColumnType::uuid:
      return "CHAR(36)";
  }
  return "";
}

std::string events_jsonpaths_document() { return jsonpaths_document(event_json_keys()); }

std::string packed_events_jsonpaths_document() {
  auto keys = event_json_keys();
  for (const auto key : packed_origin_keys(StagingTable::events)) keys.emplace_back(key);
  return jsonpaths_document(keys);
}

std::string copy_manifest_document(const std::vector<std::string>& object_uris) {
  std::string out = "{\n  \"entries\": [\n";
  for (std::size_t i = 0; i < object_uris.size(); ++i) {
    out += fmt::format("    {{\"url\": \"{}\", \"mandatory\": true}}{}\n", json_escape(object_uris[i]),
                       i + 1 < object_uris.size() ? "," : "");
  }
  return out + "  ]\n}\n";
}

namespace {

// The last COPY of this session in SYS_LOAD_HISTORY (SYS views number queries
// apart from STL's, so pg_last_copy_id() cannot name it there).
constexpr std::string_view kSysLastCopy =
    "query_id = (SELECT max(query_id) FROM sys_load_history WHERE session_id = pg_backend_pid())";

}  // namespace

std::string last_copy_error_count(LoadErrorView view) {
  if (view == LoadErrorView::sys)
    return fmt::format("SELECT count(*) FROM sys_load_error_detail WHERE {}", kSysLastCopy);
  return "SELECT count(*) FROM stl_load_errors WHERE query = pg_last_copy_id()";
}

std::string last_copy_errors(LoadErrorView view) {
  if (view == LoadErrorView::sys) {
    return fmt::format(
        "SELECT TRIM(file_name), line_number, TRIM(column_name), TRIM(error_message), CAST(NULL AS VARCHAR) FROM "
        "sys_load_error_detail WHERE {} ORDER BY TRIM(file_name), line_number",
        kSysLastCopy);
  }
  return "SELECT TRIM(filename), line_number, TRIM(colname), TRIM(err_reason), TRIM(raw_line) FROM stl_load_errors "
         "WHERE query = pg_last_copy_id() ORDER BY TRIM(filename), line_number";
}

std::string last_copy_count() { return "SELECT pg_last_copy_count()"; }

std::string strip_physical_design(std::string_view sql) {
  static const std::regex kClauses(R"(\s+(((COMPOUND|INTERLEAVED)\s+)?SORTKEY|DISTKEY)\s*\([^)]*\))"
                                   R"(|\s+DISTSTYLE\s+(ALL|EVEN|KEY|AUTO)\b)"
                                   R"(|\s+ENCODE\s+\w+)",
                                   std::regex::icase | std::regex::ECMAScript);
  return std::regex_replace(std::string(sql), kClauses, "");
}

std::string RedshiftDialect::counted_key(std::string_view column) const {
  return fmt::format("CAST({} AS VARCHAR)", column);
}

std::string RedshiftDialect::string_literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'' || c == '\\') out += c;
  }
  return out + "'";
}

std::vector<Statement> RedshiftDialect::session_settings() const {
  return {
      {"set datestyle", "SET datestyle = 'ISO, MDY'"},
      {"set extra_float_digits", "SET extra_float_digits = 2"},
      {"set timezone", "SET timezone = 'UTC'"},
  };
}

std::vector<Statement> RedshiftDialect::drop_tables() const { return drop_all_tables(); }

std::vector<Statement> RedshiftDialect::create_tables() const {
  std::vector<Statement> out;
  for (const TableSchema& table : table_schemas()) {
    std::vector<Column> columns(table.columns.begin(), table.columns.end());
    if (is_staging(table)) {
      for (Column& column : columns) column = as_loaded_by_copy(column);
    }
    out.push_back({fmt::format("create {}", table.name),
                   create_table_text(table.name, columns, redshift_type, physical_design(table.name))});
  }
  return out;
}

std::vector<Statement> RedshiftDialect::clear_staging() const {
  return {{"clear staging_events", "DELETE FROM staging_events"}, {"clear staging_songs", "DELETE FROM staging_songs"}};
}

std::vector<CopyStatement> RedshiftDialect::copy_staging(const CopyParams& params) const {
  std::vector<CopyStatement> out;
  for (const CopySource& source : params.sources) {
    const bool events = source.table == StagingTable::events;
    const std::string table = events ? "staging_events" : "staging_songs";
    const std::string columns = events          ? event_columns(source.packed)
                                : source.packed ? column_list(staging_songs_schema().columns)
                                                : column_list(staging_songs_schema().columns, {"source_file"});
    const std::string format =
        events ? string_literal(source.packed ? params.packed_jsonpaths_uri : params.jsonpaths_uri) : "'auto'";
    out.push_back(
        {source.table,
         {fmt::format("copy {}{}",
                      source.packed ? "packed "
                      : source.gzip ? "gzip "
                                    : "",
                      table),
          fmt::format("COPY {} ({})\nFROM {}\nIAM_ROLE {}\nMANIFEST\nFORMAT AS JSON {}{}\nREGION {}\n"
                      "MAXERROR {}\nCOMPUPDATE OFF\nSTATUPDATE ON",
                      table, columns, string_literal(source.manifest_uri), string_literal(params.iam_role_arn), format,
                      source.gzip ? "\nGZIP" : "", string_literal(params.region), kCopyMaxError)}});
  }
  return out;
}

}  // namespace sparkify::sql
