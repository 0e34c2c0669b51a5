// Test helper: a complete, valid log_data line whose fields can be replaced or
// removed, so that each test states only the field it is about.
#pragma once

#include <map>
#include <string>

namespace sparkify::parse::testing {

// Field name -> JSON text of its value (already JSON-encoded).
using Fields = std::map<std::string, std::string>;

inline Fields valid_event_fields() {
  return {
      {"artist", R"("Des'ree")"},
      {"auth", R"("Logged In")"},
      {"firstName", R"("Kaylee")"},
      {"gender", R"("F")"},
      {"itemInSession", "1"},
      {"lastName", R"("Summers")"},
      {"length", "246.30812"},
      {"level", R"("free")"},
      {"location", R"("Phoenix-Mesa-Scottsdale, AZ")"},
      {"method", R"("PUT")"},
      {"page", R"("NextSong")"},
      {"registration", "1540344794796.0"},
      {"sessionId", "139"},
      {"song", R"("You Gotta Be")"},
      {"status", "200"},
      {"ts", "1541106106796"},
      {"userAgent", R"json("Mozilla/5.0 (Windows NT 6.1; WOW64)")json"},
      {"userId", R"("8")"},
  };
}

// One JSON object line from `fields` (no newline).
inline std::string event_line(const Fields& fields) {
  std::string line = "{";
  for (const auto& [name, value] : fields) {
    if (line.size() > 1) {
      line += ",";
    }
    line += "\"" + name + "\":" + value;
  }
  return line + "}";
}

// A valid line with one field replaced (or added).
inline std::string event_with(const std::string& name, const std::string& value) {
  Fields fields = valid_event_fields();
  fields[name] = value;
  return event_line(fields);
}

// A valid line without one field.
inline std::string event_without(const std::string& name) {
  Fields fields = valid_event_fields();
  fields.erase(name);
  return event_line(fields);
}

}  // namespace sparkify::parse::testing
