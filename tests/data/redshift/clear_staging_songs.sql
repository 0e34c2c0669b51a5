DELETE FROM staging_songs;
