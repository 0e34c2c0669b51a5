UPDATE songplays
SET start_time = c.start_time, user_id = c.user_id, level = c.level, song_id = c.song_id, artist_id = c.artist_id, session_id = c.session_id, location = c.location, user_agent = c.user_agent, song = c.song, artist = c.artist, length = c.length
FROM changed_songplays c
WHERE songplays.songplay_id = c.songplay_id AND songplays.start_time = c.start_time;
