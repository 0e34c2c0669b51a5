INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length)
SELECT songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length
FROM changed_songplays c
WHERE NOT EXISTS (SELECT 1 FROM songplays s WHERE s.songplay_id = c.songplay_id AND s.start_time = c.start_time);
