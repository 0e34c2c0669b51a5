CREATE TABLE staging_songs (
    num_songs        INTEGER,
    artist_id        VARCHAR(64) NOT NULL,
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION,
    artist_location  VARCHAR(512),
    artist_name      VARCHAR(512) NOT NULL,
    song_id          VARCHAR(64) NOT NULL,
    title            VARCHAR(512) NOT NULL,
    duration         DOUBLE PRECISION,
    year             INTEGER,
    source_file      VARCHAR(1024)
)
DISTSTYLE EVEN;
