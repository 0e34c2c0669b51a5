#include "pipeline/reject_log.h"

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace sparkify::pipeline {

RejectLog::RejectLog(std::filesystem::path path) : path_(std::move(path)) {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

void RejectLog::write(const parse::Reject& reject) {
  if (!out_.is_open()) {
    out_.open(path_, std::ios::binary | std::ios::trunc);
    if (!out_) throw_error(ErrorKind::data, "cannot write the rejects file {}: choose another with --rejects", path_.string());
  }
  nlohmann::json line = {{"file", reject.file}, {"line", reject.line}, {"reason", reject.reason}};
  // Raw input may hold invalid UTF-8: keep it, replacing only what JSON cannot carry.
  line["raw"] = reject.raw;
  out_ << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  out_.flush();
  ++count_;
}

}  // namespace sparkify::pipeline
