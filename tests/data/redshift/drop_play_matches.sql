DROP TABLE IF EXISTS play_matches;
