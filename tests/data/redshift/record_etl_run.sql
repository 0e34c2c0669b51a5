INSERT INTO etl_runs (finished_at, source, event_files, song_files, events_read, events_rejected, songs_read, songs_rejected)
VALUES (SYSDATE, 'song=a log=b', 1, 2, 3, 4, 5, 6);
