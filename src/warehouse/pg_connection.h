// libpq handles owned by RAII, and the few libpq conventions sparkify relies on.
//
//  - PgConnection / PgResult own a PGconn / PGresult and free it on destruction.
//  - connect_postgres() opens a blocking connection in UTF-8 with notices
//    silenced, or throws Error(warehouse) carrying libpq's reason and the
//    redacted target (common/redact.h: no piece of a URI's password, even
//    one libpq misread as host or port). Unless the target or PG* environment
//    sets them, it gives up after kConnectTimeoutSeconds (connect_timeout)
//    and turns on TCP keepalives (kKeepalives), so a frozen server fails the
//    command instead of hanging it. When the server has not answered within
//    a second it prints one line to stderr saying what it waits for.
//  - describe_conninfo() turns a conninfo string or URI into
//    "<scheme>://user@host:port/dbname" without the password; it is the only
//    form of a target that appears in messages. The scheme names the engine
//    behind the connection: "postgresql", or "redshift" for Amazon Redshift,
//    which speaks the same protocol.
//  - server_message() flattens a failed result's diagnostics (message, detail,
//    hint, context) into one line.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sparkify::warehouse {

struct PgConnectionDeleter {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct PgResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgConnection = std::unique_ptr<PGconn, PgConnectionDeleter>;
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

inline constexpr std::string_view kPostgresScheme = "postgresql";

// libpq connection defaults sparkify adds when the user set none.
inline constexpr const char* kConnectTimeoutSeconds = "10";
struct LibpqDefault {
  const char* keyword;
  const char* value;
  const char* environment;  // the PG* variable that sets it, or nullptr
};
inline constexpr LibpqDefault kConnectionDefaults[] = {
    {"connect_timeout", kConnectTimeoutSeconds, "PGCONNECT_TIMEOUT"},
    {"keepalives", "1", nullptr},
    {"keepalives_idle", "30", nullptr},
    {"keepalives_interval", "10", nullptr},
    {"keepalives_count", "3", nullptr},
};
inline constexpr std::string_view kRedshiftScheme = "redshift";

// The target without its password, from a conninfo string or URI (unparsable
// input gives "<scheme>://(unparsable target)", never the input itself).
std::string describe_conninfo(const std::string& conninfo, std::string_view scheme = kPostgresScheme);

// The target of an open connection, with the values libpq resolved (defaults,
// environment), without the password.
std::string describe_connection(const PGconn* connection, std::string_view scheme = kPostgresScheme);

// The keyword/value pairs of kConnectionDefaults that `conninfo` (parsed by
// libpq) and the environment leave unset; throws nothing, an unparsable
// conninfo gives every default.
std::vector<std::pair<std::string, std::string>> connection_defaults(const std::string& conninfo);

// Opens a connection; empty password fields fall back to PGPASSWORD/.pgpass as
// libpq does. Throws Error(config) when the conninfo cannot be parsed and
// Error(warehouse) when the server cannot be reached or refuses the login;
// messages show the target as describe_conninfo(conninfo, scheme).
PgConnection connect_postgres(const std::string& conninfo, std::string_view scheme = kPostgresScheme);

// One line: "message (detail; hint; context)" of a failed result, or the
// connection's last error when the result carries none.
std::string server_message(const PGresult* result, const PGconn* connection);

}  // namespace sparkify::warehouse
