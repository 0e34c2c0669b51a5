#include "warehouse/value_json.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace sparkify::warehouse {
namespace {

bool is_json_number(std::string_view text) {
  if (text.empty()) return false;
  try {
    return nlohmann::json::parse(text).is_number();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

}  // namespace

std::string json_string(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_value(const std::optional<std::string>& value, ValueKind kind) {
  if (!value) return "null";
  switch (kind) {
    case ValueKind::integer:
    case ValueKind::decimal:
      return is_json_number(*value) ? *value : json_string(*value);
    case ValueKind::boolean:
      return *value == "true" || *value == "t"    ? "true"
             : *value == "false" || *value == "f" ? "false"
                                                  : json_string(*value);
    case ValueKind::timestamp:
      return json_string(iso_utc(*value));
    case ValueKind::nested:
      return *value;
    case ValueKind::text:
      break;
  }
  return json_string(*value);
}

std::string fixed_millis(std::string_view timestamp) {
  // YYYY-MM-DD HH:MM:SS[.f…][zone]
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > timestamp.size()) return false;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(timestamp[i]))) return false;
    }
    return true;
  };
  if (!digits(0, 4) || timestamp.size() < 19 || timestamp[4] != '-' || timestamp[10] != ' ' || timestamp[13] != ':' ||
      timestamp[16] != ':' || !digits(17, 2)) {
    return std::string(timestamp);
  }
  std::size_t end = 19, fraction = 0;
  if (end < timestamp.size() && timestamp[end] == '.') {
    ++end;
    while (end < timestamp.size() && std::isdigit(static_cast<unsigned char>(timestamp[end]))) ++end, ++fraction;
  }
  std::string out(timestamp.substr(0, end));
  if (fraction == 0 && out.back() != '.') out += '.';
  if (fraction < 3) out.append(3 - fraction, '0');
  return out + std::string(timestamp.substr(end));
}

std::string iso_utc(std::string_view text) {
  std::string fixed = fixed_millis(text);
  if (fixed.size() < 19 || fixed[10] != ' ') return fixed;
  fixed[10] = 'T';
  for (std::string_view utc : {"+00:00", "+00"}) {
    if (fixed.size() > utc.size() && fixed.compare(fixed.size() - utc.size(), utc.size(), utc) == 0) {
      fixed.resize(fixed.size() - utc.size());
      break;
    }
  }
  if (fixed.find_first_of("+-", 19) == std::string::npos) fixed += 'Z';
  return fixed;
}

}  // namespace sparkify::warehouse
