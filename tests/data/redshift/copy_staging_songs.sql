COPY staging_songs (num_songs, artist_id, artist_latitude, artist_longitude, artist_location, artist_name, song_id, title, duration, year)
FROM 's3://example-bucket/song_data/'
IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'
FORMAT AS JSON 'auto'
REGION 'us-west-2'
MAXERROR 5;
