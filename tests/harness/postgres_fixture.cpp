#include "harness/postgres_fixture.h"

#include <fmt/format.h>

#include <stdexcept>

namespace sparkify::testing {

namespace {
std::unique_ptr<PostgresServer> shared_server;
}  // namespace

void PostgresEnvironment::SetUp() { shared_server = std::make_unique<PostgresServer>(); }
void PostgresEnvironment::TearDown() { shared_server.reset(); }

PostgresServer& postgres_server() {
  if (!shared_server) throw std::logic_error("register PostgresEnvironment before using postgres_server()");
  return *shared_server;
}

std::string fresh_database() {
  static int next = 0;
  return postgres_server().create_database(fmt::format("test_{}", ++next));
}

void run_all(warehouse::Warehouse& warehouse, const std::vector<sql::Statement>& statements) {
  for (const auto& statement : statements) warehouse.execute(statement);
}

void create_tables(warehouse::Warehouse& warehouse) {
  warehouse::Transaction transaction(warehouse);
  run_all(warehouse, warehouse.dialect().drop_tables());
  run_all(warehouse, warehouse.dialect().create_tables());
  transaction.commit();
}

void load(warehouse::Warehouse& warehouse, const std::vector<parse::EventRow>& events,
          const std::vector<parse::SongRow>& songs) {
  warehouse::Transaction transaction(warehouse);
  auto loader = warehouse.open_staging_loader();
  loader->append_songs(songs);
  loader->append_events(events);
  loader->finish();
  transaction.commit();
}

std::string scalar(warehouse::Warehouse& warehouse, const std::string& sql) {
  auto result = warehouse.query(sql);
  return result.rows.at(0).at(0).value_or("NULL");
}

parse::EventRow play(std::int64_t user, std::int64_t ts, const char* song, const char* artist, double length) {
  parse::EventRow row;
  row.artist = artist;
  row.auth = "Logged In";
  row.first_name = "Ada";
  row.last_name = "Lovelace";
  row.gender = "F";
  row.item_in_session = 1;
  row.length = length;
  row.level = "free";
  row.location = "London";
  row.method = "PUT";
  row.page = "NextSong";
  row.registration = 1540919166796;
  row.session_id = 42;
  row.song = song;
  row.status = 200;
  row.ts = ts;
  row.user_agent = "Mozilla/5.0";
  row.user_id = user;
  row.source_file = "log_data/2018-11-01-events.json";
  row.source_line = 1;
  return row;
}

parse::SongRow song(const char* song_id, const char* title, const char* artist_id, const char* artist,
                    double duration) {
  parse::SongRow row;
  row.num_songs = 1;
  row.artist_id = artist_id;
  row.artist_name = artist;
  row.song_id = song_id;
  row.title = title;
  row.duration = duration;
  row.year = 0;
  row.source_file = "song_data/A/A/A/song.json";
  return row;
}

}  // namespace sparkify::testing
