// Splitting SQL text into statements at top-level semicolons, for `sparkify
// query` with several statements ("SELECT 1; SELECT 2", a file, stdin).
// Semicolons inside 'strings' (with '' escapes), "identifiers", -- line
// comments, /* block comments */ and PostgreSQL $tag$ dollar quotes $tag$ do
// not split. Statements holding only blanks and comments are dropped; each
// statement is returned without its semicolon.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sparkify::cli {

std::vector<std::string> split_statements(std::string_view sql);

}  // namespace sparkify::cli
