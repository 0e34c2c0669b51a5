#include "pipeline/staging_load.h"

#include <algorithm>
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
void append_batch(const Batch& batch, warehouse::StagingLoader& loader, RejectLog& rejects, LoadStats& stats,
                  RecordKind kind, const std::vector<source::ObjectRef>& objects,
                  std::vector<sql::ManifestRow>* files) {
  if constexpr (std::is_same_v<Batch, parse::EventBatch>) {
    loader.append_events(batch.rows);
  } else {
    loader.append_songs(batch.rows);
  }
  for (const auto& reject : batch.rejects) rejects.write(reject);
  stats.records_read += batch.records_read;
  stats.loaded += static_cast<std::int64_t>(batch.rows.size());
  stats.rejected += static_cast<std::int64_t>(batch.rejects.size());
  if (files == nullptr) return;
  const auto ref = std::find_if(objects.begin(), objects.end(), [&](const auto& o) { return o.uri == batch.file; });
  files->push_back(manifest_row(kind, *ref, batch.records_read, static_cast<std::int64_t>(batch.rejects.size())));
}

}  // namespace

std::string_view kind_name(RecordKind kind) { return kind == RecordKind::events ? "events" : "songs"; }

sql::ManifestRow manifest_row(RecordKind kind, const source::ObjectRef& ref, std::int64_t records,
                              std::int64_t rejected) {
  return {
      std::string(kind_name(kind)), ref.uri, static_cast<std::int64_t>(ref.size), ref.version, 0, records, rejected};
}

LoadStats load_staging(RecordKind kind, source::Source& source, const std::vector<source::ObjectRef>& objects,
                       warehouse::StagingLoader& loader, RejectLog& rejects, int threads,
                       std::vector<sql::ManifestRow>* files, std::size_t bytes_in_flight) {
  LoadStats stats;
  stats.files = static_cast<std::int64_t>(objects.size());
  stream_objects<ParsedObject>(
      source, objects, threads, bytes_in_flight,
      [kind](source::FetchedObject&& object) { return parse_object(kind, std::move(object)); },
      [&](ParsedObject&& object, std::size_t bytes) {
        stats.bytes += static_cast<std::int64_t>(bytes);  // 0 for a failed fetch (empty body)
        if (auto* events = std::get_if<EventBatchPtr>(&object)) {
          append_batch(**events, loader, rejects, stats, kind, objects, files);
        } else if (auto* songs = std::get_if<SongBatchPtr>(&object)) {
          append_batch(**songs, loader, rejects, stats, kind, objects, files);
        } else {
          rejects.write(std::get<parse::Reject>(object));
          ++stats.records_read;  // an unreadable object counts as one record read and rejected
          ++stats.rejected;
          ++stats.failed_objects;
        }
      });
  return stats;
}

}  // namespace sparkify::pipeline
