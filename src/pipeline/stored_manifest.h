// StoredManifest: the load manifest (etl_files) as it stood when a run began,
// held for the run's choice of files to load (a file whose kind, uri, size
// and version it holds is not loaded again unless `etl --full`).
// It grows with every file ever loaded, so each file is held compactly: its
// uri and version back to back in one arena and 24 bytes beside them, sorted
// by uri per kind (about 90 bytes a file of the 2M bench set, where a
// std::set of (kind, uri, size, version) tuples took about 216:
// bench/README.md, stop 37).
// Built once by read(); const after that, and then safe to share.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "parse/batch.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

class StoredManifest {
 public:
  // What the manifest holds of one file.
  enum class Held {
    none,       // no row: the file was never loaded
    unchanged,  // a row of this size and version: loaded as it is
    changed,    // rows of another size or version only: loaded before it changed
  };

  // Every row of etl_files, streamed (sql::select_manifest).
  static StoredManifest read(warehouse::Warehouse& warehouse);

  Held find(std::string_view kind, std::string_view uri, std::int64_t size, std::string_view version) const;

 private:
  // A file's uri and version, back to back in arena_.
  struct File {
    const char* text;
    std::uint32_t uri_bytes;
    std::uint32_t version_bytes;
    std::int64_t size;
    std::string_view uri() const { return {text, uri_bytes}; }
    std::string_view version() const { return {text + uri_bytes, version_bytes}; }
  };

  // `stored`: the file's uri and version, back to back in arena_.
  void add(std::string_view kind, std::string_view stored, std::size_t uri_bytes, std::int64_t size);

  parse::StringArena arena_;
  std::map<std::string, std::vector<File>, std::less<>> by_kind_;  // each sorted by uri once read
};

}  // namespace sparkify::pipeline
