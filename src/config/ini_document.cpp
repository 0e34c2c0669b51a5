#include "config/ini_document.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "common/error.h"

namespace sparkify::config {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::string_view unquote(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front()) {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

bool is_comment(std::string_view line) { return line.empty() || line.front() == '#' || line.front() == ';'; }

}  // namespace

IniDocument IniDocument::load(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return IniDocument{};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_error(ErrorKind::config, "cannot read config file {}: check its permissions", path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str());
}

IniDocument IniDocument::parse(std::string_view text) {
  IniDocument doc;
  doc.trailing_newline_ = text.empty() || text.back() == '\n';
  std::string section;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    Line line{std::string(raw), {}, {}};
    std::string_view content = trim(raw);
    if (!is_comment(content) && content.front() == '[' && content.back() == ']') {
      section = lower(trim(content.substr(1, content.size() - 2)));
    } else if (!is_comment(content)) {
      auto eq = content.find_first_of("=:");
      if (eq != std::string_view::npos) line.key = lower(trim(content.substr(0, eq)));
    }
    line.section = section;
    doc.lines_.push_back(std::move(line));
  }
  return doc;
}

std::optional<std::string> IniDocument::get(std::string_view section, std::string_view key) const {
  const std::string s = lower(section), k = lower(key);
  for (const auto& line : lines_) {
    if (line.section != s || line.key != k) continue;
    std::string_view content = trim(line.text);
    return std::string(unquote(trim(content.substr(content.find_first_of("=:") + 1))));
  }
  return std::nullopt;
}

void IniDocument::set(std::string_view section, std::string_view key, std::string_view value) {
  const std::string s = lower(section), k = lower(key);
  for (auto& line : lines_) {
    if (line.section == s && line.key == k) {
      auto eq = line.text.find_first_of("=:");
      std::string_view before_value(line.text.data(), eq + 1);
      const bool spaced = eq + 1 < line.text.size() && line.text[eq + 1] == ' ';
      line.text = std::string(before_value) + (spaced ? " " : "") + std::string(value);
      return;
    }
  }
  // Append after the last non-blank line of the section, or add the section.
  std::optional<std::size_t> last;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].section == s && !trim(lines_[i].text).empty()) last = i;
  }
  Line added{fmt::format("{} = {}", key, value), s, k};
  if (last) {
    lines_.insert(lines_.begin() + static_cast<std::ptrdiff_t>(*last + 1), std::move(added));
    return;
  }
  if (!lines_.empty() && !trim(lines_.back().text).empty()) lines_.push_back(Line{"", lines_.back().section, ""});
  lines_.push_back(Line{fmt::format("[{}]", section), s, ""});
  lines_.push_back(std::move(added));
  trailing_newline_ = true;
}

std::vector<IniDocument::KeyLine> IniDocument::key_lines() const {
  std::vector<KeyLine> out;
  std::string section;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    const std::string_view content = trim(lines_[i].text);
    if (!is_comment(content) && content.front() == '[' && content.back() == ']') {
      section = std::string(trim(content.substr(1, content.size() - 2)));
    } else if (!lines_[i].key.empty()) {
      out.push_back({i + 1, section, std::string(trim(content.substr(0, content.find_first_of("=:"))))});
    }
  }
  return out;
}

std::vector<std::size_t> IniDocument::unparsed_lines() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    const std::string_view content = trim(lines_[i].text);
    const bool header = !is_comment(content) && content.front() == '[' && content.back() == ']';
    if (!is_comment(content) && !header && lines_[i].key.empty()) out.push_back(i + 1);
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
