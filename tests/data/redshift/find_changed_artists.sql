INSERT INTO changed_artists (artist_id, name, location, latitude, longitude)
SELECT artist_id, name, location, latitude, longitude
FROM (
    SELECT artist_id, name, location, latitude, longitude, from_run,
           row_number() OVER (PARTITION BY artist_id, LENGTH(artist_id)
                              ORDER BY CASE WHEN length(location) > 0 THEN 0 ELSE 1 END, CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL THEN 0 ELSE 1 END, name ASC NULLS FIRST, LENGTH(name) ASC, location ASC NULLS FIRST, LENGTH(location) ASC, latitude ASC NULLS FIRST, longitude ASC NULLS FIRST, from_run) AS pick
    FROM (
        SELECT artist_id, name, location, latitude, longitude, 0 AS from_run FROM artists WHERE artist_id IN (SELECT artist_id FROM run_songs)
        UNION ALL
        SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude, 1 AS from_run FROM run_songs
    ) candidates
) ranked
WHERE pick = 1 AND from_run = 1;
