#include "pipeline/repack.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>

#include "pipeline/object_stream.h"
#include "source/gzip.h"
#include "sql/redshift_dialect.h"

namespace sparkify::pipeline {
namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_json_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_json_space(text.back())) text.remove_suffix(1);
  return text;
}

// The body past a UTF-8 byte order mark, which is not part of the first record.
std::string_view without_bom(std::string_view body) { return body.starts_with("\xEF\xBB\xBF") ? body.substr(3) : body; }

// Calls on_line(line_number, text) for each non-blank line of `body`: lines
// end at '\n', one '\r' before it is dropped, numbers are 1-based physical lines.
template <typename OnLine>
void for_each_line(std::string_view body, OnLine&& on_line) {
  std::int64_t number = 0;
  while (!body.empty()) {
    ++number;
    const auto newline = body.find('\n');
    std::string_view line = body.substr(0, newline);
    body = newline == std::string_view::npos ? std::string_view{} : body.substr(newline + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!trimmed(line).empty()) on_line(number, line);
  }
}

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

bool is_one_json_value(std::string_view text) { return !thread_parser().parse(text.data(), text.size()).error(); }

// One object's records, packed: lines of text, and where they came from.
struct PackedObject {
  const source::ObjectRef* ref = nullptr;
  std::string text;  // packed records, each ending in '\n'
  struct Run {
    std::int64_t first, source_line, count;  // first: 0-based index among the object's packed records
  };
  std::vector<Run> runs;
  std::vector<parse::Reject> rejects;
  std::int64_t records = 0;
  bool failed = false;
};

// Turns records into packed lines: {"source_file":...,"source_line":N,<fields>}.
class RecordPacker {
 public:
  explicit RecordPacker(sql::StagingTable table) : keys_(sql::packed_origin_keys(table)) {}

  void add(std::int64_t line, std::string_view record, PackedObject& out) const {
    record = trimmed(record);
    auto parsed = thread_parser().parse(record.data(), record.size());
    if (parsed.error()) {
      return reject(line, fmt::format("invalid JSON: {}", simdjson::error_message(parsed.error())), record, out);
    }
    if (!parsed.value_unsafe().is_object()) return reject(line, "not a JSON object", record, out);
    std::string minified;
    if (record.find_first_of("\r\n") != std::string_view::npos) {  // pretty-printed: one line, same value
      minified.resize(record.size());
      std::size_t length = 0;
      if (simdjson::minify(record.data(), record.size(), minified.data(), length) == simdjson::SUCCESS) {
        minified.resize(length);
        record = minified;
      }
    }
    out.text += '{';
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (i > 0) out.text += ',';
      if (keys_[i] == "source_line") {
        out.text += fmt::format("\"{}\":{}", keys_[i], line);
      } else {
        out.text += fmt::format("\"{}\":\"{}\"", keys_[i], sql::json_escape(out.ref->uri));
      }
    }
    const std::string_view fields = trimmed(record.substr(1));
    if (fields != "}") out.text += ',';
    out.text += fields;
    out.text += '\n';
    if (!out.runs.empty() && out.runs.back().first + out.runs.back().count == out.records &&
        out.runs.back().source_line + out.runs.back().count == line) {
      ++out.runs.back().count;
    } else {
      out.runs.push_back({out.records, line, 1});
    }
    ++out.records;
  }

 private:
  static void reject(std::int64_t line, std::string reason, std::string_view record, PackedObject& out) {
    out.rejects.push_back({out.ref->uri, line, std::move(reason), std::string(record)});
  }

  std::vector<std::string_view> keys_;
};

PackedObject pack_object(sql::StagingTable table, const RecordPacker& packer, source::FetchedObject&& fetched) {
  PackedObject out;
  out.ref = fetched.ref;
  if (fetched.error) {
    out.failed = true;
    out.rejects.push_back({fetched.ref->uri, 0, "cannot read object: " + *fetched.error, ""});
    return out;
  }
  const std::string_view body = without_bom(fetched.body);
  auto add_lines = [&] {
    for_each_line(body, [&](std::int64_t line, std::string_view text) { packer.add(line, text, out); });
  };
  if (table == sql::StagingTable::events) {
    add_lines();
    return out;
  }
  // A song file: NDJSON when its first non-blank line is a whole JSON value and more lines follow.
  std::string_view first;
  bool more = false;
  for_each_line(body, [&](std::int64_t, std::string_view text) {
    if (first.empty()) {
      first = text;
    } else {
      more = true;
    }
  });
  if (first.empty()) return out;
  if (more && is_one_json_value(trimmed(first))) {
    add_lines();
  } else {
    packer.add(1, body, out);
  }
  return out;
}

// Fills parts one after another and uploads each when its share of the input is read.
class PartWriter {
 public:
  PartWriter(std::string prefix, source::ObjectStore& store, std::uint64_t input_bytes, int parts,
             PackedOrigins& origins, PackResult& result)
      : prefix_(std::move(prefix)),
        store_(store),
        input_bytes_(input_bytes),
        parts_(parts),
        origins_(origins),
        result_(result) {}

  void append(PackedObject&& object) {
    const std::string url = current_url();
    for (const auto& run : object.runs) {
      origins_.add(url, lines_ + run.first + 1, object.ref->uri, run.source_line, run.count);
    }
    gzip_.write(object.text);
    lines_ += object.records;
    result_.records += object.records;
    read_ += object.ref->size;
    if (closed_ + 1 < parts_ && read_ >= share_end(closed_)) {
      close();
      ++closed_;
    }
  }

  void finish() { close(); }

 private:
  std::string current_url() const { return fmt::format("{}/part-{:05}.json.gz", prefix_, result_.part_urls.size()); }

  // The input read when part `index` is full: its share of the whole, rounded up.
  std::uint64_t share_end(int index) const {
    return static_cast<std::uint64_t>(static_cast<long double>(input_bytes_) * (index + 1) / parts_);
  }

  void close() {
    std::string body = gzip_.finish();
    if (lines_ == 0) return;
    const std::string url = current_url();
    result_.part_bytes += body.size();
    store_.put(url, std::move(body), "application/gzip");
    result_.part_urls.push_back(url);
    lines_ = 0;
  }

  std::string prefix_;
  source::ObjectStore& store_;
  std::uint64_t input_bytes_;
  int parts_;
  PackedOrigins& origins_;
  PackResult& result_;
  source::GzipWriter gzip_{kPartGzipLevel};
  std::int64_t lines_ = 0;  // records in the part being written
  std::uint64_t read_ = 0;  // listed bytes of the objects appended so far
  int closed_ = 0;          // parts whose share was reached
};

}  // namespace

bool should_repack(const std::vector<source::ObjectRef>& objects, const RepackPolicy& policy) {
  if (!policy.enabled || objects.size() <= kRepackMinObjects) return false;
  std::uint64_t total = 0;
  for (const auto& object : objects) total += object.size;
  return total / objects.size() < kRepackMaxMeanBytes;
}

int part_count(std::uint64_t input_bytes, int slices) {
  const std::uint64_t per_round = static_cast<std::uint64_t>(std::max(slices, 1)) * kMaxPartInput;
  const std::uint64_t rounds = std::max<std::uint64_t>(1, (input_bytes + per_round - 1) / per_round);
  const std::uint64_t parts = rounds * static_cast<std::uint64_t>(std::max(slices, 1));
  if (input_bytes / parts >= kMinPartInput) return static_cast<int>(parts);
  return static_cast<int>(std::max<std::uint64_t>(1, input_bytes / kMinPartInput));
}

void PackedOrigins::add(const std::string& part_url, std::int64_t part_line, const std::string& file,
                        std::int64_t source_line, std::int64_t count) {
  if (files_.empty() || files_.back() != file) files_.push_back(file);
  parts_[part_url].push_back({part_line, source_line, count, files_.size() - 1});
}

std::optional<PackedOrigins::Origin> PackedOrigins::find(const std::string& part_url, std::int64_t line) const {
  const auto part = parts_.find(part_url);
  if (part == parts_.end()) return std::nullopt;
  const auto& runs = part->second;
  auto after = std::upper_bound(runs.begin(), runs.end(), line,
                                [](std::int64_t value, const Run& run) { return value < run.part_line; });
  if (after == runs.begin()) return std::nullopt;
  const Run& run = *std::prev(after);
  if (line >= run.part_line + run.count) return std::nullopt;
  return Origin{files_[run.file], run.source_line + (line - run.part_line)};
}

PackResult pack_objects(sql::StagingTable table, source::Source& source, const std::vector<source::ObjectRef>& objects,
                        const std::string& part_prefix, source::ObjectStore& store, int slices, int threads,
                        RejectLog& rejects, PackedOrigins& origins) {
  PackResult result;
  for (const auto& object : objects) result.input_bytes += object.size;
  PartWriter parts(part_prefix, store, result.input_bytes, part_count(result.input_bytes, slices), origins, result);
  const RecordPacker packer(table);
  stream_objects<PackedObject>(
      source, objects, threads, 0,
      [&](source::FetchedObject&& fetched) { return pack_object(table, packer, std::move(fetched)); },
      [&](PackedObject&& object, const source::ObjectRef&, std::size_t) {
        for (const auto& reject : object.rejects) rejects.write(reject);
        result.rejected += static_cast<std::int64_t>(object.rejects.size());
        if (object.failed) ++result.failed_objects;
        parts.append(std::move(object));
      });
  parts.finish();
  return result;
}

}  // namespace sparkify::pipeline
