// The columns of every table sparkify owns, described once: name, logical
// type and role, in table order. Each dialect renders its CREATE TABLE
// statements from these descriptions with its own type names and its own
// physical clauses; the COPY column lists of the staging tables come from
// them too; the staging columns come from parse/staging_fields.h. Everything
// here is constant data, safe to read from any thread.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sql/dialect.h"

namespace sparkify::sql {

// Engine-neutral column types; each dialect names them.
enum class ColumnType {
  text,  // a string (Column::width bounds it where an engine needs a bound)
  int32,
  int64,
  float64,
  timestamp,  // without time zone; sparkify stores UTC
  uuid,       // a 128-bit key, written 8-4-4-4-12 in lowercase hex (UUID where the engine has it)
};

// Whether a column may hold NULL, and whether it is the table's key.
//  - primary_key: the small dimensions' keys, declared PRIMARY KEY where the
//    engine's DDL declares keys (KeyDeclaration::dimensions).
//  - load_key: unique because the load makes it so (songplays, time: the fact
//    and its time key, millions of rows); declared NOT NULL only, because a
//    declared key costs DuckDB an in-memory index and PostgreSQL a per-row
//    check during bulk loads. Redshift, which never enforces keys, declares it
//    PRIMARY KEY for its planner. `sparkify check` proves the uniqueness.
enum class ColumnRole { nullable, not_null, primary_key, load_key };

// Which keys an engine's CREATE TABLE declares PRIMARY KEY; an undeclared key
// is rendered NOT NULL, its uniqueness the load's and `sparkify check`'s.
//  - dimensions: the primary_key columns (PostgreSQL: its merges find a
//    run's few changed rows through their indexes).
//  - none: DuckDB, whose declared key is an in-memory index (ART) that every
//    insert updates and every checkpoint writes.
enum class KeyDeclaration { dimensions, none };

// What a column's values look like, for engines that store each column with
// a chosen encoding: naming it spares the engine from trying every encoding
// on every block it writes (DuckDB: USING COMPRESSION, still falling back to
// no compression where the named one does not fit). `any`: the engine
// analyses the values itself.
enum class ValueShape {
  any,
  hashed,    // uniformly random bits (a hash key): no encoding helps
  counting,  // integers or times within a narrow range per block (ids, event times)
  repeated,  // few distinct strings (a level, a browser, a city)
  wording,   // many distinct strings (titles, names, catalogue ids)
  measure,   // decimal measurements (durations)
};

struct Column {
  std::string_view name;
  ColumnType type;
  ColumnRole role;
  // For text: the longest value, in bytes, the column must hold; engines with
  // sized strings (Redshift VARCHAR(n)) use it, the others ignore it. 0 otherwise.
  int width = 0;
  ValueShape shape = ValueShape::any;
};

struct TableSchema {
  std::string_view name;
  std::span<const Column> columns;  // in table order
};

// Every table, in creation order: staging_events, staging_songs, songplays,
// users, songs, artists, time, etl_runs, etl_files. The staging columns are
// derived from the parser's field tables (parse/staging_fields.h): names,
// order, types, NOT NULL and widths, so the loaders that write the same tables
// cannot disagree with the DDL.
std::span<const TableSchema> table_schemas();

const TableSchema& staging_events_schema();
const TableSchema& staging_songs_schema();

// Whether `table` is one of the two staging tables.
bool is_staging(const TableSchema& table);

// The key column of `table` (primary_key or load_key), or "" when it has none
// (staging, etl_runs, etl_files).
std::string_view primary_key(const TableSchema& table);

// "a, b, c": the names of `columns`, in order, without any named in `except`.
std::string column_list(std::span<const Column> columns, std::initializer_list<std::string_view> except = {});

// The engine's SQL type of one column, e.g. "VARCHAR" or "DOUBLE PRECISION".
using TypeNamer = std::string (*)(const Column& column);

// CREATE <kind> <table> (
//     <name> <type>[ NOT NULL| PRIMARY KEY],   (names padded to one width)
//     ...
// )<suffix>
// with each type from type_name and PRIMARY KEY as `keys` says; suffix
// (physical clauses, "" for none) is appended verbatim; kind is "TABLE" or a
// variant such as "UNLOGGED TABLE".
std::string create_table_text(std::string_view table, std::span<const Column> columns, TypeNamer type_name,
                              std::string_view suffix = {}, std::string_view kind = "TABLE",
                              KeyDeclaration keys = KeyDeclaration::dimensions);

// "create <table>" for every table of table_schemas(), in order, with no
// physical clauses: the create_tables() of engines that need nothing more.
// The staging tables are created as `staging_kind`, the others as TABLE.
std::vector<Statement> create_table_statements(TypeNamer type_name, KeyDeclaration keys,
                                               std::string_view staging_kind = "TABLE");

}  // namespace sparkify::sql
