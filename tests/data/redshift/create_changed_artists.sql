CREATE TEMPORARY TABLE changed_artists (
    artist_id VARCHAR(64),
    name      VARCHAR(512),
    location  VARCHAR(512),
    latitude  DOUBLE PRECISION,
    longitude DOUBLE PRECISION
);
