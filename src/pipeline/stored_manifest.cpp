#include "pipeline/stored_manifest.h"

#include <algorithm>

#include "pipeline/run_statements.h"
#include "sql/load_audit.h"

namespace sparkify::pipeline {

// Streamed: at 500,000 files, holding the whole result first took 140 MB
// more at the run's peak (bench/README.md, stop 33).
StoredManifest StoredManifest::read(warehouse::Warehouse& warehouse) {
  StoredManifest out;
  std::string joined;  // a row's uri and version, back to back
  for_each_row(warehouse, sql::select_manifest(), [&](Values row) {
    const auto text = [&](std::size_t i) { return text_value(row, i).value_or(std::string_view()); };
    joined.assign(text(1)).append(text(3));
    out.add(text(0), out.arena_.store(joined), text(1).size(), count_value(row[2]));
  });
  for (auto& [kind, files] : out.by_kind_) {
    std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.uri() < b.uri(); });
  }
  return out;
}

// A text of either engine fits in 32 bits (PostgreSQL's are under 1 GB,
// DuckDB's lengths are 32-bit).
void StoredManifest::add(std::string_view kind, std::string_view stored, std::size_t uri_bytes, std::int64_t size) {
  auto at = by_kind_.find(kind);
  if (at == by_kind_.end()) at = by_kind_.emplace(std::string(kind), std::vector<File>()).first;
  at->second.push_back(File{stored.data(), static_cast<std::uint32_t>(uri_bytes),
                            static_cast<std::uint32_t>(stored.size() - uri_bytes), size});
}

StoredManifest::Held StoredManifest::find(std::string_view kind, std::string_view uri, std::int64_t size,
                                          std::string_view version) const {
  const auto of_kind = by_kind_.find(kind);
  if (of_kind == by_kind_.end()) return Held::none;
  const auto& files = of_kind->second;
  auto at = std::lower_bound(files.begin(), files.end(), uri,
                             [](const File& file, std::string_view key) { return file.uri() < key; });
  if (at == files.end() || at->uri() != uri) return Held::none;
  for (; at != files.end() && at->uri() == uri; ++at) {
    if (at->size == size && at->version() == version) return Held::unchanged;
  }
  return Held::changed;
}

}  // namespace sparkify::pipeline
