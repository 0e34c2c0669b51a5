INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM (
    SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude,
           ROW_NUMBER() OVER (
               PARTITION BY artist_id
               ORDER BY CASE WHEN artist_location IS NOT NULL AND artist_location <> '' THEN 0 ELSE 1 END,
                        CASE WHEN artist_latitude IS NOT NULL AND artist_longitude IS NOT NULL THEN 0 ELSE 1 END,
                        song_id, source_file,
                        artist_name, artist_location, artist_latitude, artist_longitude) AS pick
    FROM staging_songs
) best_located
WHERE pick = 1
  AND NOT EXISTS (SELECT 1 FROM artists done WHERE done.artist_id = best_located.artist_id);
