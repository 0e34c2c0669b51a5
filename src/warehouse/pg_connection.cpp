#include "warehouse/pg_connection.h"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "common/error.h"
#include "common/redact.h"

namespace sparkify::warehouse {

namespace {

struct ConninfoOptionsDeleter {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using ConninfoOptions = std::unique_ptr<PQconninfoOption, ConninfoOptionsDeleter>;

struct FreeMemDeleter {
  void operator()(char* text) const { PQfreemem(text); }
};

std::string one_line(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string format_target(std::string_view scheme, std::string_view user, std::string_view host, std::string_view port,
                          std::string_view dbname) {
  std::string out = std::string(scheme) + "://";
  if (!user.empty()) out.append(user).append("@");
  const bool socket_dir = !host.empty() && host.front() == '/';
  if (!socket_dir) {
    const bool ipv6 = host.find(':') != std::string_view::npos && host.find(',') == std::string_view::npos;
    out.append(ipv6 ? "[" : "").append(host).append(ipv6 ? "]" : "");
    if (!port.empty()) out.append(":").append(port);
  }
  out.append("/").append(dbname);
  if (socket_dir) {
    out.append("?host=").append(host);
    if (!port.empty()) out.append("&port=").append(port);
  }
  return out;
}

std::string_view option_value(const PQconninfoOption* options, std::string_view keyword) {
  for (const auto* option = options; option->keyword != nullptr; ++option) {
    if (keyword == option->keyword && option->val != nullptr) return option->val;
  }
  return {};
}

// Prints `line` to stderr unless finished() is called within `delay`: what
// a command waits for when a server is slow to answer.
class SlowNotice {
 public:
  SlowNotice(std::string line, std::chrono::milliseconds delay)
      : watcher_([this, line = std::move(line), delay] {
          std::unique_lock lock(mutex_);
          if (!done_changed_.wait_for(lock, delay, [this] { return done_; })) std::cerr << line << std::flush;
        }) {}
  ~SlowNotice() { finished(); }
  SlowNotice(const SlowNotice&) = delete;
  SlowNotice& operator=(const SlowNotice&) = delete;
  void finished() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_changed_.notify_all();
    if (watcher_.joinable()) watcher_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_changed_;
  bool done_ = false;
  std::thread watcher_;
};

// Silences NOTICE/WARNING output ("table ... does not exist, skipping"): libpq
// would print it to stderr in the middle of the command's output.
void ignore_notice(void*, const char*) {}

}  // namespace

std::string describe_conninfo(const std::string& conninfo, std::string_view scheme) {
  char* error = nullptr;
  ConninfoOptions options(PQconninfoParse(conninfo.c_str(), &error));
  // The parser's message may quote part of the input (which can hold the
  // password), so it is dropped.
  std::unique_ptr<char, FreeMemDeleter> owned_error(error);
  if (!options) return std::string(scheme) + "://(unparsable target)";
  return format_target(scheme, option_value(options.get(), "user"), option_value(options.get(), "host"),
                       option_value(options.get(), "port"), option_value(options.get(), "dbname"));
}

std::string describe_connection(const PGconn* connection, std::string_view scheme) {
  auto text = [](const char* value) { return std::string_view(value == nullptr ? "" : value); };
  return format_target(scheme, text(PQuser(connection)), text(PQhost(connection)), text(PQport(connection)),
                       text(PQdb(connection)));
}

std::vector<std::pair<std::string, std::string>> connection_defaults(const std::string& conninfo) {
  char* error = nullptr;
  ConninfoOptions parsed(PQconninfoParse(conninfo.c_str(), &error));
  std::unique_ptr<char, FreeMemDeleter> owned_error(error);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& setting : kConnectionDefaults) {
    const bool in_target = parsed && !option_value(parsed.get(), setting.keyword).empty();
    const char* env = setting.environment ? std::getenv(setting.environment) : nullptr;
    if (!in_target && (env == nullptr || *env == '\0')) out.emplace_back(setting.keyword, setting.value);
  }
  return out;
}

PgConnection connect_postgres(const std::string& conninfo, std::string_view scheme) {
  char* error = nullptr;
  ConninfoOptions parsed(PQconninfoParse(conninfo.c_str(), &error));
  std::unique_ptr<char, FreeMemDeleter> owned_error(error);
  if (!parsed) {
    throw_error(ErrorKind::config,
                "cannot parse the {} target (neither a {}:// URI nor \"key=value\" conninfo); "
                "check --target or [CLUSTER] in dwh.cfg",
                scheme, scheme);
  }
  // dbname carries the whole conninfo (expand_dbname = 1); the keywords after
  // it override what the user gave: sparkify always talks UTF-8. The
  // defaults come only for what the user left unset.
  const auto defaults = connection_defaults(conninfo);
  std::vector<const char*> keywords = {"dbname", "client_encoding", "application_name"};
  std::vector<const char*> values = {conninfo.c_str(), "UTF8", "sparkify"};
  for (const auto& [keyword, value] : defaults) {
    keywords.push_back(keyword.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  const std::string target = redact_uri_secrets(describe_conninfo(conninfo, scheme), conninfo);
  const bool default_timeout = !defaults.empty() && defaults.front().first == "connect_timeout";
  SlowNotice waiting(
      fmt::format("sparkify: waiting for the server at {} to accept the connection ({})\n", target,
                  default_timeout ? fmt::format("gives up after {} s; set connect_timeout in the target or "
                                                "PGCONNECT_TIMEOUT to change it",
                                                kConnectTimeoutSeconds)
                                  : "up to the connect_timeout set in the target or PGCONNECT_TIMEOUT"),
      std::chrono::seconds(1));
  PgConnection connection(PQconnectdbParams(keywords.data(), values.data(), 1));
  waiting.finished();
  if (!connection) throw_error(ErrorKind::warehouse, "cannot connect to {}: out of memory in libpq", target);
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    throw_error(ErrorKind::warehouse,
                "cannot connect to {}: {}; check the host, port, user and database, and the password "
                "(target URI, [CLUSTER] DB_PASSWORD, PGPASSWORD or ~/.pgpass)",
                target, redact_uri_secrets(one_line(PQerrorMessage(connection.get())), conninfo));
  }
  PQsetNoticeProcessor(connection.get(), ignore_notice, nullptr);
  return connection;
}

std::string server_message(const PGresult* result, const PGconn* connection) {
  const char* primary = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  if (primary == nullptr) {
    std::string text = one_line(PQerrorMessage(connection));
    return text.empty() ? "unknown error (connection lost?)" : text;
  }
  std::string out = one_line(primary);
  std::vector<std::string> extras;
  for (int field : {PG_DIAG_MESSAGE_DETAIL, PG_DIAG_MESSAGE_HINT, PG_DIAG_CONTEXT}) {
    if (const char* value = PQresultErrorField(result, field)) extras.push_back(one_line(value));
  }
  if (!extras.empty()) {
    out += " (";
    for (std::size_t i = 0; i < extras.size(); ++i) out += (i == 0 ? "" : "; ") + extras[i];
    out += ")";
  }
  return out;
}

}  // namespace sparkify::warehouse
