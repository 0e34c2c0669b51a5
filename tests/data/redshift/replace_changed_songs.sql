DELETE FROM songs USING changed_songs c WHERE songs.song_id = c.song_id AND LENGTH(songs.song_id) = LENGTH(c.song_id);
