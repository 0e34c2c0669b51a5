// load_staging_*: one Source -> parsed rows -> the warehouse's StagingLoader.
// Three stages run at once, joined by bounded queues (so memory does not grow
// with the input): the source fetches objects on its own thread, `threads`
// workers parse them, and the calling thread appends the parsed batches to the
// loader and writes rejects to the RejectLog. Objects that could not be read
// count as rejects (line 0) too. Order of rows in staging is not defined.
//
// Memory: the queues bound the number of objects in flight, and a byte budget
// bounds their size: at most `bytes_in_flight` bytes of object bodies (0: the
// default, kBytesInFlightPerWorker per parse worker) are between the source and
// the end of their append, so peak memory does not grow with the size of the
// objects either. Parsed rows add about as much again as their bodies. An
// object larger than the budget is still loaded, alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/progress.h"
#include "parse/batch.h"
#include "pipeline/object_stream.h"
#include "pipeline/reject_log.h"
#include "source/source.h"
#include "sql/load_audit.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

struct LoadStats {
  std::int64_t files = 0;
  std::int64_t bytes = 0;
  std::int64_t records_read = 0;  // records parsed, plus objects that could not be read (= loaded + rejected)
  std::int64_t loaded = 0;
  std::int64_t rejected = 0;        // records rejected, plus objects that could not be read
  std::int64_t failed_objects = 0;  // objects that could not be read
};

enum class RecordKind { events, songs };

// `files`, when given, receives one manifest row (sql::ManifestRow, run_id
// 0) per object read; not for objects that could not be read. `counters`,
// when given, count each object as it is appended (progress).
LoadStats load_staging(RecordKind kind, source::Source& source, const std::vector<source::ObjectRef>& objects,
                       warehouse::StagingLoader& loader, RejectLog& rejects, int threads,
                       std::vector<sql::ManifestRow>* files = nullptr, std::size_t bytes_in_flight = 0,
                       progress::PhaseCounters* counters = nullptr);

// The manifest row of one object read: its kind ("events" or "songs"),
// identity (uri, size, version) and record counts; its texts view `ref`.
sql::ManifestRow manifest_row(RecordKind kind, const source::ObjectRef& ref, std::int64_t records,
                              std::int64_t rejected);
std::string_view kind_name(RecordKind kind);

// What a load route did with one kind's objects, for its -v line: "read 300
// event file(s): 200146 records, 0 rejected; <then>" (without "; <then>"
// when `then` is empty).
std::string read_summary(RecordKind kind, const LoadStats& stats, std::string_view then = {});

// ObjectTally: what both load routes do with each object once parsed: its
// rejects go to the RejectLog, its counts into `stats`, and (when `files` is
// given) its manifest row, made from its ObjectRef (which the manifest row
// views), into `files`. An object that could not be read counts as one
// record read and rejected, and gets no manifest row, so the next run tries
// it again. `stats`, `rejects`, `files` and the objects must outlive it.
class ObjectTally {
 public:
  ObjectTally(RecordKind kind, LoadStats& stats, RejectLog& rejects, std::vector<sql::ManifestRow>* files);
  void count(const parse::EventBatch& batch, const source::ObjectRef& object);
  void count(const parse::SongBatch& batch, const source::ObjectRef& object);
  void count_unreadable(const parse::Reject& reject);

 private:
  template <typename Batch>
  void count_batch(const Batch& batch, const source::ObjectRef& object);

  RecordKind kind_;
  LoadStats& stats_;
  RejectLog& rejects_;
  std::vector<sql::ManifestRow>* files_;
};

}  // namespace sparkify::pipeline
