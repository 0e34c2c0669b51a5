INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, year, duration
FROM (
    SELECT song_id, title, artist_id, year, duration,
           ROW_NUMBER() OVER (PARTITION BY song_id
                              ORDER BY source_file, title, artist_id, year, duration) AS pick
    FROM staging_songs
) first_seen
WHERE pick = 1
  AND NOT EXISTS (SELECT 1 FROM songs done WHERE done.song_id = first_seen.song_id);
