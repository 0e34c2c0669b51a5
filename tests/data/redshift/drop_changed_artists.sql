DROP TABLE IF EXISTS changed_artists;
