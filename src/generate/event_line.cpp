#include "generate/event_line.h"

#include "generate/json_text.h"
#include "parse/staging_fields.h"

namespace sparkify::generate {
namespace {

std::string_view auth_text(Auth auth) {
  switch (auth) {
    case Auth::logged_in:
      return "Logged In";
    case Auth::logged_out:
      return "Logged Out";
    case Auth::guest:
      return "Guest";
  }
  return "Guest";
}

// Appends the JSON value of the staging field `member` for one event.
// Every JSON field of parse::kEventFields needs a branch here; a field
// without one does not compile.
template <auto member>
void append_event_value(std::string& out, const Event& event, const User* user) {
  using parse::EventRow;
  using parse::same_member;
  const auto user_text = [&](std::string_view User::*field) -> std::optional<std::string_view> {
    if (user == nullptr) return std::nullopt;
    return user->*field;
  };
  if constexpr (same_member(member, &EventRow::artist)) {
    append_json_string_or_null(out, event.artist);
  } else if constexpr (same_member(member, &EventRow::auth)) {
    append_json_string(out, auth_text(event.auth));
  } else if constexpr (same_member(member, &EventRow::first_name)) {
    append_json_string_or_null(out, user_text(&User::first_name));
  } else if constexpr (same_member(member, &EventRow::gender)) {
    append_json_string_or_null(out, user_text(&User::gender));
  } else if constexpr (same_member(member, &EventRow::item_in_session)) {
    append_integer(out, event.item_in_session);
  } else if constexpr (same_member(member, &EventRow::last_name)) {
    append_json_string_or_null(out, user_text(&User::last_name));
  } else if constexpr (same_member(member, &EventRow::length)) {
    append_decimal_or_null(out, event.length);
  } else if constexpr (same_member(member, &EventRow::level)) {
    out += event.paid ? R"("paid")" : R"("free")";
  } else if constexpr (same_member(member, &EventRow::location)) {
    append_json_string_or_null(out, user_text(&User::location));
  } else if constexpr (same_member(member, &EventRow::method)) {
    append_json_string(out, event.method);
  } else if constexpr (same_member(member, &EventRow::page)) {
    append_json_string(out, event.page);
  } else if constexpr (same_member(member, &EventRow::registration)) {
    if (user != nullptr) {
      append_integer(out, user->registration);
      out += ".0";
    } else {
      out += "null";
    }
  } else if constexpr (same_member(member, &EventRow::session_id)) {
    append_integer(out, event.session_id);
  } else if constexpr (same_member(member, &EventRow::song)) {
    append_json_string_or_null(out, event.song);
  } else if constexpr (same_member(member, &EventRow::status)) {
    append_integer(out, event.status);
  } else if constexpr (same_member(member, &EventRow::ts)) {
    append_integer(out, event.ts);
  } else if constexpr (same_member(member, &EventRow::user_agent)) {
    if (user != nullptr) {
      append_json_string(out, user->user_agent, JsonEscaping{false, true});
    } else {
      out += "null";
    }
  } else if constexpr (same_member(member, &EventRow::user_id)) {
    append_json_string(out, user != nullptr ? std::string_view(user->id_text) : std::string_view());
  } else {
    static_assert(same_member(member, &EventRow::source_file) || same_member(member, &EventRow::source_line),
                  "a JSON field of parse::kEventFields has no generator");
  }
}

}  // namespace

// The keys, in order, are the JSON fields of parse::kEventFields.
void append_event_line(std::string& out, const Event& event) {
  const User* user = event.has_user_id() ? event.user : nullptr;
  char separator = '{';
  parse::for_each_field_index(parse::kEventFields, [&](auto index) {
    constexpr const auto& field = std::get<decltype(index)::value>(parse::kEventFields);
    if constexpr (field.in_json()) {
      out += separator;
      separator = ',';
      out += '"';
      out += field.json_key;
      out += "\":";
      append_event_value<field.member>(out, event, user);
    }
  });
  out += '}';
}

std::string make_malformed_line(const std::string& valid_line, int kind) {
  const std::size_t ts_at = valid_line.rfind(R"(,"ts":)");
  const std::size_t ts_end = valid_line.find(',', ts_at + 1);
  switch (kind % kMalformedKinds) {
    case 0:  // truncated JSON: a proper prefix of an object never parses
      return valid_line.substr(0, valid_line.size() / 2);
    case 1:  // valid JSON, not an object
      return "[1,2]";
    case 2: {  // required field "ts" missing
      std::string line = valid_line;
      line.erase(ts_at + 1, ts_end - ts_at);
      return line;
    }
    case 3: {  // "ts" not a number
      std::string line = valid_line;
      line.replace(ts_at + 6, ts_end - ts_at - 6, R"("soon")");
      return line;
    }
    default: {  // userId not an integer
      std::string line = valid_line.substr(0, valid_line.rfind(R"("userId":)"));
      line += R"("userId":"abc"})";
      return line;
    }
  }
}

}  // namespace sparkify::generate
