DROP TABLE IF EXISTS staging_songs;
