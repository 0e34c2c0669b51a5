// IniDocument: dwh.cfg (or ~/.aws/credentials) as text lines, readable and
// editable without losing anything. get() reads a value; set() changes a value
// in place (or appends the key to its section, or the section to the file) and
// keeps every other line, comment and blank line byte for byte.
//
// The syntax, as Python's configparser reads the original project's dwh.cfg:
//  - `[SECTION]` starts a section; a comment may follow the `]`.
//  - `KEY = VALUE` or `KEY: VALUE`; spaces around the key and value are dropped.
//  - A line whose first non-blank character is `#` or `;` is a comment.
//  - In a value, `#` or `;` preceded by a space or tab starts an inline comment
//    (`MAX_ERRORS=5  # a few`). Quote a value to keep such text:
//    `'a #b'` or `"a ;b"` (the quotes are not part of the value).
//  - Section and key names compare case-insensitively.
//  - A UTF-8 byte order mark at the start of the file is skipped (and kept).
// Anything else is a mistake, reported as Error(config) "FILE:LINE: what is
// wrong": a `[` without `]`, a line without `=`, a key before any section, an
// unclosed quote, text after a closing quote, a key or section given twice.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sparkify::config {

// One `KEY = VALUE` line or `[SECTION]` header, with its 1-based line number.
struct IniEntry {
  std::string section;  // as written (header) or of the enclosing header (key)
  std::string key;      // as written; empty for a section header
  std::string value;    // without quotes and comment
  int line = 0;
};

class IniDocument {
 public:
  enum class IfMissing { empty, fail };
  // A missing file gives an empty document (IfMissing::empty) or throws
  // Error(config) (IfMissing::fail); a folder or an unreadable file throws.
  static IniDocument load(const std::filesystem::path& path, IfMissing if_missing = IfMissing::empty);
  // `name` prefixes error messages ("dwh.cfg:3: ...").
  static IniDocument parse(std::string_view text, std::string_view name = "dwh.cfg");

  std::optional<std::string> get(std::string_view section, std::string_view key) const;
  // The key's line, value and names as written, if present.
  std::optional<IniEntry> find(std::string_view section, std::string_view key) const;
  // Replaces only the value (any inline comment stays); quotes it when needed.
  void set(std::string_view section, std::string_view key, std::string_view value);

  std::vector<IniEntry> sections() const;  // every header, in file order
  std::vector<IniEntry> entries() const;   // every key, in file order

  std::string text() const;
  // Writes atomically (temp file + rename) so a crash never leaves half a file.
  void save(const std::filesystem::path& path) const;

 private:
  struct Line {
    std::string text;     // the line as written, without its newline
    std::string section;  // lower-case section this line belongs to
    std::string key;      // lower-case key if the line is "key = value", else empty
    std::string section_as_written, key_as_written;
    std::string value;          // the value read from it (unquoted, no comment)
    std::size_t value_at = 0;   // where the value's text (with quotes) starts in `text`
    std::size_t value_end = 0;  // and where it ends
    bool header = false;
  };
  std::vector<Line> lines_;
  bool trailing_newline_ = true;
};

}  // namespace sparkify::config
