INSERT INTO rematch_titles (title)
SELECT s.title FROM songs s JOIN changed_artists c ON s.artist_id = c.artist_id AND LENGTH(s.artist_id) = LENGTH(c.artist_id);
