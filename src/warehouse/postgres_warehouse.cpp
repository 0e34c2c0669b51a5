#include "warehouse/postgres_warehouse.h"

#include <charconv>

#include "common/error.h"
#include "warehouse/pg_copy_loader.h"
#include "warehouse/pg_run_loader.h"
#include "warehouse/pg_value_text.h"

namespace sparkify::warehouse {

namespace {

// A conninfo value in single quotes, with \ and ' escaped (libpq's rule).
std::string quote_conninfo_value(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// Redshift speaks the PostgreSQL protocol through this adapter; messages name
// the engine the dialect was written for.
std::string_view target_scheme(const sql::Dialect& dialect) {
  return dialect.name() == "redshift" ? kRedshiftScheme : kPostgresScheme;
}

}  // namespace

PostgresWarehouse::PostgresWarehouse(const std::string& conninfo, const sql::Dialect& dialect,
                                     sql::CopyFormat copy_format)
    : connection_(connect_postgres(conninfo, target_scheme(dialect))),
      target_(describe_connection(connection_.get(), target_scheme(dialect))),
      dialect_(dialect),
      copy_format_(copy_format) {
  for (const auto& setting : dialect_.session_settings()) execute(setting);
}

void PostgresWarehouse::execute(const sql::Statement& statement) { run(statement.name, statement.text); }

std::optional<std::int64_t> PostgresWarehouse::execute_counted(const sql::Statement& statement) {
  const PgResult result = run(statement.name, statement.text);
  const std::string_view rows = PQcmdTuples(result.get());  // "" for statements that change no rows
  std::int64_t count = 0;
  if (rows.empty() || std::from_chars(rows.data(), rows.data() + rows.size(), count).ec != std::errc()) {
    return std::nullopt;
  }
  return count;
}

QueryResult PostgresWarehouse::query(std::string_view sql) {
  const PgResult result = run("query", std::string(sql));
  const PGresult* r = result.get();
  QueryResult out;
  const int columns = PQnfields(r);
  const int rows = PQntuples(r);
  for (int c = 0; c < columns; ++c) {
    out.columns.emplace_back(PQfname(r, c));
    out.kinds.push_back(value_kind(PQftype(r, c)));
  }
  out.rows.reserve(static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    auto& row = out.rows.emplace_back();
    row.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(r, i, c)) {
        row.emplace_back(std::nullopt);
      } else {
        const std::string_view text(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c)));
        row.emplace_back(neutral_value_text(PQftype(r, c), text));
      }
    }
  }
  return out;
}

void PostgresWarehouse::stream_query(std::string_view sql, RowSink& sink) {
  PGconn* connection = connection_.get();
  if (PQsendQuery(connection, std::string(sql).c_str()) == 0 || PQsetSingleRowMode(connection) == 0) {
    throw_error(ErrorKind::warehouse, "query failed on {}: {}", target_, PQerrorMessage(connection));
  }
  std::string failure;  // the first error; every result is read before throwing, so the connection stays usable
  bool begun = false;
  std::vector<Oid> types;
  std::vector<std::optional<std::string>> row;
  while (PgResult result{PQgetResult(connection)}) {
    const PGresult* r = result.get();
    const auto status = PQresultStatus(r);
    if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      if (failure.empty()) failure = server_message(r, connection);
      continue;
    }
    if (!failure.empty()) continue;
    if (!begun) {
      std::vector<std::string> columns;
      std::vector<ValueKind> kinds;
      for (int c = 0; c < PQnfields(r); ++c) {
        columns.emplace_back(PQfname(r, c));
        types.push_back(PQftype(r, c));
        kinds.push_back(value_kind(types.back()));
      }
      row.resize(columns.size());
      sink.begin(columns, kinds);
      begun = true;
    }
    for (int i = 0; i < PQntuples(r); ++i) {
      for (int c = 0; c < static_cast<int>(row.size()); ++c) {
        if (PQgetisnull(r, i, c)) {
          row[c].reset();
        } else {
          row[c] = neutral_value_text(
              types[c], std::string_view(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c))));
        }
      }
      sink.row(row);
    }
  }
  if (!failure.empty()) throw_error(ErrorKind::warehouse, "query failed on {}: {}", target_, failure);
  if (begun) sink.end();
}

void PostgresWarehouse::begin() { run("begin transaction", "BEGIN"); }

void PostgresWarehouse::commit() {
  const PgResult result = run("commit", "COMMIT");
  // COMMIT of a transaction in which a statement failed succeeds as a ROLLBACK.
  if (std::string_view(PQcmdStatus(result.get())) == "ROLLBACK") {
    throw_error(ErrorKind::warehouse,
                "commit on {} rolled back: an earlier statement of the transaction "
                "failed; nothing of this run was committed",
                target_);
  }
}

void PostgresWarehouse::rollback() { run("rollback", "ROLLBACK"); }

std::unique_ptr<RunLoader> PostgresWarehouse::open_run_loader() {
  return make_pg_run_loader(connection_.get(), target_);
}

std::unique_ptr<StagingLoader> PostgresWarehouse::open_staging_loader() {
  return std::make_unique<PgCopyLoader>(connection_.get(), target_, copy_format_);
}

PgResult PostgresWarehouse::run(const std::string& name, const std::string& text) {
  PgResult result(PQexec(connection_.get(), text.c_str()));
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    // An open transaction is now aborted: the caller's Transaction rolls it back.
    throw_error(ErrorKind::warehouse,
                "{0} statement \"{1}\" failed on {2}: {3}; `sparkify sql --dialect {0}` prints the statements, "
                "nothing of the failed transaction was committed",
                dialect_.name(), name, target_, server_message(result.get(), connection_.get()));
  }
  return result;
}

std::unique_ptr<Warehouse> open_postgres(const std::string& conninfo_or_uri, const sql::Dialect& dialect) {
  return std::make_unique<PostgresWarehouse>(conninfo_or_uri, dialect);
}

std::unique_ptr<Warehouse> open_postgres(const std::string& conninfo_or_uri) {
  static const sql::PostgresDialect dialect;
  return open_postgres(conninfo_or_uri, dialect);
}

std::string conninfo_from_cluster(const config::ClusterSettings& cluster, std::string_view default_port) {
  std::string out;
  auto add = [&out](const char* keyword, std::string_view value) {
    if (value.empty()) return;
    if (!out.empty()) out += ' ';
    out.append(keyword).append("=").append(quote_conninfo_value(value));
  };
  add("host", cluster.host);
  add("port", cluster.db_port.empty() ? default_port : std::string_view(cluster.db_port));
  add("dbname", cluster.db_name);
  add("user", cluster.db_user);
  add("password", cluster.db_password);
  return out;
}

}  // namespace sparkify::warehouse
