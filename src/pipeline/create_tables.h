// create_tables: drops (if present) and creates every sparkify table, in one
// transaction: staging_events, staging_songs, songplays, users, songs,
// artists, time, and etl_runs (the load audit read by `check`).
#pragma once

#include <functional>
#include <string_view>

#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

void create_tables(warehouse::Warehouse& warehouse, const std::function<void(std::string_view)>& progress);

}  // namespace sparkify::pipeline
