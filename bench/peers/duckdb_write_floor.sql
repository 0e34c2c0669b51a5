-- The write floor: DuckDB storing the star tables that sparkify's run just
-- produced (the DuckDB file put in place of {DIR}) into a fresh file, with no
-- parsing, matching or checks: what the engine needs to write those rows at
-- all (with both cores; reading the source file back is included, and is the
-- smaller part). Run by `duckdb_sql_route script DB FILE SPARKIFY_DB etl`.
-- etl
ATTACH '{DIR}' AS done (READ_ONLY);
BEGIN TRANSACTION;
CREATE TABLE songplays AS SELECT * FROM done.songplays;
CREATE TABLE time AS SELECT * FROM done.time;
CREATE TABLE users AS SELECT * FROM done.users;
CREATE TABLE songs AS SELECT * FROM done.songs;
CREATE TABLE artists AS SELECT * FROM done.artists;
COMMIT;
