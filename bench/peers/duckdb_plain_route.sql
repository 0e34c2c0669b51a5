-- The plain route a user would write with DuckDB alone: read_json into
-- staging tables, then one INSERT ... SELECT per star table with PRIMARY
-- KEYs, as in the original project. Run by `duckdb_sql_route script DB FILE
-- DIR` ({DIR} is replaced by the data folder); the part after "-- etl" is
-- what bench/etl_bench.sh times.
CREATE TABLE songplays (songplay_id VARCHAR PRIMARY KEY, start_time TIMESTAMP NOT NULL, user_id BIGINT NOT NULL,
                        level VARCHAR, song_id VARCHAR, artist_id VARCHAR, session_id BIGINT, location VARCHAR,
                        user_agent VARCHAR);
CREATE TABLE users (user_id BIGINT PRIMARY KEY, first_name VARCHAR, last_name VARCHAR, gender VARCHAR, level VARCHAR);
CREATE TABLE songs (song_id VARCHAR PRIMARY KEY, title VARCHAR, artist_id VARCHAR, year INTEGER, duration DOUBLE);
CREATE TABLE artists (artist_id VARCHAR PRIMARY KEY, name VARCHAR, location VARCHAR, latitude DOUBLE,
                      longitude DOUBLE);
CREATE TABLE time (start_time TIMESTAMP PRIMARY KEY, hour INTEGER, day INTEGER, week INTEGER, month INTEGER,
                   year INTEGER, weekday INTEGER);
-- etl
-- With DuckDB 1.4.4's default (insertion order preserved), read_json of the
-- 100,000 song files alone fails with "Out of Memory" at 11 GB peak RSS; the
-- error names this setting first, so it is what a user sets next.
SET preserve_insertion_order = false;
BEGIN TRANSACTION;
CREATE TABLE staging_events AS
SELECT * FROM read_json('{DIR}/log_data/**/*.json', format = 'newline_delimited',
    columns = {artist: 'VARCHAR', auth: 'VARCHAR', firstName: 'VARCHAR', gender: 'VARCHAR',
               itemInSession: 'INTEGER', lastName: 'VARCHAR', length: 'DOUBLE', level: 'VARCHAR',
               location: 'VARCHAR', method: 'VARCHAR', page: 'VARCHAR', registration: 'DOUBLE',
               sessionId: 'BIGINT', song: 'VARCHAR', status: 'INTEGER', ts: 'BIGINT', userAgent: 'VARCHAR',
               userId: 'VARCHAR'});
CREATE TABLE staging_songs AS
SELECT * FROM read_json('{DIR}/song_data/**/*.json', format = 'newline_delimited',
    columns = {num_songs: 'INTEGER', artist_id: 'VARCHAR', artist_latitude: 'DOUBLE', artist_longitude: 'DOUBLE',
               artist_location: 'VARCHAR', artist_name: 'VARCHAR', song_id: 'VARCHAR', title: 'VARCHAR',
               duration: 'DOUBLE', year: 'INTEGER'});
INSERT INTO songs
SELECT DISTINCT ON (song_id) song_id, title, artist_id, year, duration FROM staging_songs;
INSERT INTO artists
SELECT DISTINCT ON (artist_id) artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM staging_songs;
INSERT INTO users
SELECT DISTINCT ON (user_id) CAST(userId AS BIGINT) AS user_id, firstName, lastName, gender, level
FROM staging_events WHERE userId <> '' ORDER BY user_id, ts DESC;
INSERT INTO songplays
SELECT DISTINCT ON (songplay_id)
       md5(userId || ':' || sessionId || ':' || itemInSession || ':' || ts) AS songplay_id, epoch_ms(e.ts),
       CAST(e.userId AS BIGINT), e.level, s.song_id, s.artist_id, e.sessionId, e.location, e.userAgent
FROM staging_events e
LEFT JOIN staging_songs s ON s.title = e.song AND s.artist_name = e.artist
WHERE e.page = 'NextSong' AND e.userId <> '';
INSERT INTO time
SELECT DISTINCT start_time, hour(start_time), day(start_time), week(start_time), month(start_time),
       year(start_time), dayofweek(start_time)
FROM songplays;
COMMIT;
