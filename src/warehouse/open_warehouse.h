// open_warehouse: a target URI (+ settings) -> a connected Warehouse.
//   duckdb:PATH                  embedded DuckDB file (default duckdb:sparkify.duckdb); duckdb::memory: in memory
//   postgresql://... / postgres://...   PostgreSQL (libpq URI)
//   postgres                     PostgreSQL from [CLUSTER] in dwh.cfg (DB_PORT default 5432)
//   redshift://user@host:port/db Amazon Redshift (libpq, sslmode=require unless given)
//   redshift                     Redshift from [CLUSTER] in dwh.cfg (DB_PORT default 5439)
// Throws Error(config) for an unknown scheme, naming the accepted ones.
//
// Access::read_only (report, doctor) opens a DuckDB file with access_mode
// READ_ONLY and never creates it: a missing file is Error(config); a
// PostgreSQL session is made read-only. Redshift opens as usual (the caller
// runs only SELECTs).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "config/settings.h"
#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

enum class Access { read_write, read_only };

std::unique_ptr<Warehouse> open_warehouse(const config::Settings& settings, Access access = Access::read_write);

// The dialect a target would use, without connecting ("duckdb", "postgres", "redshift").
std::string dialect_name_for_target(const std::string& target);

// The conninfo the target "postgres" or "redshift" (named by its dialect)
// takes from [CLUSTER]; an empty DB_PORT is the engine's default port, 5432
// for PostgreSQL and 5439 for Redshift.
std::string cluster_conninfo(std::string_view dialect_name, const config::ClusterSettings& cluster);

}  // namespace sparkify::warehouse
