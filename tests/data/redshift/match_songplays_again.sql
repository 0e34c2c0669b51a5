INSERT INTO play_matches (song, artist, length, song_id, artist_id)
SELECT song, artist, length, matched_song_id, matched_artist_id
FROM (
    SELECT p.*, c.song_id AS matched_song_id, c.artist_id AS matched_artist_id,
           row_number() OVER (PARTITION BY p.song, LENGTH(p.song), p.artist, LENGTH(p.artist), p.length
                              ORDER BY abs(c.duration - p.length) ASC NULLS LAST, c.song_id ASC NULLS FIRST, LENGTH(c.song_id) ASC) AS pick
    FROM (
        SELECT DISTINCT song, LENGTH(song) AS song_length, artist, LENGTH(artist) AS artist_length, length
        FROM songplays
        WHERE song IN (SELECT title FROM rematch_titles) AND artist IS NOT NULL
    ) p
    LEFT JOIN (
        SELECT s.song_id, s.title, s.duration, a.artist_id, a.name
        FROM songs s
        JOIN artists a ON a.artist_id = s.artist_id AND LENGTH(a.artist_id) = LENGTH(s.artist_id)
    ) c ON c.title = p.song AND LENGTH(c.title) = LENGTH(p.song) AND c.name = p.artist AND LENGTH(c.name) = LENGTH(p.artist)
) ranked
WHERE pick = 1;
