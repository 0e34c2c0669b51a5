// IniDocument: dwh.cfg as text lines, readable and editable without losing
// anything. get() reads a value; set() changes a value in place (or appends
// the key to its section, or the section to the file) and keeps every other
// line, comment and blank line byte for byte. Section and key names compare
// case-insensitively (configparser's habit). Values written in quotes
// ('x' or "x") are read without them, as the original project's dwh.cfg uses.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sparkify::config {

class IniDocument {
 public:
  // A missing file gives an empty document; an unreadable one throws Error(config).
  static IniDocument load(const std::filesystem::path& path);
  static IniDocument parse(std::string_view text);

  std::optional<std::string> get(std::string_view section, std::string_view key) const;
  void set(std::string_view section, std::string_view key, std::string_view value);

  // What the file holds, for checking it (`sparkify doctor`): each key line
  // with its 1-based line number and section as written ("" before any
  // section), and the lines that are neither a section header, a key line, a
  // comment nor blank.
  struct KeyLine {
    std::size_t line = 0;
    std::string section, key;
  };
  std::vector<KeyLine> key_lines() const;
  std::vector<std::size_t> unparsed_lines() const;

  std::string text() const;
  // Writes atomically (temp file + rename) so a crash never leaves half a file.
  void save(const std::filesystem::path& path) const;

 private:
  struct Line {
    std::string text;     // the line as written, without its newline
    std::string section;  // lower-case section this line belongs to
    std::string key;      // lower-case key if the line is "key = value", else empty
  };
  std::vector<Line> lines_;
  bool trailing_newline_ = true;
};

}  // namespace sparkify::config
