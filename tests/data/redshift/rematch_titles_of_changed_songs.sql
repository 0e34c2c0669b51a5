INSERT INTO rematch_titles (title)
SELECT title FROM changed_songs
UNION ALL
SELECT s.title FROM songs s JOIN changed_songs c ON s.song_id = c.song_id AND LENGTH(s.song_id) = LENGTH(c.song_id);
