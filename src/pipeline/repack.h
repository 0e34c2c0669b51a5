// Repacking for Redshift COPY: many small objects -> a few gzip NDJSON parts.
//
// Redshift's loading guidance is files of 1 MB to 1 GB after compression, in a
// count that is a multiple of the cluster's slices ("Loading data files",
// c_best-practices-use-multiple-files.html); a COPY of the real song data
// (one object of ~250 bytes per song) pays its per-object cost thousands of
// times instead. pack_objects() reads the objects with the pipeline's own
// parallel fetch (stream_objects), and writes, through the ObjectStore, parts
// <prefix>/part-00000.json.gz, ... of whole objects, in the order the objects
// arrive. Contract:
//  - Records are split as docs/semantics.md "Input" says: an event log holds
//    one record per non-blank line; a song file holds one JSON object (line 1,
//    possibly pretty-printed) or, when its first line is a whole JSON value
//    and other lines follow, one per non-blank line. Line numbers are 1-based
//    physical lines.
//  - Each record must be a JSON object (checked with simdjson); it is written
//    on one line with the keys of sql::packed_origin_keys() first:
//    {"source_file":"<object uri>","source_line":N,<its own fields>} (events;
//    songs have no source_line column, so only source_file). A record that is
//    not a JSON object, and an object that cannot be read (line 0), is written
//    to the rejects file with its file, line, reason and raw text, counted in
//    `rejected`, and not packed: COPY would reject it anyway, and here the
//    reject keeps the original file and line.
//  - Part sizes: see part_count(). Parts hold whole objects and are closed as
//    the input read reaches each part's share, so they are about equal.
//  - PackedOrigins maps a part's line back to the object and line it came
//    from, so a COPY error reported against a part names the original object.
//  - Any exception (an upload failed, the fetch failed) stops packing and
//    propagates; parts already written stay in the store (the run's own
//    prefix; the manifest that would list them is not written).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/reject_log.h"
#include "source/object_store.h"
#include "source/source.h"
#include "sql/dialect.h"

namespace sparkify::pipeline {

// When and how finely to pack.
struct RepackPolicy {
  bool enabled = true;  // false: --no-repack, COPY the objects as they are
  int slices = 8;       // [CLUSTER] SLICES; 8 = `infra up`'s 4 dc2.large nodes of 2 slices
};

// Packing pays when objects are many and small: more than kRepackMinObjects
// objects whose mean size is under kRepackMaxMeanBytes (1 MB, the low end of
// Redshift's guidance).
inline constexpr std::size_t kRepackMinObjects = 100;
inline constexpr std::uint64_t kRepackMaxMeanBytes = std::uint64_t{1} << 20;
bool should_repack(const std::vector<source::ObjectRef>& objects, const RepackPolicy& policy);

// Input bytes (as listed) per part, bounds: a part of kMinPartInput of JSON
// compresses to about 1 MB (JSON gzips 5-10x), one of kMaxPartInput to well
// under 1 GB, and is held compressed in memory until uploaded.
inline constexpr std::uint64_t kMinPartInput = std::uint64_t{8} << 20;
inline constexpr std::uint64_t kMaxPartInput = std::uint64_t{256} << 20;

// How many parts `input_bytes` of objects become: the smallest multiple of
// `slices` whose parts hold at most kMaxPartInput each; when that would make
// parts under kMinPartInput, fewer parts (input / kMinPartInput, at least 1):
// a small load cannot give every slice a 1 MB file, and smaller files only add
// per-file cost.
int part_count(std::uint64_t input_bytes, int slices);

// zlib level of the parts: 1, the fastest. The cluster reads them over S3;
// packing must keep up with the fetch.
inline constexpr int kPartGzipLevel = 1;

// Where the records of packed parts came from.
class PackedOrigins {
 public:
  struct Origin {
    std::string file;  // the object's uri
    std::int64_t line = 0;
  };
  // Records that lines [part_line, part_line + count) of `part_url` are lines
  // [source_line, source_line + count) of `file`.
  void add(const std::string& part_url, std::int64_t part_line, const std::string& file, std::int64_t source_line,
           std::int64_t count);
  // The origin of line `line` (1-based) of `part_url`, or nullopt when the
  // part or the line is not known.
  std::optional<Origin> find(const std::string& part_url, std::int64_t line) const;

 private:
  struct Run {
    std::int64_t part_line, source_line, count;
    std::size_t file;  // index into files_
  };
  std::vector<std::string> files_;
  std::map<std::string, std::vector<Run>> parts_;  // runs in part_line order
};

struct PackResult {
  std::vector<std::string> part_urls;  // in order, none empty
  std::int64_t records = 0;            // records packed
  std::int64_t rejected = 0;           // records and objects rejected while packing
  std::int64_t failed_objects = 0;     // objects that could not be read
  std::uint64_t input_bytes = 0;       // listed sizes of the objects
  std::uint64_t part_bytes = 0;        // compressed bytes written
};

// Packs `objects` of `source` into parts "<part_prefix>/part-NNNNN.json.gz"
// (part_prefix an s3:// URL without a trailing '/'), written with `store`;
// adds where each packed line came from to `origins`. `threads` as for
// stream_objects (0: one per core).
PackResult pack_objects(sql::StagingTable table, source::Source& source, const std::vector<source::ObjectRef>& objects,
                        const std::string& part_prefix, source::ObjectStore& store, int slices, int threads,
                        RejectLog& rejects, PackedOrigins& origins);

}  // namespace sparkify::pipeline
