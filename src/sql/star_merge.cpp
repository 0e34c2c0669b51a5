#include "sql/star_merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace sparkify::sql {

namespace {

// A work table: the named columns of a table of table_schemas(), in the
// order named (all of them, in table order, when `columns` is empty), with
// their types and widths, all nullable. The order is dialect.h's.
struct WorkTable {
  std::string_view name;
  std::string_view like;
  std::string_view columns;  // "a, b, c"
  bool sql_route = true;     // created by create_run_tables (every_work_table); else by the streaming engine alone
};

constexpr WorkTable kWorkTables[] = {
    {"run_songs", "staging_songs",
     "song_id, title, artist_id, year, duration, artist_name, artist_location, artist_latitude, artist_longitude"},
    {"run_users", "users", ""},
    {"repeat_plays", "songplays", ""},
    {"run_times", "time", "start_time"},
    {"rematch_titles", "songs", "title"},
    {"played_songs", "songplays", "song, artist", false},
    {"changed_songs", "songs", ""},
    {"changed_artists", "artists", ""},
    {"changed_users", "users", ""},
    {"run_plays", "songplays", ""},
    {"play_matches", "songplays", "song, artist, length, song_id, artist_id"},
    {"changed_songplays", "songplays", ""},
};

const TableSchema& schema_of(std::string_view table) {
  for (const TableSchema& schema : table_schemas()) {
    if (schema.name == table) return schema;
  }
  throw std::logic_error(fmt::format("no table named {} in sql::table_schemas()", table));
}

const Column& column_of(const TableSchema& table, std::string_view name) {
  for (const Column& column : table.columns) {
    if (column.name == name) return column;
  }
  throw std::logic_error(fmt::format("no column {}.{} in sql::table_schemas()", table.name, name));
}

std::vector<Column> work_columns(const WorkTable& table) {
  const TableSchema& like = schema_of(table.like);
  std::vector<Column> out;
  if (table.columns.empty()) {
    out.assign(like.columns.begin(), like.columns.end());
  } else {
    for (std::size_t start = 0; start < table.columns.size();) {
      const std::size_t end = std::min(table.columns.find(", ", start), table.columns.size());
      out.push_back(column_of(like, table.columns.substr(start, end - start)));
      start = end + 2;
    }
  }
  for (Column& column : out) column.role = ColumnRole::nullable;
  return out;
}

// "a, b, c": every column of a star table.
std::string columns_of(std::string_view table) { return column_list(schema_of(table).columns); }

void add_analyze(const EngineSql& engine, std::vector<Statement>& out, std::string_view table) {
  if (engine.analyze_work_tables) out.push_back({fmt::format("analyze {}", table), fmt::format("ANALYZE {}", table)});
}

// The rule of docs/semantics.md for several events of one play key: the
// smallest (level, location, user_agent, song, artist, length).
std::string play_event_rule(const EngineSql& e) {
  return fmt::format("{}, {}, {}, {}, {}, length ASC NULLS FIRST", e.text_ascending("level"),
                     e.text_ascending("location"), e.text_ascending("user_agent"), e.text_ascending("song"),
                     e.text_ascending("artist"));
}

// The same for songplays rows; rows of equal events carry equal matches, so
// song_id and artist_id only make the order total.
std::string songplay_rule(const EngineSql& e) {
  return fmt::format("{}, {}, {}", play_event_rule(e), e.text_ascending("song_id"), e.text_ascending("artist_id"));
}

// The users rule: the latest event, then the smallest content.
std::string users_rule(const EngineSql& e) {
  return fmt::format("latest_ts DESC, latest_session_id DESC, latest_item_in_session DESC, {}, {}, {}, {}",
                     e.text_ascending("level"), e.text_ascending("first_name"), e.text_ascending("last_name"),
                     e.text_ascending("gender"));
}

// The song match of every row of `plays` (alias p, with columns song, artist,
// length): the best song of the warehouse's songs/artists, one row per
// `per_play` partition; matched_song_id / matched_artist_id are NULL when
// no song matches. `columns` are the columns selected from the result.
std::string song_match_query(const EngineSql& e, std::string_view plays, std::string_view per_play,
                             std::string_view columns) {
  return fmt::format(R"(SELECT {columns}
FROM (
    SELECT p.*, c.song_id AS matched_song_id, c.artist_id AS matched_artist_id,
           row_number() OVER (PARTITION BY {per_play}
                              ORDER BY abs(c.duration - p.length) ASC NULLS LAST, {song_id}) AS pick
    FROM {plays} p
    LEFT JOIN (
        SELECT s.song_id, s.title, s.duration, a.artist_id, a.name
        FROM songs s
        JOIN artists a ON {same_artist}
    ) c ON {same_title} AND {same_name}
) ranked
WHERE pick = 1)",
                     fmt::arg("columns", columns), fmt::arg("per_play", per_play), fmt::arg("plays", plays),
                     fmt::arg("song_id", e.text_ascending("c.song_id")),
                     fmt::arg("same_artist", e.text_equal("a.artist_id", "s.artist_id")),
                     fmt::arg("same_title", e.text_equal("c.title", "p.song")),
                     fmt::arg("same_name", e.text_equal("c.name", "p.artist")));
}

// INSERT INTO changed_<table> the best row per key over the warehouse's rows
// of the run's keys and the run's rows, when it is not a warehouse row: the
// warehouse's row wins a tie, so an unchanged row is never rewritten.
// `run_columns` selects the table's columns from `run_table`.
// `implied`: a column whose value the key determines ("" for none); the
// stored rows are then also filtered on it, which changes no result but lets
// an engine skip the blocks of other values (zone maps, sort keys) instead of
// reading every stored row. Its range (the run's smallest and largest value)
// bounds an index scan: PostgreSQL otherwise merge-joined the values by
// walking songplays' start_time index from its first row to the run's, so a
// `--full` rerun's rounds each read further (10M: 0.31M rows in the first
// round, 2.2M in the seventh; bench/README.md, stop 26).
std::string changed_rows(std::string_view table, std::string_view key, std::string_view partition,
                         std::string_view rule, std::string_view run_table, std::string_view run_columns,
                         std::string_view implied = {}) {
  const std::string narrowing = implied.empty()
                                    ? ""
                                    : fmt::format(
                                          " AND {0} IN (SELECT {0} FROM {1})"
                                          " AND {0} BETWEEN (SELECT min({0}) FROM {1}) AND (SELECT max({0}) FROM {1})",
                                          implied, run_table);
  return fmt::format(R"(INSERT INTO changed_{table} ({columns})
SELECT {columns}
FROM (
    SELECT {columns}, from_run,
           row_number() OVER (PARTITION BY {partition}
                              ORDER BY {rule}, from_run) AS pick
    FROM (
        SELECT {columns}, 0 AS from_run FROM {table} WHERE {key} IN (SELECT {key} FROM {run_table}){narrowing}
        UNION ALL
        SELECT {run_columns}, 1 AS from_run FROM {run_table}
    ) candidates
) ranked
WHERE pick = 1 AND from_run = 1)",
                     fmt::arg("table", table), fmt::arg("columns", columns_of(table)), fmt::arg("key", key),
                     fmt::arg("partition", partition), fmt::arg("rule", rule), fmt::arg("run_table", run_table),
                     fmt::arg("run_columns", run_columns), fmt::arg("narrowing", narrowing));
}

// Emptied, not dropped or renamed and made anew: a `--full` rerun of 10M
// events on DuckDB that made its work tables anew in each round failed Out of
// Memory half way, appending under the streaming cap, also with the appenders
// closed before each round (bench/README.md, stops 25 and 26).
Statement empty_work_table(const EngineSql& engine, std::string_view name) {
  return {fmt::format("clear {}", name),
          fmt::format("{} {}", engine.truncate_work_tables ? "TRUNCATE" : "DELETE FROM", name)};
}

}  // namespace

std::string extract_time_parts(std::string_view start_time) {
  std::string out;
  for (std::string_view part : {"HOUR", "DAY", "WEEK", "MONTH", "YEAR", "DOW"}) {
    if (!out.empty()) out += ", ";
    out += fmt::format("CAST(EXTRACT({} FROM {}) AS INTEGER)", part, start_time);
  }
  return out;
}

std::vector<std::string_view> every_work_table() {
  std::vector<std::string_view> out;
  for (const WorkTable& table : kWorkTables) {
    if (table.sql_route) out.push_back(table.name);
  }
  return out;
}

std::vector<std::string_view> work_tables_named_in(std::span<const Statement> statements) {
  const auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  const auto names = [&](std::string_view text, std::string_view name) {
    for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
      const std::size_t end = at + name.size();
      if ((at == 0 || !is_name_char(text[at - 1])) && (end == text.size() || !is_name_char(text[end]))) return true;
    }
    return false;
  };
  std::vector<std::string_view> out;
  for (const WorkTable& table : kWorkTables) {
    if (std::any_of(statements.begin(), statements.end(),
                    [&](const Statement& statement) { return names(statement.text, table.name); })) {
      out.push_back(table.name);
    }
  }
  return out;
}

std::vector<Statement> create_work_tables(const EngineSql& engine, std::span<const std::string_view> names) {
  std::vector<Statement> out;
  for (std::string_view name : names) {
    const auto table = std::find_if(std::begin(kWorkTables), std::end(kWorkTables),
                                    [&](const WorkTable& candidate) { return candidate.name == name; });
    if (table == std::end(kWorkTables)) throw std::logic_error(fmt::format("no work table named {}", name));
    out.push_back(
        {fmt::format("drop {}", name), fmt::format("DROP TABLE IF EXISTS {}{}", engine.temporary_schema, name)});
    out.push_back({fmt::format("create {}", name),
                   create_table_text(table->name, work_columns(*table), engine.type_name, {}, "TEMPORARY TABLE")});
  }
  return out;
}

// run_songs gets its statistics in find_changed_songs_and_artists, which
// both routes run after filling it.
std::vector<Statement> stage_run_songs(const EngineSql&) {
  return {{"stage run_songs", R"(INSERT INTO run_songs (song_id, title, artist_id, year, duration, artist_name,
                       artist_location, artist_latitude, artist_longitude)
SELECT song_id, title, artist_id, year, duration, artist_name, artist_location, artist_latitude, artist_longitude
FROM staging_songs)"}};
}

std::vector<Statement> find_changed_songs_and_artists(const EngineSql& e) {
  std::vector<Statement> out;
  add_analyze(e, out, "run_songs");
  const std::string song_rule = fmt::format("{}, {}, year ASC NULLS FIRST, duration ASC NULLS FIRST",
                                            e.text_ascending("title"), e.text_ascending("artist_id"));
  out.push_back({"find changed songs", changed_rows("songs", "song_id", e.text_key("song_id"), song_rule, "run_songs",
                                                    "song_id, title, artist_id, year, duration")});
  const std::string artist_rule = fmt::format(
      "CASE WHEN length(location) > 0 THEN 0 ELSE 1 END, "
      "CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL THEN 0 ELSE 1 END, "
      "{}, {}, latitude ASC NULLS FIRST, longitude ASC NULLS FIRST",
      e.text_ascending("name"), e.text_ascending("location"));
  out.push_back({"find changed artists",
                 changed_rows("artists", "artist_id", e.text_key("artist_id"), artist_rule, "run_songs",
                              "artist_id, artist_name, artist_location, artist_latitude, artist_longitude")});
  return out;
}

// Run before the changes are applied, both read the stored songs as they
// were. The titles after: a song added or changed has its new title in
// changed_songs; a stored song by a changed artist that is not itself
// changed keeps its title.
std::vector<Statement> note_rematch_titles(const EngineSql& e) {
  std::vector<Statement> out;
  out.push_back({"rematch titles of changed songs", fmt::format(R"(INSERT INTO rematch_titles (title)
SELECT title FROM changed_songs
UNION ALL
SELECT s.title FROM songs s JOIN changed_songs c ON {})",
                                                                e.text_equal("s.song_id", "c.song_id"))});
  out.push_back({"rematch titles of changed artists", fmt::format(R"(INSERT INTO rematch_titles (title)
SELECT s.title FROM songs s JOIN changed_artists c ON {})",
                                                                  e.text_equal("s.artist_id", "c.artist_id"))});
  return out;
}

std::vector<Statement> apply_changed_songs_and_artists(const EngineSql& e) {
  std::vector<Statement> out;
  out.push_back({"replace changed songs", fmt::format("DELETE FROM songs USING changed_songs c WHERE {}",
                                                      e.text_equal("songs.song_id", "c.song_id"))});
  out.push_back({"insert changed songs",
                 fmt::format("INSERT INTO songs ({0})\nSELECT {0} FROM changed_songs", columns_of("songs"))});
  out.push_back({"replace changed artists", fmt::format("DELETE FROM artists USING changed_artists c WHERE {}",
                                                        e.text_equal("artists.artist_id", "c.artist_id"))});
  out.push_back({"insert changed artists",
                 fmt::format("INSERT INTO artists ({0})\nSELECT {0} FROM changed_artists", columns_of("artists"))});
  return out;
}

// The plays to match again are few distinct (song, artist, length) triples;
// each gets its match once, then every play of the triple takes it. Plays
// with a NULL length are updated apart so that both updates join on plain
// equalities (hash joins on every engine).
std::vector<Statement> rematch_songplays(const EngineSql& e) {
  std::vector<Statement> out;
  add_analyze(e, out, "rematch_titles");
  const std::string plays = fmt::format(R"((
        SELECT DISTINCT {}, {}, length
        FROM songplays
        WHERE song IN (SELECT title FROM rematch_titles) AND artist IS NOT NULL
    ))",
                                        e.text_distinct("song"), e.text_distinct("artist"));
  out.push_back(
      {"match songplays again",
       "INSERT INTO play_matches (song, artist, length, song_id, artist_id)\n" +
           song_match_query(e, plays, fmt::format("{}, {}, p.length", e.text_key("p.song"), e.text_key("p.artist")),
                            "song, artist, length, matched_song_id, matched_artist_id")});
  add_analyze(e, out, "play_matches");
  const std::string same_play =
      fmt::format("{} AND {}", e.text_equal("songplays.song", "m.song"), e.text_equal("songplays.artist", "m.artist"));
  out.push_back({"rematch songplays", fmt::format(R"(UPDATE songplays
SET song_id = m.song_id, artist_id = m.artist_id
FROM play_matches m
WHERE {} AND songplays.length = m.length)",
                                                  same_play)});
  out.push_back({"rematch songplays without length", fmt::format(R"(UPDATE songplays
SET song_id = m.song_id, artist_id = m.artist_id
FROM play_matches m
WHERE {} AND songplays.length IS NULL AND m.length IS NULL)",
                                                                 same_play)});
  return out;
}

std::vector<Statement> insert_staged_songplays(const EngineSql& e) {
  std::vector<Statement> out;
  out.push_back(
      {"stage run_plays",
       fmt::format(R"(INSERT INTO run_plays ({columns})
SELECT {songplay_id}, {start_time}, user_id, level, NULL, NULL, session_id, location, user_agent, song, artist, length
FROM (
    SELECT md5(CAST(user_id AS VARCHAR) || ':' || CAST(session_id AS VARCHAR) || ':' ||
               CAST(item_in_session AS VARCHAR) || ':' || CAST(ts AS VARCHAR)) AS key_md5,
           ts, user_id, level, session_id, location, user_agent, song, artist, length,
           row_number() OVER (PARTITION BY user_id, session_id, item_in_session, ts
                              ORDER BY {rule}) AS pick
    FROM (
        SELECT {user_id} AS user_id, session_id, item_in_session, ts, level, location, user_agent,
               song, artist, length
        FROM staging_events
        WHERE page = 'NextSong' AND {user_id} IS NOT NULL
    ) plays
) keyed
WHERE pick = 1)",
                   fmt::arg("columns", columns_of("songplays")), fmt::arg("songplay_id", e.songplay_key("key_md5")),
                   fmt::arg("start_time", e.timestamp_from_epoch_ms("ts")), fmt::arg("rule", play_event_rule(e)),
                   fmt::arg("user_id", e.staged_user_id))});
  add_analyze(e, out, "run_plays");
  const std::string columns =
      "songplay_id, start_time, user_id, level, matched_song_id, matched_artist_id, "
      "session_id, location, user_agent, song, artist, length";
  out.push_back({"note repeated songplays", fmt::format("INSERT INTO repeat_plays ({})\n", columns_of("songplays")) +
                                                song_match_query(e, R"((
        SELECT * FROM run_plays r
        WHERE EXISTS (SELECT 1 FROM songplays s WHERE s.songplay_id = r.songplay_id)
    ))",
                                                                 "p.songplay_id", columns)});
  out.push_back({"insert songplays", fmt::format("INSERT INTO songplays ({})\n", columns_of("songplays")) +
                                         song_match_query(e, R"((
        SELECT * FROM run_plays r
        WHERE NOT EXISTS (SELECT 1 FROM songplays s WHERE s.songplay_id = r.songplay_id)
    ))",
                                                          "p.songplay_id", columns)});
  return out;
}

// Rows of a key already in songplays are changed in place (UPDATE), never
// deleted: a DuckDB transaction that deletes rows it appended itself cannot
// hand its compressed row groups to the table at commit and writes them all
// again.
std::vector<Statement> resolve_songplay_keys(const EngineSql& e) {
  std::vector<Statement> out;
  add_analyze(e, out, "repeat_plays");
  const std::string columns = columns_of("songplays");
  // songplay_id is the md5 of a text that ends in the event's ts: a stored
  // row with a run row's key has its start_time, so every step also matches
  // start_time, which an engine may have an index on (PostgreSQL).
  out.push_back({"find changed songplays", changed_rows("songplays", "songplay_id", "songplay_id", songplay_rule(e),
                                                        "repeat_plays", columns, "start_time")});
  std::string assignments;
  for (const Column& column : schema_of("songplays").columns) {
    if (column.name == "songplay_id") continue;
    if (!assignments.empty()) assignments += ", ";
    assignments += fmt::format("{0} = c.{0}", column.name);
  }
  out.push_back({"update changed songplays", fmt::format(R"(UPDATE songplays
SET {}
FROM changed_songplays c
WHERE songplays.songplay_id = c.songplay_id AND songplays.start_time = c.start_time)",
                                                         assignments)});
  out.push_back({"insert changed songplays", fmt::format(R"(INSERT INTO songplays ({0})
SELECT {0}
FROM changed_songplays c
WHERE NOT EXISTS (SELECT 1 FROM songplays s WHERE s.songplay_id = c.songplay_id AND s.start_time = c.start_time))",
                                                         columns)});
  return out;
}

std::vector<Statement> clear_repeat_plays(const EngineSql& e) {
  return {empty_work_table(e, "repeat_plays"), empty_work_table(e, "changed_songplays")};
}

// Time rows are a function of start_time: a key already in time is left as
// it is. Written as an outer join kept where nothing matched: PostgreSQL
// plans it as the anti-join NOT EXISTS gives, and DuckDB builds its hash
// table on the few repeated keys and prunes its scan of time to their range,
// where for NOT EXISTS it read all of time (a daily load at 10M events: 3-7
// ms against 34-68 ms; bench/README.md, stop 20).
std::vector<Statement> resolve_time_keys(const EngineSql& e) {
  std::vector<Statement> out;
  add_analyze(e, out, "run_times");
  out.push_back({"insert repeated time", fmt::format(R"(INSERT INTO time ({})
SELECT repeated.start_time, {}
FROM (SELECT DISTINCT start_time FROM run_times) repeated
LEFT JOIN time done ON done.start_time = repeated.start_time
WHERE done.start_time IS NULL)",
                                                     columns_of("time"), e.time_parts("repeated.start_time"))});
  return out;
}

std::vector<Statement> clear_run_times(const EngineSql& e) { return {empty_work_table(e, "run_times")}; }

std::vector<Statement> insert_new_time(const EngineSql& e) {
  return {{"insert time", fmt::format(R"(INSERT INTO time ({})
SELECT start_time, {}
FROM (SELECT DISTINCT start_time FROM run_plays) played
WHERE NOT EXISTS (SELECT 1 FROM time done WHERE done.start_time = played.start_time))",
                                      columns_of("time"), e.time_parts("start_time"))}};
}

std::vector<Statement> stage_run_users(const EngineSql& e) {
  return {{"stage run_users", fmt::format(R"(INSERT INTO run_users ({columns})
SELECT {columns}
FROM (
    SELECT {columns},
           row_number() OVER (PARTITION BY user_id ORDER BY {rule}) AS pick
    FROM (
        SELECT {user_id} AS user_id, first_name, last_name, gender, level,
               ts AS latest_ts, session_id AS latest_session_id, item_in_session AS latest_item_in_session
        FROM staging_events
        WHERE {user_id} IS NOT NULL
    ) events
) ranked
WHERE pick = 1)",
                                          fmt::arg("columns", columns_of("users")), fmt::arg("rule", users_rule(e)),
                                          fmt::arg("user_id", e.staged_user_id))}};
}

std::vector<Statement> merge_users(const EngineSql& e) {
  std::vector<Statement> out;
  add_analyze(e, out, "run_users");
  out.push_back({"find changed users",
                 changed_rows("users", "user_id", "user_id", users_rule(e), "run_users", columns_of("users"))});
  out.push_back({"replace changed users", "DELETE FROM users WHERE user_id IN (SELECT user_id FROM changed_users)"});
  out.push_back({"insert changed users",
                 fmt::format("INSERT INTO users ({0})\nSELECT {0} FROM changed_users", columns_of("users"))});
  return out;
}

}  // namespace sparkify::sql
