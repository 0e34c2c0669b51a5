// The Redshift statements run for real on the PostgreSQL 15 test server,
// after strip_physical_design() (the only rewrite): generated data is loaded
// into PostgreSQL by the sparkify binary, its staging rows are copied into
// Redshift-shaped staging tables in schema "redshift" (user_id as text, with
// "" and NULL for logged-out events, as COPY leaves them), the Redshift
// transforms run there, and every star table must equal the PostgreSQL
// dialect's result in schema "public", and duplicates staged without file and
// line (as COPY leaves them) give the same tables in any order. Also: the
// Redshift adapter's libpq connection (TLS required by default, sslmode
// overridable) and its messages, which name Redshift, not PostgreSQL.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "harness/postgres_fixture.h"
#include "harness/workspace.h"
#include "sql/postgres_dialect.h"
#include "sql/redshift_dialect.h"
#include "sql/tables.h"
#include "warehouse/postgres_warehouse.h"
#include "warehouse/redshift_warehouse.h"

namespace sparkify::testing {
namespace {

using warehouse::PostgresWarehouse;
using warehouse::Warehouse;

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

const sql::PostgresDialect kPostgresDialect;
const sql::RedshiftDialect kRedshift;

// Runs Redshift statements on PostgreSQL with the physical-design clauses removed.
void run_rewritten(Warehouse& warehouse, const std::vector<sql::Statement>& statements) {
  for (const auto& statement : statements) {
    warehouse.execute({statement.name, sql::strip_physical_design(statement.text)});
  }
}

// Every row of every star table in `schema`, sorted, as text.
std::map<std::string, std::vector<std::string>> star_rows(Warehouse& warehouse, const std::string& schema) {
  std::map<std::string, std::vector<std::string>> tables;
  for (auto table : sql::kStarTables) {
    auto result = warehouse.query(fmt::format("SELECT * FROM {}.{}", schema, table));
    auto& rows = tables[std::string(table)];
    for (const auto& row : result.rows) {
      std::string line;
      for (const auto& value : row) line += value.value_or("NULL") + "|";
      rows.push_back(line);
    }
    std::sort(rows.begin(), rows.end());
  }
  return tables;
}

class RedshiftOnPostgres : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    workspace_->generate("data", 300, 5000, 11);
    target_ = fresh_database();
    workspace_->sparkify_ok({"--target", target_, "create-tables"});
    workspace_->sparkify_ok({"--target", target_, "etl", "--source", "data", "--engine", "sql"});
  }
  static void TearDownTestSuite() { workspace_.reset(); }

  // A connection whose unqualified tables are the Redshift-shaped ones in
  // schema "redshift", created afresh and filled from public's staging.
  void SetUp() override {
    warehouse_ = std::make_unique<PostgresWarehouse>(target_, kPostgresDialect);
    warehouse_->execute({"drop schema", "DROP SCHEMA IF EXISTS redshift CASCADE"});
    warehouse_->execute({"create schema", "CREATE SCHEMA redshift"});
    warehouse_->execute({"use schema", "SET search_path = redshift"});
    run_rewritten(*warehouse_, kRedshift.create_tables());
    warehouse_->execute({"stage events", R"(INSERT INTO staging_events
SELECT artist, auth, first_name, gender, item_in_session, last_name, length, level, location, method, page,
       registration, session_id, song, status, ts, user_agent,
       CASE WHEN user_id IS NOT NULL THEN CAST(user_id AS VARCHAR)
            WHEN source_line % 2 = 0 THEN '' END,
       source_file, source_line
FROM public.staging_events)"});
    warehouse_->execute({"stage songs", "INSERT INTO staging_songs SELECT * FROM public.staging_songs"});
  }

  void build_star_schema() {
    Transaction transaction(*warehouse_);
    run_rewritten(*warehouse_, kRedshift.build_star_schema());
    transaction.commit();
  }

  using Transaction = warehouse::Transaction;
  static inline std::unique_ptr<Workspace> workspace_;
  static inline std::string target_;
  std::unique_ptr<PostgresWarehouse> warehouse_;
};

TEST_F(RedshiftOnPostgres, StagingHoldsLoggedOutEventsAsEmptyAndNullUserIds) {
  EXPECT_NE(scalar(*warehouse_, "SELECT count(*) FROM staging_events WHERE user_id = ''"), "0");
  EXPECT_NE(scalar(*warehouse_, "SELECT count(*) FROM staging_events WHERE user_id IS NULL"), "0");
}

TEST_F(RedshiftOnPostgres, StarTablesEqualThePostgresDialectResult) {
  build_star_schema();
  const auto expected = star_rows(*warehouse_, "public");
  const auto actual = star_rows(*warehouse_, "redshift");
  for (const auto& [table, rows] : expected) {
    EXPECT_FALSE(rows.empty()) << table;
    EXPECT_EQ(actual.at(table), rows) << "table " << table << " differs from the PostgreSQL dialect's";
  }
}

TEST_F(RedshiftOnPostgres, StartTimeKeepsMilliseconds) {
  build_star_schema();
  EXPECT_EQ(scalar(*warehouse_,
                   "SELECT count(*) FROM songplays p JOIN public.songplays q "
                   "ON CAST(q.songplay_id AS VARCHAR) = p.songplay_id "
                   "WHERE p.start_time <> q.start_time"),
            "0");
  EXPECT_NE(scalar(*warehouse_,
                   "SELECT count(*) FROM songplays WHERE EXTRACT(MILLISECONDS FROM start_time) <> "
                   "floor(EXTRACT(SECOND FROM start_time)) * 1000"),
            "0");
}

TEST_F(RedshiftOnPostgres, SecondBuildOnTheSameStagingChangesNothing) {
  build_star_schema();
  const auto first = star_rows(*warehouse_, "redshift");
  build_star_schema();
  EXPECT_EQ(star_rows(*warehouse_, "redshift"), first);
}

TEST_F(RedshiftOnPostgres, UsersTakeLevelFromTheLatestRunStaging) {
  build_star_schema();
  const std::string user = scalar(*warehouse_, "SELECT min(user_id) FROM users");
  warehouse_->execute({"clear", "DELETE FROM staging_events"});
  warehouse_->execute({"later event", fmt::format(R"(INSERT INTO staging_events (artist, auth, first_name, gender,
    item_in_session, last_name, length, level, location, method, page, registration, session_id, song, status, ts,
    user_agent, user_id)
VALUES (NULL, 'Logged In', 'Later', 'F', 0, 'Name', NULL, 'upgraded', 'Here', 'GET', 'Home', NULL, 1, NULL, 200,
        4102444800000, 'agent', '{}'))",
                                                  user)});
  build_star_schema();
  EXPECT_EQ(scalar(*warehouse_, fmt::format("SELECT level || ' ' || first_name FROM users WHERE user_id = {}", user)),
            "upgraded Later");
  EXPECT_EQ(scalar(*warehouse_, fmt::format("SELECT count(*) FROM users WHERE user_id = {}", user)), "1");
}

// Two versions of one play (a duplicate event: same user, session, item and
// ts), of one user's latest event, of one song (same song_id) and of one
// artist, all without source_file/source_line, as COPY leaves them.
const std::vector<std::string> kEventsWithoutFileAndLine = {
    "('Duo', 'Logged In', 'Ann', 'F', 1, 'Lee', 200, 'free', 'Here', 'PUT', 'NextSong', NULL, 3, 'Twin', 200, "
    "1541121934796, 'agent A', '7', NULL, NULL)",
    "('Duo', 'Logged In', 'Anna', 'F', 1, 'Lee', 200, 'paid', 'There', 'PUT', 'NextSong', NULL, 3, 'Twin', 200, "
    "1541121934796, 'agent B', '7', NULL, NULL)",
};
const std::vector<std::string> kSongsWithoutFile = {
    "(1, 'AR1', NULL, NULL, 'London', 'Duo', 'SOA', 'Twin', 200, 2000, NULL)",
    "(1, 'AR1', NULL, NULL, 'Paris', 'Duo', 'SOA', 'Twin', 200, 2001, NULL)",
};

TEST_F(RedshiftOnPostgres, DuplicatesWithoutFileAndLineGiveTheSameTablesInAnyStagingOrder) {
  auto build_from = [this](std::vector<std::string> events, std::vector<std::string> songs) {
    for (auto table : sql::kStarTables) warehouse_->execute({"clear", fmt::format("DELETE FROM {}", table)});
    warehouse_->execute({"clear", "DELETE FROM staging_events"});
    warehouse_->execute({"clear", "DELETE FROM staging_songs"});
    for (const auto& row : events) {
      warehouse_->execute({"stage event", R"(INSERT INTO staging_events (artist, auth, first_name, gender,
    item_in_session, last_name, length, level, location, method, page, registration, session_id, song, status, ts,
    user_agent, user_id, source_file, source_line) VALUES )" +
                                              row});
    }
    for (const auto& row : songs) {
      warehouse_->execute({"stage song", R"(INSERT INTO staging_songs (num_songs, artist_id, artist_latitude,
    artist_longitude, artist_location, artist_name, song_id, title, duration, year, source_file) VALUES )" +
                                             row});
    }
    build_star_schema();
    return star_rows(*warehouse_, "redshift");
  };
  const auto in_order = build_from(kEventsWithoutFileAndLine, kSongsWithoutFile);
  const auto reversed = build_from({kEventsWithoutFileAndLine.rbegin(), kEventsWithoutFileAndLine.rend()},
                                   {kSongsWithoutFile.rbegin(), kSongsWithoutFile.rend()});
  EXPECT_EQ(in_order.at("songplays").size(), 1u);
  EXPECT_EQ(reversed, in_order);
}

// ---- the adapter's connection ---------------------------------------------

std::string redshift_uri(const std::string& query) {
  return fmt::format("redshift://postgres@127.0.0.1:{}/sparkify{}", postgres_server().port(), query);
}

TEST(RedshiftConninfo, SchemeBecomesPostgresqlAndTlsIsVerifiedAgainstTheCaBundle) {
  EXPECT_EQ(warehouse::redshift_conninfo("redshift://u@h:5439/dev", "/ca.crt"),
            "postgresql://u@h:5439/dev?sslmode=verify-full&sslrootcert=/ca.crt");
  EXPECT_EQ(warehouse::redshift_conninfo("redshift://u@h/dev?connect_timeout=5", "/ca.crt"),
            "postgresql://u@h/dev?connect_timeout=5&sslmode=verify-full&sslrootcert=/ca.crt");
  EXPECT_EQ(warehouse::redshift_conninfo("host='h' dbname='dev'", "/ca.crt"),
            "host='h' dbname='dev' sslmode='verify-full' sslrootcert='/ca.crt'");
  EXPECT_EQ(warehouse::redshift_conninfo("redshift://u@h/dev?sslrootcert=/mine.crt", "/ca.crt"),
            "postgresql://u@h/dev?sslrootcert=/mine.crt&sslmode=verify-full");
}

TEST(RedshiftConninfo, ATargetSslmodeIsKept) {
  EXPECT_EQ(warehouse::redshift_conninfo("redshift://u@h/dev?sslmode=require", "/ca.crt"),
            "postgresql://u@h/dev?sslmode=require");
}

TEST(RedshiftConnection, AMissingCaBundleSaysWhereToGetIt) {
  ::setenv("SPARKIFY_REDSHIFT_CA_BUNDLE", "/nonexistent/amazon-trust-ca-bundle.crt", 1);
  try {
    warehouse::RedshiftWarehouse warehouse(redshift_uri(""));
    FAIL() << "connected without a CA bundle";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_NE(std::string(error.what()).find(warehouse::kRedshiftCaBundleUrl), std::string::npos) << error.what();
  }
  ::unsetenv("SPARKIFY_REDSHIFT_CA_BUNDLE");
}

TEST(RedshiftConnection, RefusesAServerWithoutTlsByDefault) {
  EXPECT_THROW(warehouse::RedshiftWarehouse{redshift_uri("")}, Error);
}

TEST(RedshiftConnection, ConnectsWhenTheTargetOverridesSslmode) {
  warehouse::RedshiftWarehouse warehouse(redshift_uri("?sslmode=disable"));
  EXPECT_EQ(warehouse.dialect().name(), "redshift");
  EXPECT_EQ(scalar(warehouse, "SELECT 1"), "1");
}

TEST(RedshiftConnection, DescribeShowsTheRedshiftScheme) {
  warehouse::RedshiftWarehouse warehouse(redshift_uri("?sslmode=disable"));
  EXPECT_EQ(warehouse.describe(), fmt::format("redshift://postgres@127.0.0.1:{}/sparkify", postgres_server().port()));
}

TEST(RedshiftConnection, StatementErrorNamesRedshiftAndItsDialect) {
  warehouse::RedshiftWarehouse warehouse(redshift_uri("?sslmode=disable"));
  try {
    warehouse.execute({"insert songplays", "INSERT INTO no_such_table VALUES (1)"});
    FAIL() << "no error";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind(fmt::format("redshift statement \"insert songplays\" failed on "
                                        "redshift://postgres@127.0.0.1:{}/sparkify: ",
                                        postgres_server().port()),
                            0),
              0u)
        << message;
    EXPECT_NE(message.find("`sparkify sql --dialect redshift`"), std::string::npos) << message;
    EXPECT_EQ(message.find("postgres statement"), std::string::npos) << message;
    EXPECT_EQ(message.find("--dialect postgres"), std::string::npos) << message;
  }
}

TEST(RedshiftConnection, ConnectionErrorShowsTheRedshiftTarget) {
  ::setenv("SPARKIFY_REDSHIFT_CA_BUNDLE", SPARKIFY_SOURCE_DIR "/README.md", 1);  // exists; the server has no TLS
  try {
    warehouse::RedshiftWarehouse warehouse(redshift_uri(""));
    FAIL() << "connected without TLS";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(fmt::format("cannot connect to redshift://postgres@127.0.0.1:{}/sparkify: ",
                                       postgres_server().port())),
              std::string::npos)
        << message;
  }
  ::unsetenv("SPARKIFY_REDSHIFT_CA_BUNDLE");
}

TEST(RedshiftConnection, HasNoClientSideStagingLoader) {
  warehouse::RedshiftWarehouse warehouse(redshift_uri("?sslmode=disable"));
  EXPECT_TRUE(warehouse.loads_staging_from_s3());
  EXPECT_THROW(warehouse.open_staging_loader(), Error);
}

}  // namespace
}  // namespace sparkify::testing
