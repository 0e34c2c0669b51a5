// open_warehouse: a target URI (+ settings) -> a connected Warehouse.
//   duckdb:PATH                  embedded DuckDB file (default duckdb:sparkify.duckdb); duckdb::memory: in memory
//   postgresql://... / postgres://...   PostgreSQL (libpq URI)
//   postgres                     PostgreSQL from [CLUSTER] in dwh.cfg (DB_PORT default 5432)
//   redshift://user@host:port/db Amazon Redshift (libpq, sslmode=require unless given)
//   redshift                     Redshift from [CLUSTER] in dwh.cfg (DB_PORT default 5439)
// Throws Error(config) for an unknown scheme, naming the accepted ones.
//
// OpenMode says what a command may do to a DuckDB file: read commands (check,
// query) open it read-only (DuckDB access_mode READ_ONLY), etl opens an
// existing file read-write, and only create-tables may create one. A missing
// file in the first two modes throws Error(usage) with no_tables_message(),
// and no file is created.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config/settings.h"
#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

enum class OpenMode { read_only, read_write, create };

std::unique_ptr<Warehouse> open_warehouse(const config::Settings& settings, OpenMode mode);

// "no sparkify tables in TARGET — run 'sparkify create-tables' first".
std::string no_tables_message(std::string_view described_target);

// The DuckDB database file of a duckdb:PATH target; nullopt for other targets
// and for duckdb::memory:.
std::optional<std::filesystem::path> duckdb_file_for_target(const std::string& target);

// The dialect a target would use, without connecting ("duckdb", "postgres", "redshift").
std::string dialect_name_for_target(const std::string& target);

// The conninfo the target "postgres" or "redshift" (named by its dialect)
// takes from [CLUSTER]; an empty DB_PORT is the engine's default port, 5432
// for PostgreSQL and 5439 for Redshift.
std::string cluster_conninfo(std::string_view dialect_name, const config::ClusterSettings& cluster);

}  // namespace sparkify::warehouse
