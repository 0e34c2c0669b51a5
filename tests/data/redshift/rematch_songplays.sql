UPDATE songplays
SET song_id = m.song_id, artist_id = m.artist_id
FROM play_matches m
WHERE songplays.song = m.song AND LENGTH(songplays.song) = LENGTH(m.song) AND songplays.artist = m.artist AND LENGTH(songplays.artist) = LENGTH(m.artist) AND songplays.length = m.length;
