#include "pipeline/staging_load.h"

#include <fmt/format.h>

#include <memory>
#include <variant>

#include "parse/parsers.h"
#include "pipeline/object_stream.h"

namespace sparkify::pipeline {
namespace {

using EventBatchPtr = std::unique_ptr<parse::EventBatch>;
using SongBatchPtr = std::unique_ptr<parse::SongBatch>;
using ParsedObject = std::variant<EventBatchPtr, SongBatchPtr, parse::Reject>;

ParsedObject parse_object(RecordKind kind, source::FetchedObject&& fetched) {
  if (fetched.error) return parse::Reject{fetched.ref->uri, 0, "cannot read object: " + *fetched.error, ""};
  if (kind == RecordKind::events) return parse::parse_events(fetched.ref->uri, std::move(fetched.body));
  return parse::parse_songs(fetched.ref->uri, std::move(fetched.body));
}

template <typename Batch>
void append_rows(const Batch& batch, warehouse::StagingLoader& loader) {
  if constexpr (std::is_same_v<Batch, parse::EventBatch>) {
    loader.append_events(batch.rows);
  } else {
    loader.append_songs(batch.rows);
  }
}

}  // namespace

ObjectTally::ObjectTally(RecordKind kind, LoadStats& stats, RejectLog& rejects, std::vector<sql::ManifestRow>* files)
    : kind_(kind), stats_(stats), rejects_(rejects), files_(files) {}

template <typename Batch>
void ObjectTally::count_batch(const Batch& batch, const source::ObjectRef& object) {
  for (const auto& reject : batch.rejects) rejects_.write(reject);
  const auto rejected = static_cast<std::int64_t>(batch.rejects.size());
  stats_.records_read += batch.records_read;
  stats_.loaded += batch.records_read - rejected;
  stats_.rejected += rejected;
  if (files_ != nullptr) files_->push_back(manifest_row(kind_, object, batch.records_read, rejected));
}

void ObjectTally::count(const parse::EventBatch& batch, const source::ObjectRef& object) { count_batch(batch, object); }
void ObjectTally::count(const parse::SongBatch& batch, const source::ObjectRef& object) { count_batch(batch, object); }

void ObjectTally::count_unreadable(const parse::Reject& reject) {
  rejects_.write(reject);
  ++stats_.records_read;
  ++stats_.rejected;
  ++stats_.failed_objects;
}

std::string_view kind_name(RecordKind kind) { return kind == RecordKind::events ? "events" : "songs"; }

std::string read_summary(RecordKind kind, const LoadStats& stats, std::string_view then) {
  return fmt::format("read {} {} file(s): {} records, {} rejected{}{}", stats.files,
                     kind == RecordKind::events ? "event" : "song", stats.records_read, stats.rejected,
                     then.empty() ? "" : "; ", then);
}

sql::ManifestRow manifest_row(RecordKind kind, const source::ObjectRef& ref, std::int64_t records,
                              std::int64_t rejected) {
  return {kind_name(kind), ref.uri, static_cast<std::int64_t>(ref.size), ref.version, 0, records, rejected};
}

LoadStats load_staging(RecordKind kind, source::Source& source, const std::vector<source::ObjectRef>& objects,
                       warehouse::StagingLoader& loader, RejectLog& rejects, int threads,
                       std::vector<sql::ManifestRow>* files, std::size_t bytes_in_flight,
                       progress::PhaseCounters* counters) {
  LoadStats stats;
  stats.files = static_cast<std::int64_t>(objects.size());
  ObjectTally tally(kind, stats, rejects, files);
  stream_objects<ParsedObject>(
      source, objects, threads, bytes_in_flight,
      [kind](source::FetchedObject&& object) { return parse_object(kind, std::move(object)); },
      [&](ParsedObject&& object, const source::ObjectRef& ref, std::size_t bytes) {
        stats.bytes += static_cast<std::int64_t>(bytes);  // 0 for a failed fetch (empty body)
        const std::int64_t records_before = stats.records_read;
        if (auto* events = std::get_if<EventBatchPtr>(&object)) {
          append_rows(**events, loader);
          tally.count(**events, ref);
        } else if (auto* songs = std::get_if<SongBatchPtr>(&object)) {
          append_rows(**songs, loader);
          tally.count(**songs, ref);
        } else {
          tally.count_unreadable(std::get<parse::Reject>(object));
        }
        if (counters) counters->add(1, stats.records_read - records_before, static_cast<std::int64_t>(bytes));
      });
  return stats;
}

}  // namespace sparkify::pipeline
