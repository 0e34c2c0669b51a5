#include "cli/sql_script.h"

#include <cctype>

namespace sparkify::cli {
namespace {

// Position just past the quoted or commented span starting at `at`, or `at` if none starts there.
std::size_t skip_span(std::string_view sql, std::size_t at) {
  const char c = sql[at];
  const auto next = [&](std::size_t from, std::string_view end) {
    const auto found = sql.find(end, from);
    return found == std::string_view::npos ? sql.size() : found + end.size();
  };
  if (c == '\'' || c == '"') {
    std::size_t i = at + 1;
    while (i < sql.size()) {
      if (sql[i] == c && i + 1 < sql.size() && sql[i + 1] == c) {
        i += 2;  // doubled quote
      } else if (sql[i] == c) {
        return i + 1;
      } else {
        ++i;
      }
    }
    return sql.size();
  }
  if (sql.substr(at, 2) == "--") return next(at + 2, "\n");
  if (sql.substr(at, 2) == "/*") return next(at + 2, "*/");
  if (c == '$') {
    std::size_t i = at + 1;
    while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_')) ++i;
    if (i < sql.size() && sql[i] == '$') {
      const std::string_view tag = sql.substr(at, i - at + 1);
      return next(i + 1, tag);
    }
  }
  return at;
}

// True when the statement holds something besides blanks and comments.
bool has_code(std::string_view statement) {
  for (std::size_t i = 0; i < statement.size();) {
    if (std::isspace(static_cast<unsigned char>(statement[i]))) {
      ++i;
    } else if (statement.substr(i, 2) == "--" || statement.substr(i, 2) == "/*") {
      i = skip_span(statement, i);
    } else {
      return true;
    }
  }
  return false;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> statements;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= sql.size();) {
    if (i == sql.size() || sql[i] == ';') {
      const auto statement = sql.substr(start, i - start);
      if (has_code(statement)) statements.emplace_back(trimmed(statement));
      start = ++i;
      continue;
    }
    const std::size_t end = skip_span(sql, i);
    i = end > i ? end : i + 1;
  }
  return statements;
}

}  // namespace sparkify::cli
