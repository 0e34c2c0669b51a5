#include "parse/json_record.h"

#include <fmt/format.h>

#include <limits>

namespace sparkify::parse::detail {

namespace {

// How much of a bad value a reject reason quotes.
constexpr std::size_t kMaxQuoted = 40;

std::string_view trim_trailing_space(std::string_view token) {
  while (!token.empty() && is_json_space(token.back())) {
    token.remove_suffix(1);
  }
  return token;
}

std::string quote_value(std::string_view token) {
  if (token.size() <= kMaxQuoted) {
    return std::string(token);
  }
  return fmt::format("{}...", token.substr(0, kMaxQuoted));
}

std::string_view type_name(ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::array: return "array";
    case ondemand::json_type::object: return "object";
    case ondemand::json_type::number: return "number";
    case ondemand::json_type::string: return "string";
    case ondemand::json_type::boolean: return "boolean";
    case ondemand::json_type::null: return "null";
  }
  return "unknown";
}

// The json_type bit of `type`, for the `accepted` masks of read_nullable.
constexpr unsigned type_bit(ondemand::json_type type) { return 1u << static_cast<unsigned>(type); }
constexpr unsigned kNumber = type_bit(ondemand::json_type::number);
constexpr unsigned kString = type_bit(ondemand::json_type::string);

enum class Integral { ok, not_integral, out_of_range };

// Reads a JSON number token of the form -?digits(.0+)? exactly into an int64.
// Any other form (exponent, non-zero fraction, malformed) is not_integral.
Integral parse_integral(std::string_view token, std::int64_t& out) {
  std::size_t i = 0;
  const bool negative = !token.empty() && token[0] == '-';
  if (negative) {
    ++i;
  }
  const std::size_t digits_start = i;
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  const std::uint64_t limit = negative ? kMax + 1 : kMax;
  std::uint64_t magnitude = 0;
  bool overflow = false;
  for (; i < token.size() && token[i] >= '0' && token[i] <= '9'; ++i) {
    const auto digit = static_cast<std::uint64_t>(token[i] - '0');
    overflow = overflow || magnitude > (limit - digit) / 10;
    magnitude = overflow ? magnitude : magnitude * 10 + digit;
  }
  const std::size_t digits = i - digits_start;
  if (digits == 0 || (digits > 1 && token[digits_start] == '0')) {
    return Integral::not_integral;
  }
  if (i < token.size()) {
    if (token[i] != '.' || i + 1 == token.size()) {
      return Integral::not_integral;
    }
    for (++i; i < token.size(); ++i) {
      if (token[i] != '0') {
        return Integral::not_integral;
      }
    }
  }
  if (overflow) {
    return Integral::out_of_range;
  }
  out = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
  return Integral::ok;
}

}  // namespace

void pad_in_place(std::string& body) {
  const std::size_t size = body.size();
  if (body.capacity() - size < simdjson::SIMDJSON_PADDING) {
    body.reserve(size + simdjson::SIMDJSON_PADDING);
  }
  body.resize(size + simdjson::SIMDJSON_PADDING, '\0');
  body.resize(size);
}

PaddedText padded_view(const std::string& body) {
  return PaddedText{body.data(), body.size(), body.capacity()};
}

ondemand::parser& thread_parser() {
  thread_local ondemand::parser parser;
  return parser;
}

bool is_one_json_value(const PaddedText& text) {
  ondemand::document document;
  if (thread_parser().iterate(text.data, text.size, text.capacity).get(document)) {
    return false;
  }
  std::string_view raw;
  if (document.raw_json().get(raw)) {
    return false;
  }
  return document.current_location().error() != simdjson::SUCCESS;
}

template <typename Out, typename ReadPresent>
bool ValueReader::read_nullable(ondemand::value& value, std::string_view name, unsigned accepted,
                                std::string_view expected, Out& out, ReadPresent&& read_present) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) {
    return fail_json(error);
  }
  if (type == ondemand::json_type::null) {
    out.reset();
    return read_null(value);
  }
  if ((accepted & type_bit(type)) == 0) {
    return fail_type(name, expected, type);
  }
  return read_present(type);
}

bool ValueReader::read_text(ondemand::value& value, std::string_view name, Text& out) {
  return read_nullable(value, name, kString, "a string", out, [&](ondemand::json_type) {
    std::string_view text;
    if (!read_string(value, text)) {
      return false;
    }
    out = text;
    return true;
  });
}

bool ValueReader::read_int64(ondemand::value& value, std::string_view name,
                             std::optional<std::int64_t>& out) {
  return read_nullable(value, name, kNumber, "an integer", out,
                       [&](ondemand::json_type) { return read_integer(value, name, out); });
}

bool ValueReader::read_int32(ondemand::value& value, std::string_view name,
                             std::optional<std::int32_t>& out) {
  std::optional<std::int64_t> wide;
  if (!read_int64(value, name, wide)) {
    return false;
  }
  if (!wide) {
    out.reset();
    return true;
  }
  if (*wide < std::numeric_limits<std::int32_t>::min() || *wide > std::numeric_limits<std::int32_t>::max()) {
    return fail_value(name, "a 32-bit integer", std::to_string(*wide));
  }
  out = static_cast<std::int32_t>(*wide);
  return true;
}

bool ValueReader::read_double(ondemand::value& value, std::string_view name, std::optional<double>& out) {
  return read_nullable(value, name, kNumber, "a number", out, [&](ondemand::json_type) {
    double number = 0;
    if (auto error = value.get_double().get(number)) {
      return fail_json(error);
    }
    out = number;
    return true;
  });
}

bool ValueReader::read_user_id(ondemand::value& value, std::string_view name,
                               std::optional<std::int64_t>& out) {
  return read_nullable(value, name, kString | kNumber, "a string of digits", out, [&](ondemand::json_type type) {
    if (type == ondemand::json_type::number) {
      return read_integer(value, name, out);
    }
    std::string_view text;
    if (!read_string(value, text)) {
      return false;
    }
    if (text.empty()) {
      out.reset();
      return true;
    }
    std::int64_t id = 0;
    const bool all_digits = text.find_first_not_of("0123456789") == std::string_view::npos;
    if (!all_digits || parse_integral(text, id) != Integral::ok) {
      return fail_value(name, "a string of digits", fmt::format("\"{}\"", text));
    }
    out = id;
    return true;
  });
}

bool ValueReader::read_integer(ondemand::value& value, std::string_view name,
                               std::optional<std::int64_t>& out) {
  std::int64_t integer = 0;
  if (value.get_int64().get(integer) == simdjson::SUCCESS) {
    out = integer;
    return true;
  }
  // Not a plain int64: a zero fraction, a non-integral or out-of-range number,
  // or a malformed token (which get_double reports as invalid JSON).
  const std::string_view token = trim_trailing_space(value.raw_json_token());
  const Integral integral = parse_integral(token, integer);
  if (integral == Integral::ok) {
    out = integer;
    return true;
  }
  double number = 0;
  if (auto error = value.get_double().get(number)) {
    return fail_json(error);
  }
  return fail_value(name, integral == Integral::out_of_range ? "a 64-bit integer" : "an integer", token);
}

bool ValueReader::fail_json(simdjson::error_code error) {
  reason_ = fmt::format("invalid JSON: {}", simdjson::error_message(error));
  return false;
}

bool ValueReader::fail_not_object() {
  reason_ = "not a JSON object";
  return false;
}

bool ValueReader::fail_missing(std::string_view name) {
  reason_ = fmt::format("missing required field \"{}\"", name);
  return false;
}

bool ValueReader::fail_null(std::string_view name) {
  reason_ = fmt::format("field \"{}\": required, got null", name);
  return false;
}

bool ValueReader::read_null(ondemand::value& value) {
  bool is_null = false;
  if (auto error = value.is_null().get(is_null)) {
    return fail_json(error);
  }
  return is_null || fail_json(simdjson::N_ATOM_ERROR);
}

bool ValueReader::read_string(ondemand::value& value, std::string_view& out) {
  // Fast path: the token is "..." plus trailing whitespace; without a
  // backslash its content is the decoded string, so view it in place.
  const std::string_view token = trim_trailing_space(value.raw_json_token());
  if (token.size() >= 2 && token.back() == '"') {
    const std::string_view content = token.substr(1, token.size() - 2);
    if (std::memchr(content.data(), '\\', content.size()) == nullptr) {
      out = content;
      return true;
    }
  }
  std::string_view decoded;
  if (auto error = value.get_string().get(decoded)) {
    return fail_json(error);
  }
  out = arena_.store(decoded);
  return true;
}

bool ValueReader::fail_type(std::string_view name, std::string_view expected, ondemand::json_type got) {
  reason_ = fmt::format("field \"{}\": expected {}, got {}", name, expected, type_name(got));
  return false;
}

bool ValueReader::fail_value(std::string_view name, std::string_view expected, std::string_view got) {
  reason_ = fmt::format("field \"{}\": expected {}, got {}", name, expected, quote_value(got));
  return false;
}

}  // namespace sparkify::parse::detail
