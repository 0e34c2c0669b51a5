// create_tables: drops (if present) and creates every sparkify table, in one
// transaction: staging_events, staging_songs, songplays, users, songs,
// artists, time, and etl_runs (the load audit read by `check`).
//
// It never wipes data silently: when any existing sparkify table holds rows
// and `force` is false, it throws Error(usage) naming each non-empty table
// with its row count, and changes nothing.
//
// require_sparkify_tables: the guard every other command runs first; throws
// Error(usage) "no sparkify tables in TARGET — run 'sparkify create-tables'
// first" when any sparkify table is missing (naming them when only some are).
#pragma once

#include <functional>
#include <string_view>

#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

void create_tables(warehouse::Warehouse& warehouse, bool force, const std::function<void(std::string_view)>& progress);

void require_sparkify_tables(warehouse::Warehouse& warehouse);

}  // namespace sparkify::pipeline
