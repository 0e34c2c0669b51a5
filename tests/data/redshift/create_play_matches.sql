CREATE TEMPORARY TABLE play_matches (
    song      VARCHAR(512),
    artist    VARCHAR(512),
    length    DOUBLE PRECISION,
    song_id   VARCHAR(64),
    artist_id VARCHAR(64)
);
