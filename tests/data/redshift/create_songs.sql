CREATE TABLE songs (
    song_id   VARCHAR(64) PRIMARY KEY,
    title     VARCHAR(512) NOT NULL,
    artist_id VARCHAR(64) NOT NULL,
    year      INTEGER,
    duration  DOUBLE PRECISION
)
DISTKEY (song_id)
SORTKEY (song_id);
