INSERT INTO changed_songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, year, duration
FROM (
    SELECT song_id, title, artist_id, year, duration, from_run,
           row_number() OVER (PARTITION BY song_id, LENGTH(song_id)
                              ORDER BY title ASC NULLS FIRST, LENGTH(title) ASC, artist_id ASC NULLS FIRST, LENGTH(artist_id) ASC, year ASC NULLS FIRST, duration ASC NULLS FIRST, from_run) AS pick
    FROM (
        SELECT song_id, title, artist_id, year, duration, 0 AS from_run FROM songs WHERE song_id IN (SELECT song_id FROM run_songs)
        UNION ALL
        SELECT song_id, title, artist_id, year, duration, 1 AS from_run FROM run_songs
    ) candidates
) ranked
WHERE pick = 1 AND from_run = 1;
