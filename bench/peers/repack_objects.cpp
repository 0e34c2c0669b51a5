// repack_objects: the packing step of a Redshift load (pipeline/repack.h) on
// its own, for bench/s3_bench.sh: lists LOCATION (a folder or s3://bucket/prefix
// of song files), fetches every object with sparkify's parallel fetch and
// writes gzip NDJSON parts under PARTS (s3://bucket/prefix) through the S3
// object store, as `sparkify etl --target redshift` would before its COPY.
// AWS settings (endpoint, region, credentials) come from the environment and
// dwh.cfg, as for sparkify itself.
//
//   repack_objects LOCATION PARTS [SLICES=8]
//   prints "objects N records R rejected J parts P part_bytes B seconds S"
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include "config/settings.h"
#include "pipeline/reject_log.h"
#include "pipeline/repack.h"
#include "source/open_source.h"
#include "source/s3_object_store.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fputs("usage: repack_objects LOCATION s3://BUCKET/PREFIX [SLICES]\n", stderr);
    return 2;
  }
  try {
    using namespace sparkify;
    const auto settings =
        config::resolve_settings(config::ConfigFile{}, config::Overrides{}, config::process_environment());
    const auto started = std::chrono::steady_clock::now();
    auto source = source::open_source(argv[1], settings);
    const auto objects = source->list_objects().objects;
    source::S3ObjectStore store(settings.aws);
    pipeline::RejectLog rejects("repack-rejects.ndjson");
    pipeline::PackedOrigins origins;
    const auto result = pipeline::pack_objects(sql::StagingTable::songs, *source, objects, argv[2], store,
                                               argc > 3 ? std::stoi(argv[3]) : 8, settings.threads, rejects, origins);
    rejects.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print("objects {} records {} rejected {} parts {} part_bytes {} seconds {:.3f}\n", objects.size(),
               result.records, result.rejected, result.part_urls.size(), result.part_bytes, seconds);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "repack_objects: %s\n", error.what());
    return 1;
  }
}
