// The PostgreSQL adapter against a real PostgreSQL 15 server started by the
// harness (one per process): COPY in both wire formats, query result text,
// transactions, errors, password sources and redaction.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "harness/postgres_fixture.h"
#include "harness/workspace.h"
#include "sql/postgres_dialect.h"
#include "sql/schema.h"
#include "sql/tables.h"
#include "star/keys.h"
#include "star/rows.h"
#include "warehouse/duckdb_warehouse.h"
#include "warehouse/postgres_warehouse.h"

namespace sparkify::testing {
namespace {

using parse::EventRow;
using parse::SongRow;
using sql::CopyFormat;
using warehouse::PostgresWarehouse;

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

const sql::PostgresDialect kDialect;

// ---- COPY in both wire formats -------------------------------------------

class PostgresCopy : public ::testing::TestWithParam<CopyFormat> {
 protected:
  void SetUp() override {
    warehouse_ = std::make_unique<PostgresWarehouse>(fresh_database(), kDialect, GetParam());
    create_tables(*warehouse_);
  }
  std::unique_ptr<PostgresWarehouse> warehouse_;
};

INSTANTIATE_TEST_SUITE_P(Formats, PostgresCopy, ::testing::Values(CopyFormat::text, CopyFormat::binary),
                         [](const auto& info) { return info.param == CopyFormat::text ? "Text" : "Binary"; });

TEST_P(PostgresCopy, StringsKeepEveryByte) {
  EventRow row = play(7, 1541121934796, "tab\there\nnew line \\ back 'single' \"double\" \r end", "Sigur Rós", 1);
  row.location = "\\N";  // the text format's NULL marker, as data
  load(*warehouse_, {row}, {});
  auto result = warehouse_->query("SELECT song, artist, location FROM staging_events");
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0][0], std::string(*row.song));
  EXPECT_EQ(result.rows[0][1], "Sigur Rós");
  EXPECT_EQ(result.rows[0][2], "\\N");
}

TEST_P(PostgresCopy, NullsStayNull) {
  EventRow row = play(7, 1541121934796, "s", "a", 1);
  row.artist = row.song = row.first_name = std::nullopt;
  row.length = std::nullopt;
  row.registration = std::nullopt;
  row.status = std::nullopt;
  row.user_id = std::nullopt;
  SongRow s = song("S1", "t", "A1", "a", 1);
  s.num_songs = s.year = std::nullopt;
  s.artist_latitude = s.artist_longitude = s.duration = std::nullopt;
  s.artist_location = std::nullopt;
  load(*warehouse_, {row}, {s});
  EXPECT_EQ(scalar(*warehouse_,
                   "SELECT count(*) FROM staging_events WHERE artist IS NULL AND song IS NULL AND "
                   "first_name IS NULL AND length IS NULL AND registration IS NULL AND status IS "
                   "NULL AND user_id IS NULL"),
            "1");
  EXPECT_EQ(scalar(*warehouse_,
                   "SELECT count(*) FROM staging_songs WHERE num_songs IS NULL AND year IS NULL AND "
                   "artist_latitude IS NULL AND artist_longitude IS NULL AND duration IS NULL AND "
                   "artist_location IS NULL"),
            "1");
}

TEST_P(PostgresCopy, DoublesRoundTripExactly) {
  const std::vector<double> values = {0.1, 218.93179, 1.0 / 3.0, -122.41907, 1e-300, 5e-324, 1.7976931348623157e308};
  std::vector<EventRow> rows;
  for (std::size_t i = 0; i < values.size(); ++i) {
    rows.push_back(play(1, 1541121934796, "s", "a", values[i]));
    rows.back().source_line = static_cast<std::int64_t>(i);
  }
  load(*warehouse_, rows, {});
  auto result = warehouse_->query("SELECT length FROM staging_events ORDER BY source_line");
  ASSERT_EQ(result.rows.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string text = result.rows[i][0].value();
    double back = 0;
    std::from_chars(text.data(), text.data() + text.size(), back);
    EXPECT_EQ(back, values[i]) << text;
  }
  EXPECT_EQ(result.rows[0][0], "0.1");
  EXPECT_EQ(result.rows[1][0], "218.93179");
}

TEST_P(PostgresCopy, IntegersBeyond32BitsRoundTrip) {
  EventRow row = play(9007199254740993, 1541121934796, "s", "a", 1);
  row.session_id = 4294967297;
  row.source_line = 2147483648;
  load(*warehouse_, {row}, {});
  auto result = warehouse_->query("SELECT user_id, session_id, ts, source_line, registration FROM staging_events");
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0][0], "9007199254740993");
  EXPECT_EQ(result.rows[0][1], "4294967297");
  EXPECT_EQ(result.rows[0][2], "1541121934796");
  EXPECT_EQ(result.rows[0][3], "2147483648");
  EXPECT_EQ(result.rows[0][4], "1540919166796");
}

TEST_P(PostgresCopy, ManyRowsSpanSeveralFlushes) {
  std::vector<EventRow> rows(30000, play(3, 1541121934796, "a fairly long song title to fill buffers", "a", 2));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i].source_line = static_cast<std::int64_t>(i);
  std::vector<SongRow> songs(20000, song("S", "t", "A", "a", 1));
  warehouse::Transaction transaction(*warehouse_);
  auto loader = warehouse_->open_staging_loader();
  for (int round = 0; round < 3; ++round) {  // interleaved tables, several COPYs each
    loader->append_events(rows);
    loader->append_songs(songs);
  }
  loader->finish();
  transaction.commit();
  EXPECT_EQ(scalar(*warehouse_, "SELECT count(*) FROM staging_events"), "90000");
  EXPECT_EQ(scalar(*warehouse_, "SELECT count(*) FROM staging_songs"), "60000");
}

// ---- the run loader streams its rows ---------------------------------------

// Rows the server has taken so far by COPY into `table` (pg_stat_progress_copy,
// whose row lasts while the COPY is open), read on another connection; waits
// up to 10 s for any.
std::int64_t rows_copied_so_far(warehouse::Warehouse& observer, const char* table) {
  const std::string sql = fmt::format(
      "SELECT coalesce(sum(tuples_processed), 0) FROM pg_stat_progress_copy WHERE relid = '{}'::regclass", table);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::int64_t rows = 0;
  while ((rows = std::stoll(scalar(observer, sql))) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return rows;
}

TEST(PostgresRunLoader, SendsRowsAsTheyComeAndHoldsAnotherTablesRowsUnderAMebibyte) {
  const std::string uri = fresh_database();
  PostgresWarehouse run(uri, kDialect);
  create_tables(run);
  PostgresWarehouse observer(uri, kDialect);
  run.begin();
  const auto loader = run.open_run_loader();
  // About 230 KiB of plays and 120 KiB of time rows: each more than a
  // streamed send (64 KiB), less than a switch's (1 MiB).
  constexpr std::int64_t kFirstTs = 1541121934796;
  const std::string location(150, 'L');
  std::vector<star::SongplayRow> plays(1000);
  std::vector<star::TimeRow> times(2000);
  for (std::size_t i = 0; i < plays.size(); ++i) {
    const auto ts = kFirstTs + static_cast<std::int64_t>(i);
    plays[i].songplay_id = star::songplay_key(7, 42, static_cast<std::int32_t>(i), ts);
    plays[i].start_time_ms = ts;
    plays[i].user_id = 7;
    plays[i].session_id = 42;
    plays[i].location = location;
  }
  for (std::size_t i = 0; i < times.size(); ++i) times[i].start_time_ms = kFirstTs + static_cast<std::int64_t>(i);
  loader->append_songplays(plays);
  EXPECT_GT(rows_copied_so_far(observer, "songplays"), 0);
  loader->append_time(times);  // would end songplays' COPY: waits
  EXPECT_EQ(scalar(observer, "SELECT count(*) FROM pg_stat_progress_copy WHERE relid = 'time'::regclass"), "0");
  EXPECT_GT(rows_copied_so_far(observer, "songplays"), 0);
  loader->flush();
  EXPECT_EQ(scalar(run, "SELECT count(*) FROM songplays"), "1000");
  EXPECT_EQ(scalar(run, "SELECT count(*) FROM time"), "2000");
  run.rollback();
}

// ---- query results ----------------------------------------------------------

TEST(PostgresQuery, ValuesReadAsInDuckDb) {
  const std::string sql =
      "SELECT CAST(190 AS DOUBLE PRECISION), CAST(0.0001 AS DOUBLE PRECISION), CAST(0.00001 AS DOUBLE PRECISION), "
      "CAST(1e15 AS DOUBLE PRECISION), CAST(1e16 AS DOUBLE PRECISION), CAST(-218.93179 AS DOUBLE PRECISION), "
      "CAST('-0' AS DOUBLE PRECISION), CAST('NaN' AS DOUBLE PRECISION), CAST('Infinity' AS DOUBLE PRECISION), "
      "CAST('-Infinity' AS DOUBLE PRECISION), CAST(0.3 AS REAL), 1 = 1, 1 = 2, "
      "CAST('2018-11-04 00:00:00' AS TIMESTAMP), CAST('2018-11-04 00:00:00.5' AS TIMESTAMP), CAST(NULL AS INTEGER)";
  PostgresWarehouse postgres(postgres_server().uri(), kDialect);
  warehouse::DuckDbWarehouse duckdb(":memory:");
  EXPECT_EQ(postgres.query(sql).rows, duckdb.query(sql).rows);
}

// ---- transactions, errors, targets ----------------------------------------

class PostgresAdapter : public ::testing::Test {
 protected:
  void SetUp() override {
    uri_ = fresh_database();
    warehouse_ = std::make_unique<PostgresWarehouse>(uri_, kDialect);
  }
  std::string uri_;
  std::unique_ptr<PostgresWarehouse> warehouse_;
};

TEST_F(PostgresAdapter, CreateTablesMakesEveryTable) {
  create_tables(*warehouse_);
  EXPECT_EQ(scalar(*warehouse_,
                   "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND "
                   "table_name IN ('staging_events', 'staging_songs', 'songplays', 'users', 'songs', "
                   "'artists', 'time', 'etl_runs')"),
            "8");
}

// The dialect's list of tables (pg_catalog) is information_schema.tables':
// the same names for the owner and for a role with rights on some tables or
// columns only; views are tables, sequences, indexes and other schemas' tables
// are not.
TEST_F(PostgresAdapter, ExistingTablesAreThoseOfInformationSchema) {
  create_tables(*warehouse_);
  run_all(*warehouse_, {{"view", "CREATE VIEW plays_view AS SELECT * FROM songplays"},
                        {"sequence", "CREATE SEQUENCE a_sequence"},
                        {"index", "CREATE INDEX songs_title ON songs (title)"},
                        {"schema", "CREATE SCHEMA other"},
                        {"other table", "CREATE TABLE other.elsewhere (x INTEGER)"},
                        {"role",
                         "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sparkify_reader') "
                         "THEN CREATE ROLE sparkify_reader LOGIN; END IF; END $$"},
                        {"table right", "GRANT SELECT ON songs TO sparkify_reader"},
                        {"column right", "GRANT UPDATE (name) ON artists TO sparkify_reader"}});
  const auto names = [](warehouse::Warehouse& warehouse, const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : warehouse.query(sql).rows) out.push_back(row.at(0).value_or(""));
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto owned = names(*warehouse_, kDialect.existing_tables());
  EXPECT_EQ(owned, names(*warehouse_, sql::existing_tables()));
  EXPECT_NE(std::find(owned.begin(), owned.end(), "plays_view"), owned.end());
  EXPECT_EQ(owned.size(), sql::table_schemas().size() + 1);
  std::string reader_uri = uri_;
  reader_uri.replace(reader_uri.find("postgres@"), std::string("postgres@").size(), "sparkify_reader@");
  PostgresWarehouse reader(reader_uri, kDialect);
  EXPECT_EQ(names(reader, kDialect.existing_tables()), (std::vector<std::string>{"artists", "songs"}));
  EXPECT_EQ(names(reader, sql::existing_tables()), (std::vector<std::string>{"artists", "songs"}));
}

TEST_F(PostgresAdapter, FailedTransactionLeavesTablesUnchanged) {
  create_tables(*warehouse_);
  load(*warehouse_, {play(1, 1541121934796, "s", "a", 1)}, {song("S1", "s", "A1", "a", 1)});
  try {
    warehouse::Transaction transaction(*warehouse_);
    run_all(*warehouse_, kDialect.clear_staging());
    auto loader = warehouse_->open_staging_loader();
    loader->append_events(std::vector<EventRow>(5, play(2, 1541121934797, "t", "b", 2)));
    loader->finish();
    warehouse_->execute({"broken step", "INSERT INTO no_such_table VALUES (1)"});
    transaction.commit();
    FAIL() << "the broken statement did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::warehouse);
  }
  EXPECT_EQ(scalar(*warehouse_, "SELECT count(*) FROM staging_events"), "1");
  EXPECT_EQ(scalar(*warehouse_, "SELECT user_id FROM staging_events"), "1");
  EXPECT_EQ(scalar(*warehouse_, "SELECT count(*) FROM staging_songs"), "1");
}

TEST_F(PostgresAdapter, AbandonedLoadIsRolledBackAndConnectionStaysUsable) {
  create_tables(*warehouse_);
  {
    warehouse::Transaction transaction(*warehouse_);
    auto loader = warehouse_->open_staging_loader();
    loader->append_events(std::vector<EventRow>(50000, play(2, 1541121934797, "t", "b", 2)));
  }  // loader and transaction dropped without finish/commit
  EXPECT_EQ(scalar(*warehouse_, "SELECT count(*) FROM staging_events"), "0");
}

TEST_F(PostgresAdapter, StatementErrorNamesStatementTargetAndServerMessage) {
  try {
    warehouse_->execute({"insert songplays", "INSERT INTO songplays VALUES (1)"});
    FAIL() << "no error";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("\"insert songplays\""), std::string::npos) << message;
    EXPECT_NE(message.find(fmt::format("127.0.0.1:{}/", postgres_server().port())), std::string::npos) << message;
    EXPECT_NE(message.find("relation \"songplays\" does not exist"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST_F(PostgresAdapter, ExecuteCountedGivesRowsChangedAndNothingForOtherStatements) {
  EXPECT_EQ(warehouse_->execute_counted({"create", "CREATE TEMPORARY TABLE counted (n INT)"}), std::nullopt);
  EXPECT_EQ(warehouse_->execute_counted({"insert", "INSERT INTO counted SELECT generate_series(1, 1234)"}), 1234);
  EXPECT_EQ(warehouse_->execute_counted({"update", "UPDATE counted SET n = n + 1 WHERE n <= 10"}), 10);
  EXPECT_EQ(warehouse_->execute_counted({"delete", "DELETE FROM counted WHERE n > 1000"}), 234);
}

TEST_F(PostgresAdapter, StatementErrorNamesPostgresAndItsDialect) {
  try {
    warehouse_->execute({"insert songplays", "INSERT INTO songplays VALUES (1)"});
    FAIL() << "no error";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("postgres statement \"insert songplays\" failed on postgresql://", 0), 0u) << message;
    EXPECT_NE(message.find("`sparkify sql --dialect postgres`"), std::string::npos) << message;
  }
}

TEST_F(PostgresAdapter, CopyErrorNamesCopyStatement) {
  warehouse::Transaction transaction(*warehouse_);
  auto loader = warehouse_->open_staging_loader();
  loader->append_events(std::vector<EventRow>{play(1, 1, "s", "a", 1)});
  try {
    loader->finish();
    FAIL() << "no error";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("\"copy staging_events\""), std::string::npos) << message;
    EXPECT_NE(message.find("staging_events\" does not exist"), std::string::npos) << message;
  }
}

TEST_F(PostgresAdapter, DescribeNeverShowsThePassword) {
  const std::string with_password =
      fmt::format("postgresql://postgres:Sup3r-Secret@127.0.0.1:{}/sparkify", postgres_server().port());
  PostgresWarehouse warehouse(with_password, kDialect);  // trust auth ignores the password
  EXPECT_EQ(warehouse.describe(), fmt::format("postgresql://postgres@127.0.0.1:{}/sparkify", postgres_server().port()));
}

TEST_F(PostgresAdapter, ConnectionErrorHidesThePassword) {
  const std::string unreachable = "postgresql://postgres:Sup3r-Secret@127.0.0.1:1/sparkify";
  try {
    PostgresWarehouse warehouse(unreachable, kDialect);
    FAIL() << "connected to port 1";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find("Sup3r-Secret"), std::string::npos) << message;
    EXPECT_NE(message.find("postgresql://postgres@127.0.0.1:1/sparkify"), std::string::npos) << message;
  }
}

TEST_F(PostgresAdapter, ClusterSettingsConnectWithQuotedValues) {
  config::ClusterSettings cluster;
  cluster.host = "127.0.0.1";
  cluster.db_port = std::to_string(postgres_server().port());
  cluster.db_name = "sparkify";
  cluster.db_user = "postgres";
  cluster.db_password = "it's a \\ pass word";
  const std::string conninfo = warehouse::conninfo_from_cluster(cluster, warehouse::kPostgresDefaultPort);
  EXPECT_EQ(warehouse::open_postgres(conninfo)->describe(),
            fmt::format("postgresql://postgres@127.0.0.1:{}/sparkify", postgres_server().port()));
}

// ---- passwords: a second server that requires one ---------------------------

class PostgresPassword : public ::testing::Test {
 protected:
  static constexpr const char* kPassword = "it's a \\ Secret";
  static void SetUpTestSuite() {
    server_ = std::make_unique<PostgresServer>(kPassword);
    workspace_ = std::make_unique<Workspace>();
  }
  static void TearDownTestSuite() {
    workspace_.reset();
    server_.reset();
  }

  // Runs sparkify create-tables on the password server with only `env` as
  // password sources (no inherited PGPASSWORD, no ~/.pgpass).
  static CommandResult create_tables_with(const std::vector<std::string>& args,
                                          std::vector<std::pair<std::string, std::string>> env) {
    env.insert(env.begin(), {{"PGPASSWORD", ""}, {"PGPASSFILE", (workspace_->path() / "no-pgpass").string()}});
    std::vector<std::string> argv = args;
    argv.push_back("create-tables");
    return workspace_->sparkify(argv, CommandOptions{env, {}, {}, std::chrono::minutes(2)});
  }

  static std::string uri(const std::string& user_info) {
    return fmt::format("postgresql://{}@127.0.0.1:{}/sparkify", user_info, server_->port());
  }

  static std::unique_ptr<PostgresServer> server_;
  static std::unique_ptr<Workspace> workspace_;
};

std::unique_ptr<PostgresServer> PostgresPassword::server_;
std::unique_ptr<Workspace> PostgresPassword::workspace_;

TEST_F(PostgresPassword, MissingPasswordIsRefused) {
  auto result = create_tables_with({"--target", uri("postgres")}, {});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no password supplied"), std::string::npos) << result.err;
}

TEST_F(PostgresPassword, PasswordComesFromPgpassword) {
  auto result = create_tables_with({"--target", uri("postgres")}, {{"PGPASSWORD", kPassword}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PostgresPassword, PasswordComesFromPgpassFileForClusterSection) {
  const auto pgpass = workspace_->path() / "pgpass";
  std::ofstream(pgpass) << fmt::format("127.0.0.1:{}:sparkify:postgres:it's a \\\\ Secret\n", server_->port());
  std::filesystem::permissions(pgpass, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::ofstream(workspace_->path() / "cluster.cfg")
      << fmt::format("[CLUSTER]\nHOST=127.0.0.1\nDB_NAME=sparkify\nDB_USER=postgres\nDB_PORT={}\n", server_->port());
  auto result =
      create_tables_with({"--config", "cluster.cfg", "--target", "postgres"}, {{"PGPASSFILE", pgpass.string()}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PostgresPassword, ClusterPasswordWithQuoteAndBackslashConnects) {
  config::ClusterSettings cluster;
  cluster.host = "127.0.0.1";
  cluster.db_port = std::to_string(server_->port());
  cluster.db_name = "sparkify";
  cluster.db_user = "postgres";
  cluster.db_password = kPassword;
  auto warehouse = warehouse::open_postgres(warehouse::conninfo_from_cluster(cluster, warehouse::kPostgresDefaultPort));
  EXPECT_EQ(scalar(*warehouse, "SELECT current_user"), "postgres");
}

TEST_F(PostgresPassword, WrongPasswordIsRefusedWithoutEchoingIt) {
  auto result = create_tables_with({"--target", uri("postgres:Wr0ng-Guess")}, {});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("password authentication failed"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("Wr0ng-Guess"), std::string::npos) << result.err;
  EXPECT_EQ(result.out.find("Wr0ng-Guess"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace sparkify::testing
