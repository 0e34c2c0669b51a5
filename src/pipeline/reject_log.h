// RejectLog: the rejects file of one run. Every rejected record is appended as
// one NDJSON line {"file","line","reason","raw"}.
//
// Contract ("nothing lost, nothing destroyed"):
//  - The file is created on the first reject, never before: a run without
//    rejects leaves no file. It is created exclusively (O_CREAT|O_EXCL): a
//    file, symlink or anything else already at the requested path is never
//    truncated, overwritten or removed; the log then writes to a fresh sibling
//    `<stem>-<run timestamp>-<pid><ext>` (e.g. rejects-20261129T141500Z-4242.ndjson),
//    and path() names the file actually written.
//  - Every write is checked: a reject that cannot be written (disk full, I/O
//    error) throws Error(data), so the run fails and its transaction rolls back.
//  - finish() syncs and closes the file and throws if that fails; the pipeline
//    calls it before commit. The destructor closes without checking (the run
//    has failed by then, or nothing was written).
//  - Not thread-safe: one thread writes.
//
// validate_rejects_path() is the check run before anything is loaded.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "parse/reject.h"

namespace sparkify::pipeline {

// Paths a rejects file must never be: the warehouse's own files and the input.
struct RejectsPathGuards {
  std::vector<std::filesystem::path> protected_files;  // e.g. the DuckDB file and its .wal
  std::vector<std::filesystem::path> source_folders;   // local input folders
};

// Throws Error(usage) when `rejects` is a directory, a special file (FIFO,
// device, socket), one of guards.protected_files, lies under one of
// guards.source_folders, or its parent folder is missing or not writable.
// An existing regular file is accepted (the log writes a sibling instead).
void validate_rejects_path(const std::filesystem::path& rejects, const RejectsPathGuards& guards);

class RejectLog {
 public:
  explicit RejectLog(std::filesystem::path requested);
  ~RejectLog();
  RejectLog(const RejectLog&) = delete;
  RejectLog& operator=(const RejectLog&) = delete;

  // Appends one line; creates the file on the first call. Throws Error(data).
  void write(const parse::Reject& reject);
  // Syncs and closes the file (if any); throws Error(data) if that fails.
  void finish();

  std::int64_t count() const { return count_; }
  // The file written: the requested path, or its sibling when the requested
  // path already existed. Before the first reject, the requested path.
  const std::filesystem::path& path() const { return path_; }
  // True when the requested path existed and a sibling was written instead.
  bool used_sibling() const { return path_ != requested_; }

 private:
  void create_file();
  void write_all(const std::string& text);

  std::filesystem::path requested_;
  std::filesystem::path path_;
  std::string run_stamp_;  // UTC time the log was made, for sibling names
  int fd_ = -1;
  std::int64_t count_ = 0;
};

}  // namespace sparkify::pipeline
