#include "common/redact.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "common/ascii.h"

namespace sparkify {
namespace {

struct Userinfo {
  std::size_t start = 0;     // just after "://"
  std::size_t at = 0;        // position of the '@' that ends it
  std::size_t user_end = 0;  // end of the user name (first ':' or '@')
};

bool ends_uri(char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '`'; }

bool is_scheme_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }

bool may_carry_credentials(std::string_view scheme) {
  constexpr std::array<std::string_view, 5> kSchemes = {"postgresql", "postgres", "redshift", "http", "https"};
  const std::string lower = ascii_lower(scheme);
  return std::find(kSchemes.begin(), kSchemes.end(), lower) != kSchemes.end();
}

// The userinfo of the URI whose "://" is at `marker`, when it holds a password.
std::optional<Userinfo> find_userinfo(std::string_view text, std::size_t marker) {
  std::size_t scheme_start = marker;
  while (scheme_start > 0 && is_scheme_char(text[scheme_start - 1])) --scheme_start;
  const std::string_view scheme = text.substr(scheme_start, marker - scheme_start);
  const std::size_t start = marker + 3;
  std::size_t end = start;
  while (end < text.size() && !ends_uri(text[end]) && text[end] != '?' && text[end] != '#') ++end;
  const std::size_t at = text.substr(start, end - start).rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view userinfo = text.substr(start, at);
  if (userinfo.find('/') != std::string_view::npos && !may_carry_credentials(scheme)) return std::nullopt;
  const std::size_t user_end = userinfo.find_first_of(":@");
  if (user_end == std::string_view::npos) return std::nullopt;  // a user name only
  return Userinfo{start, start + at, start + user_end};
}

}  // namespace

std::string redact_userinfo(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t marker = text.find("://"); marker != std::string_view::npos; marker = text.find("://", marker + 3)) {
    if (marker < copied) continue;
    const auto userinfo = find_userinfo(text, marker);
    if (!userinfo) continue;
    out.append(text.substr(copied, userinfo->user_end - copied)).append(":").append(kRedacted);
    copied = userinfo->at;  // keeps the '@' and what follows
  }
  out.append(text.substr(copied));
  return out;
}

std::string redact_uri_secrets(std::string_view text, std::string_view uri) {
  std::string out = redact_userinfo(text);
  const std::size_t marker = uri.find("://");
  const auto userinfo = marker == std::string_view::npos ? std::nullopt : find_userinfo(uri, marker);
  if (!userinfo) return out;
  const std::string_view password = uri.substr(userinfo->user_end + 1, userinfo->at - userinfo->user_end - 1);
  std::vector<std::string_view> pieces{password};
  for (std::size_t begin = 0; begin <= password.size();) {
    const std::size_t end = std::min(password.find_first_of(":@", begin), password.size());
    if (end > begin) pieces.push_back(password.substr(begin, end - begin));
    begin = end + 1;
  }
  std::sort(pieces.begin(), pieces.end(), [](auto a, auto b) { return a.size() > b.size(); });
  for (const auto piece : pieces) {
    if (piece.empty() || piece == kRedacted) continue;
    for (std::size_t found = out.find(piece); found != std::string::npos; found = out.find(piece, found)) {
      out.replace(found, piece.size(), kRedacted);
      found += kRedacted.size();
    }
  }
  return out;
}

}  // namespace sparkify
