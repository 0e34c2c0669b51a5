// run_etl: the whole load of one run, as one transaction:
//   list song and log objects -> clear staging -> load staging (parse locally,
//   or the engine's own COPY for Redshift) -> check rejects against
//   max_errors -> build the star schema -> record the run -> commit.
// Any failure (including too many rejects) rolls the transaction back, so the
// warehouse is left exactly as it was; the rejects file is written either way.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "pipeline/server_side_load.h"
#include "pipeline/staging_load.h"
#include "source/source.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

struct EtlOptions {
  std::string song_location;  // for messages and the run record
  std::string log_location;
  std::int64_t max_errors = 0;
  std::filesystem::path rejects_path = "rejects.ndjson";
  int threads = 0;  // parse workers; 0: one per core
  ServerSideSettings server_side;  // S3 staging and IAM role, for warehouses that COPY from S3 (Redshift)
  std::function<void(std::string_view)> progress = [](std::string_view) {};
};

struct EtlSummary {
  LoadStats songs;
  LoadStats events;
  std::map<std::string, std::int64_t> table_rows;  // every staging and star table after the run
  std::vector<source::Skipped> skipped;            // entries under the sources not loaded, and why
  double seconds = 0;
};

EtlSummary run_etl(warehouse::Warehouse& warehouse, source::Source& songs, source::Source& logs,
                   const EtlOptions& options);

}  // namespace sparkify::pipeline
