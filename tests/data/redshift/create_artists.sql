CREATE TABLE artists (
    artist_id VARCHAR(64) PRIMARY KEY,
    name      VARCHAR(512) NOT NULL,
    location  VARCHAR(512),
    latitude  DOUBLE PRECISION,
    longitude DOUBLE PRECISION
)
DISTSTYLE ALL
SORTKEY (artist_id);
