// Reject: an input record that could not become a staging row. Rejects are
// never dropped silently: the pipeline counts them, writes them to the rejects
// file as NDJSON ({"file","line","reason","raw"}) and fails the run when there
// are more than --max-errors of them.
#pragma once

#include <cstdint>
#include <string>

namespace sparkify::parse {

struct Reject {
  std::string file;       // ObjectRef::uri
  std::int64_t line = 0;  // 1-based; for a song file holding one object, 1; 0 when the whole object failed to fetch
  std::string reason;     // one line: "missing required field \"ts\"", "invalid JSON: ..."
  std::string raw;        // the record's text as read (the line, or the whole object)
};

}  // namespace sparkify::parse
