CREATE TABLE songplays (
    songplay_id CHAR(36) NOT NULL,
    start_time  TIMESTAMP NOT NULL,
    user_id     BIGINT NOT NULL,
    level       VARCHAR(16),
    song_id     VARCHAR(64),
    artist_id   VARCHAR(64),
    session_id  BIGINT NOT NULL,
    location    VARCHAR(512),
    user_agent  VARCHAR(1024),
    song        VARCHAR(512),
    artist      VARCHAR(512),
    length      DOUBLE PRECISION
)
DISTKEY (start_time)
SORTKEY (start_time);
