INSERT INTO repeat_plays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length)
SELECT songplay_id, start_time, user_id, level, matched_song_id, matched_artist_id, session_id, location, user_agent, song, artist, length
FROM (
    SELECT p.*, c.song_id AS matched_song_id, c.artist_id AS matched_artist_id,
           row_number() OVER (PARTITION BY p.songplay_id
                              ORDER BY abs(c.duration - p.length) ASC NULLS LAST, c.song_id ASC NULLS FIRST, LENGTH(c.song_id) ASC) AS pick
    FROM (
        SELECT * FROM run_plays r
        WHERE EXISTS (SELECT 1 FROM songplays s WHERE s.songplay_id = r.songplay_id)
    ) p
    LEFT JOIN (
        SELECT s.song_id, s.title, s.duration, a.artist_id, a.name
        FROM songs s
        JOIN artists a ON a.artist_id = s.artist_id AND LENGTH(a.artist_id) = LENGTH(s.artist_id)
    ) c ON c.title = p.song AND LENGTH(c.title) = LENGTH(p.song) AND c.name = p.artist AND LENGTH(c.name) = LENGTH(p.artist)
) ranked
WHERE pick = 1;
