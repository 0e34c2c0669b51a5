COPY staging_songs (num_songs, artist_id, artist_latitude, artist_longitude, artist_location, artist_name, song_id, title, duration, year, source_file)
FROM 's3://example-bucket/staging/manifests/run1/song_data.packed.manifest'
IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'
MANIFEST
FORMAT AS JSON 'auto'
GZIP
REGION 'us-west-2'
MAXERROR 100000
COMPUPDATE OFF
STATUPDATE ON;
