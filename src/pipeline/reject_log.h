// RejectLog: the rejects file. Every rejected record is appended as one NDJSON
// line {"file","line","reason","raw"}. The file is created on the first reject
// (a run without rejects leaves no file) and an old file at the same path is
// removed when the log is opened, so the file always describes the last run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>

#include "parse/reject.h"

namespace sparkify::pipeline {

class RejectLog {
 public:
  explicit RejectLog(std::filesystem::path path);
  void write(const parse::Reject& reject);
  std::int64_t count() const { return count_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  std::int64_t count_ = 0;
};

}  // namespace sparkify::pipeline
