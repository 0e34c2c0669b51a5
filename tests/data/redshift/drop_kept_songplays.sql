DROP TABLE IF EXISTS kept_songplays;
