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
    case ondemand::json_type::array:
      return "array";
    case ondemand::json_type::object:
      return "object";
    case ondemand::json_type::number:
      return "number";
    case ondemand::json_type::string:
      return "string";
    case ondemand::json_type::boolean:
      return "boolean";
    case ondemand::json_type::null:
      return "null";
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

// True when `token` is a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view token) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < token.size() && token[i] >= '0' && token[i] <= '9') {
      ++i;
    }
    return i - start;
  };
  if (i < token.size() && token[i] == '-') {
    ++i;
  }
  const std::size_t int_start = i;
  const std::size_t int_digits = digits();
  if (int_digits == 0 || (int_digits > 1 && token[int_start] == '0')) {
    return false;
  }
  if (i < token.size() && token[i] == '.') {
    ++i;
    if (digits() == 0) {
      return false;
    }
  }
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) {
      ++i;
    }
    if (digits() == 0) {
      return false;
    }
  }
  return i == token.size();
}

// Reads every token of `value`, nested arrays and objects included.
simdjson::error_code validate_value(ondemand::value& value) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) {
    return error;
  }
  switch (type) {
    case ondemand::json_type::object: {
      ondemand::object object;
      if (auto error = value.get_object().get(object)) {
        return error;
      }
      for (auto field_result : object) {
        ondemand::field field;
        std::string_view key;
        if (auto error = std::move(field_result).get(field)) {
          return error;
        }
        if (auto error = field.unescaped_key().get(key)) {
          return error;
        }
        if (auto error = validate_value(field.value())) {
          return error;
        }
      }
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      if (auto error = value.get_array().get(array)) {
        return error;
      }
      for (auto element_result : array) {
        ondemand::value element;
        if (auto error = std::move(element_result).get(element)) {
          return error;
        }
        if (auto error = validate_value(element)) {
          return error;
        }
      }
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::number:
      return is_json_number(trim_trailing_space(value.raw_json_token())) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
    case ondemand::json_type::string: {
      std::string_view text;
      return value.get_string().get(text);
    }
    case ondemand::json_type::boolean: {
      bool flag = false;
      return value.get_bool().get(flag);
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) {
        return error;
      }
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::INCORRECT_TYPE;
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
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  const std::size_t skip = std::string_view(body).starts_with(kBom) ? kBom.size() : 0;
  return PaddedText{body.data() + skip, body.size() - skip, body.capacity() - skip};
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
    if (!read_string(value, name, text)) {
      return false;
    }
    out = text;
    return true;
  });
}

bool ValueReader::read_int64(ondemand::value& value, std::string_view name, std::optional<std::int64_t>& out) {
  return read_nullable(value, name, kNumber, "an integer", out,
                       [&](ondemand::json_type) { return read_integer(value, name, out); });
}

bool ValueReader::read_int32(ondemand::value& value, std::string_view name, std::optional<std::int32_t>& out) {
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

bool ValueReader::read_user_id(ondemand::value& value, std::string_view name, std::optional<std::int64_t>& out) {
  return read_nullable(value, name, kString | kNumber, "a string of digits", out, [&](ondemand::json_type type) {
    if (type == ondemand::json_type::number) {
      return read_integer(value, name, out);
    }
    std::string_view text;
    if (!read_string(value, name, text)) {
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

bool ValueReader::read_integer(ondemand::value& value, std::string_view name, std::optional<std::int64_t>& out) {
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

bool ValueReader::skip_unknown(ondemand::field& field) {
  std::string_view key;
  if (auto error = field.unescaped_key().get(key)) {
    return fail_json(error);
  }
  if (auto error = validate_value(field.value())) {
    reason_ = fmt::format("invalid JSON in field \"{}\": {}", quote_value(key), simdjson::error_message(error));
    return false;
  }
  return true;
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

bool ValueReader::read_string(ondemand::value& value, std::string_view name, std::string_view& out) {
  // Fast path: the token is "..." plus trailing whitespace; without a
  // backslash its content is the decoded string, so view it in place.
  const std::string_view token = trim_trailing_space(value.raw_json_token());
  if (token.size() >= 2 && token.back() == '"') {
    const std::string_view content = token.substr(1, token.size() - 2);
    // A raw NUL (or other control) byte never gets here: simdjson rejects
    // unescaped control characters in strings when it indexes the text.
    if (std::memchr(content.data(), '\\', content.size()) == nullptr) {
      out = content;
      return true;
    }
  }
  std::string_view decoded;
  if (auto error = value.get_string().get(decoded)) {
    return fail_json(error);
  }
  if (decoded.find('\0') != std::string_view::npos) {
    return fail_nul(name);
  }
  out = arena_.store(decoded);
  return true;
}

bool ValueReader::fail_time_range(std::string_view name, std::int64_t got, std::int64_t min_ms, std::int64_t max_ms) {
  reason_ = fmt::format(
      "field \"{}\": {} is outside the timestamp range of every engine (epoch ms {} to {}, "
      "years 0001 to 9999 UTC)",
      name, got, min_ms, max_ms);
  return false;
}

bool ValueReader::fail_nul(std::string_view name) {
  reason_ = fmt::format("field \"{}\": contains U+0000 (NUL), which PostgreSQL and Redshift cannot store", name);
  return false;
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
