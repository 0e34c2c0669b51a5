INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length)
SELECT songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length FROM kept_songplays;
