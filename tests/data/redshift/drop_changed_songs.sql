DROP TABLE IF EXISTS changed_songs;
