#include "config/ini_document.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "common/ascii.h"
#include "common/error.h"

namespace sparkify::config {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool is_comment_start(char c) { return c == '#' || c == ';'; }

// Reports a mistake on one line of the file.
class LineErrors {
 public:
  explicit LineErrors(std::string_view name) : name_(name) {}
  int line = 0;
  template <typename... Args>
  [[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) const {
    throw Error(ErrorKind::config,
                fmt::format("{}:{}: {}", name_, line, fmt::format(format, std::forward<Args>(args)...)));
  }

 private:
  std::string_view name_;
};

// The value after `=`: where its text starts and ends in `raw`, and the value.
struct ValueSpan {
  std::size_t at = 0, end = 0;
  std::string value;
};

ValueSpan read_value(std::string_view raw, std::size_t after_delimiter, const LineErrors& errors) {
  std::size_t at = after_delimiter;
  while (at < raw.size() && is_blank(raw[at])) ++at;
  if (at < raw.size() && (raw[at] == '\'' || raw[at] == '"')) {
    const char quote = raw[at];
    const auto close = raw.find(quote, at + 1);
    if (close == std::string_view::npos) {
      errors.fail("the value's opening {} has no closing {}: close the quote", quote, quote);
    }
    auto rest = trim(raw.substr(close + 1));
    if (!rest.empty() && !is_comment_start(rest.front())) {
      errors.fail("unexpected text '{}' after the closing quote: put it inside the quotes, or start a comment with #",
                  rest);
    }
    return {at, close + 1, std::string(raw.substr(at + 1, close - at - 1))};
  }
  std::size_t end = at;
  for (std::size_t i = at; i < raw.size(); ++i) {
    if (is_comment_start(raw[i]) && i > after_delimiter && is_blank(raw[i - 1])) break;
    if (!is_blank(raw[i])) end = i + 1;
  }
  if (end == at) return {after_delimiter, after_delimiter, ""};  // empty: a new value goes right after '='
  return {at, end, std::string(raw.substr(at, end - at))};
}

// The text to write for `value` so that read_value gives it back.
std::string written_value(std::string_view value) {
  bool needs_quotes = !value.empty() && (is_blank(value.front()) || is_blank(value.back()) || value.front() == '\'' ||
                                         value.front() == '"');
  for (std::size_t i = 1; i < value.size(); ++i) {
    if (is_comment_start(value[i]) && is_blank(value[i - 1])) needs_quotes = true;
  }
  if (!needs_quotes) return std::string(value);
  const char quote = value.find('\'') == std::string_view::npos ? '\'' : '"';
  return fmt::format("{}{}{}", quote, value, quote);
}

}  // namespace

IniDocument IniDocument::load(const std::filesystem::path& path, IfMissing if_missing) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    if (if_missing == IfMissing::empty) return IniDocument{};
    throw_error(ErrorKind::config, "config file {} does not exist: check the --config path", path.string());
  }
  if (std::filesystem::is_directory(status)) {
    throw_error(ErrorKind::config, "config file {} is a folder: give --config the path of an INI file", path.string());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_error(ErrorKind::config, "cannot read config file {}: check its permissions", path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path.string());
}

IniDocument IniDocument::parse(std::string_view text, std::string_view name) {
  IniDocument doc;
  doc.trailing_newline_ = text.empty() || text.back() == '\n';
  LineErrors errors(name);
  std::string section, section_as_written;
  std::map<std::string, int> seen_sections, seen_keys;  // lower-case name -> line
  while (!text.empty()) {
    ++errors.line;
    auto end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    Line line;
    line.text = std::string(raw);                                // byte for byte, a UTF-8 byte order mark included
    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";  // Windows editors start UTF-8 files with it
    if (errors.line == 1 && raw.starts_with(kByteOrderMark)) raw.remove_prefix(kByteOrderMark.size());
    const std::string_view content = trim(raw);
    if (content.empty() || is_comment_start(content.front())) {
      // blank line or comment
    } else if (content.front() == '[') {
      const auto close = content.find(']');
      if (close == std::string_view::npos) errors.fail("section header '{}' has no closing ']'", content);
      const auto rest = trim(content.substr(close + 1));
      if (!rest.empty() && !is_comment_start(rest.front())) {
        errors.fail("unexpected text '{}' after the section header: start a comment with #", rest);
      }
      section_as_written = std::string(trim(content.substr(1, close - 1)));
      if (section_as_written.empty()) errors.fail("empty section name '[]'");
      section = ascii_lower(section_as_written);
      if (auto [it, added] = seen_sections.emplace(section, errors.line); !added) {
        errors.fail("section [{}] appears twice (first on line {}): merge the two", section_as_written, it->second);
      }
      line.header = true;
    } else {
      const auto delimiter = raw.find_first_of("=:");
      if (delimiter == std::string_view::npos) {
        errors.fail("'{}' is not KEY = VALUE: add '=', or start the line with # to make it a comment", content);
      }
      line.key_as_written = std::string(trim(raw.substr(0, delimiter)));
      if (line.key_as_written.empty()) errors.fail("'{}' has no key before '{}'", content, raw[delimiter]);
      if (section.empty()) {
        errors.fail("key {} comes before any [SECTION] header: move it under one", line.key_as_written);
      }
      line.key = ascii_lower(line.key_as_written);
      if (auto [it, added] = seen_keys.emplace(section + "\n" + line.key, errors.line); !added) {
        errors.fail("{} appears twice in [{}] (first on line {}): keep one", line.key_as_written, section_as_written,
                    it->second);
      }
      auto value = read_value(raw, delimiter + 1, errors);
      line.value = std::move(value.value);
      line.value_at = value.at;
      line.value_end = value.end;
    }
    line.section = section;
    line.section_as_written = section_as_written;
    doc.lines_.push_back(std::move(line));
  }
  return doc;
}

std::optional<std::string> IniDocument::get(std::string_view section, std::string_view key) const {
  auto entry = find(section, key);
  if (!entry) return std::nullopt;
  return std::move(entry->value);
}

std::optional<IniEntry> IniDocument::find(std::string_view section, std::string_view key) const {
  const std::string s = ascii_lower(section), k = ascii_lower(key);
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    const auto& line = lines_[i];
    if (line.section == s && line.key == k) {
      return IniEntry{line.section_as_written, line.key_as_written, line.value, static_cast<int>(i + 1)};
    }
  }
  return std::nullopt;
}

void IniDocument::set(std::string_view section, std::string_view key, std::string_view value) {
  const std::string s = ascii_lower(section), k = ascii_lower(key);
  const std::string text = written_value(value);
  for (auto& line : lines_) {
    if (line.section == s && line.key == k) {
      std::size_t replace_end = line.value_end;
      const std::string& replacement = text;
      if (line.value_at == line.value_end && trim(line.text.substr(line.value_end)).empty()) {
        // `KEY =` or `KEY = `: the value replaces the trailing blanks, after one space if there was one.
        const bool spaced = line.value_end < line.text.size();
        line.text.resize(line.value_at);
        if (spaced) {
          line.text += ' ';
          ++line.value_at;
        }
        replace_end = line.value_at;
      }
      line.text.replace(line.value_at, replace_end - line.value_at, replacement);
      line.value_end = line.value_at + replacement.size();
      line.value = std::string(value);
      return;
    }
  }
  // Append after the last non-blank line of the section, or add the section.
  std::optional<std::size_t> last;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].section == s && !trim(lines_[i].text).empty()) last = i;
  }
  Line added;
  added.text = fmt::format("{} = {}", key, text);
  added.section = s;
  added.key = k;
  added.value = std::string(value);
  added.section_as_written = last ? lines_[*last].section_as_written : std::string(section);
  added.key_as_written = std::string(key);
  added.value_at = key.size() + 3;
  added.value_end = added.text.size();
  if (last) {
    lines_.insert(lines_.begin() + static_cast<std::ptrdiff_t>(*last + 1), std::move(added));
    return;
  }
  if (!lines_.empty() && !trim(lines_.back().text).empty()) {
    Line blank;
    blank.section = lines_.back().section;
    blank.section_as_written = lines_.back().section_as_written;
    lines_.push_back(std::move(blank));
  }
  Line header;
  header.text = fmt::format("[{}]", section);
  header.section = s;
  header.section_as_written = std::string(section);
  header.header = true;
  lines_.push_back(std::move(header));
  lines_.push_back(std::move(added));
  trailing_newline_ = true;
}

std::vector<IniEntry> IniDocument::sections() const {
  std::vector<IniEntry> out;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].header) out.push_back({lines_[i].section_as_written, "", "", static_cast<int>(i + 1)});
  }
  return out;
}

std::vector<IniEntry> IniDocument::entries() const {
  std::vector<IniEntry> out;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    const auto& line = lines_[i];
    if (!line.key.empty()) {
      out.push_back({line.section_as_written, line.key_as_written, line.value, static_cast<int>(i + 1)});
    }
  }
  return out;
}

std::string IniDocument::text() const {
  std::string out;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    out += lines_[i].text;
    if (i + 1 < lines_.size() || trailing_newline_) out += '\n';
  }
  return out;
}

void IniDocument::save(const std::filesystem::path& path) const {
  auto temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text();
    if (!out) throw_error(ErrorKind::config, "cannot write {}: check the folder's permissions", temp.string());
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) throw_error(ErrorKind::config, "cannot replace {}: {}", path.string(), ec.message());
}

}  // namespace sparkify::config
