DELETE FROM artists USING changed_artists c WHERE artists.artist_id = c.artist_id AND LENGTH(artists.artist_id) = LENGTH(c.artist_id);
