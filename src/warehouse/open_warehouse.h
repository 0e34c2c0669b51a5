// open_warehouse: a target URI (+ settings) -> a connected Warehouse.
//   duckdb:PATH                  embedded DuckDB file (default duckdb:sparkify.duckdb); duckdb::memory: in memory
//   postgresql://... / postgres://...   PostgreSQL (libpq URI)
//   postgres                     PostgreSQL from [CLUSTER] in dwh.cfg
//   redshift://user@host:port/db Amazon Redshift (libpq, sslmode=require unless given)
//   redshift                     Redshift from [CLUSTER] in dwh.cfg
// Throws Error(config) for an unknown scheme, naming the accepted ones.
#pragma once

#include <memory>
#include <string>

#include "config/settings.h"
#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

std::unique_ptr<Warehouse> open_warehouse(const config::Settings& settings);

// The dialect a target would use, without connecting ("duckdb", "postgres", "redshift").
std::string dialect_name_for_target(const std::string& target);

}  // namespace sparkify::warehouse
