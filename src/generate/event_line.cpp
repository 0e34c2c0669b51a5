#include "generate/event_line.h"

#include "generate/json_text.h"

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

}  // namespace

void append_event_line(std::string& out, const Event& event) {
  const User* user = event.has_user_id() ? event.user : nullptr;
  const auto user_text = [&](std::string_view User::*field) -> std::optional<std::string_view> {
    if (user == nullptr) return std::nullopt;
    return user->*field;
  };
  out += R"({"artist":)";
  append_json_string_or_null(out, event.artist);
  out += R"(,"auth":)";
  append_json_string(out, auth_text(event.auth));
  out += R"(,"firstName":)";
  append_json_string_or_null(out, user_text(&User::first_name));
  out += R"(,"gender":)";
  append_json_string_or_null(out, user_text(&User::gender));
  out += R"(,"itemInSession":)";
  append_integer(out, event.item_in_session);
  out += R"(,"lastName":)";
  append_json_string_or_null(out, user_text(&User::last_name));
  out += R"(,"length":)";
  append_decimal_or_null(out, event.length);
  out += R"(,"level":)";
  out += event.paid ? R"("paid")" : R"("free")";
  out += R"(,"location":)";
  append_json_string_or_null(out, user_text(&User::location));
  out += R"(,"method":)";
  append_json_string(out, event.method);
  out += R"(,"page":)";
  append_json_string(out, event.page);
  out += R"(,"registration":)";
  if (user != nullptr) {
    append_integer(out, user->registration);
    out += ".0";
  } else {
    out += "null";
  }
  out += R"(,"sessionId":)";
  append_integer(out, event.session_id);
  out += R"(,"song":)";
  append_json_string_or_null(out, event.song);
  out += R"(,"status":)";
  append_integer(out, event.status);
  out += R"(,"ts":)";
  append_integer(out, event.ts);
  out += R"(,"userAgent":)";
  if (user != nullptr) {
    append_json_string(out, user->user_agent, JsonEscaping{false, true});
  } else {
    out += "null";
  }
  out += R"(,"userId":)";
  append_json_string(out, user != nullptr ? std::string_view(user->id_text) : std::string_view());
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
