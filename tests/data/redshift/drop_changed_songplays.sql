DROP TABLE IF EXISTS changed_songplays;
