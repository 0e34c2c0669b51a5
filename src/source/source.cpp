#include "source/source.h"

namespace sparkify::source {

std::string describe(SkipReason reason) {
  switch (reason) {
    case SkipReason::hidden:
      return "hidden files or folders (name starts with '.' or '_')";
    case SkipReason::not_json:
      return "files not ending in .json or .json.gz";
    case SkipReason::not_a_file:
      return "entries named like JSON that are not regular files (directory, FIFO, socket or device)";
    case SkipReason::broken_link:
      return "broken symbolic links (the target does not exist)";
  }
  return "skipped";
}

bool is_gzip_name(std::string_view name) { return name.ends_with(".json.gz"); }

bool is_json_name(std::string_view name) { return name.ends_with(".json") || is_gzip_name(name); }

bool is_hidden_name(std::string_view name) { return !name.empty() && (name.front() == '.' || name.front() == '_'); }

}  // namespace sparkify::source
