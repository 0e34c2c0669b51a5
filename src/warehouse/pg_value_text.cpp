#include "warehouse/pg_value_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace sparkify::warehouse {

namespace {

// Type OIDs from PostgreSQL's catalog (pg_type.dat); fixed since 7.x.
constexpr Oid kBoolOid = 16;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kNumericOid = 1700;
constexpr Oid kTimestampOid = 1114, kTimestampTzOid = 1184;
constexpr Oid kJsonOid = 114, kJsonbOid = 3802;

template <typename Float>
std::string float_text(std::string_view pg_text) {
  if (pg_text == "NaN") return "nan";
  if (pg_text == "Infinity") return "inf";
  if (pg_text == "-Infinity") return "-inf";
  Float value{};
  const auto parsed = std::from_chars(pg_text.data(), pg_text.data() + pg_text.size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != pg_text.data() + pg_text.size()) return std::string(pg_text);

  char buffer[64];
  const Float magnitude = std::fabs(value);
  const bool fixed = value == 0 || (magnitude >= Float(1e-4) && magnitude < Float(1e16));
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, value,
                                     fixed ? std::chars_format::fixed : std::chars_format::scientific);
  std::string out(buffer, written.ptr);
  if (fixed && out.find('.') == std::string::npos) out += ".0";
  return out;
}

}  // namespace

std::string neutral_value_text(Oid type, std::string_view text) {
  switch (type) {
    case kFloat8Oid:
      return float_text<double>(text);
    case kFloat4Oid:
      return float_text<float>(text);
    case kBoolOid:
      return text == "t" ? "true" : text == "f" ? "false" : std::string(text);
    default:
      return std::string(text);
  }
}

ValueKind value_kind(Oid type) {
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
      return ValueKind::integer;
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      return ValueKind::decimal;
    case kBoolOid:
      return ValueKind::boolean;
    case kTimestampOid:
    case kTimestampTzOid:
      return ValueKind::timestamp;
    case kJsonOid:
    case kJsonbOid:
      return ValueKind::nested;  // already JSON text: shown as is, embedded in JSON output
    default:
      return ValueKind::text;
  }
}

}  // namespace sparkify::warehouse
