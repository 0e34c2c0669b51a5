CREATE TEMPORARY TABLE run_songs (
    song_id          VARCHAR(64),
    title            VARCHAR(512),
    artist_id        VARCHAR(64),
    year             INTEGER,
    duration         DOUBLE PRECISION,
    artist_name      VARCHAR(512),
    artist_location  VARCHAR(512),
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION
);
