CREATE TEMPORARY TABLE changed_songs (
    song_id   VARCHAR(64),
    title     VARCHAR(512),
    artist_id VARCHAR(64),
    year      INTEGER,
    duration  DOUBLE PRECISION
);
