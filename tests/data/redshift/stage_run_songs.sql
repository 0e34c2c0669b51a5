INSERT INTO run_songs (song_id, title, artist_id, year, duration, artist_name,
                       artist_location, artist_latitude, artist_longitude)
SELECT song_id, title, artist_id, year, duration, artist_name, artist_location, artist_latitude, artist_longitude
FROM staging_songs;
