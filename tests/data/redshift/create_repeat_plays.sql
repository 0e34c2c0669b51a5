CREATE TEMPORARY TABLE repeat_plays (
    songplay_id CHAR(36),
    start_time  TIMESTAMP,
    user_id     BIGINT,
    level       VARCHAR(16),
    song_id     VARCHAR(64),
    artist_id   VARCHAR(64),
    session_id  BIGINT,
    location    VARCHAR(512),
    user_agent  VARCHAR(1024),
    song        VARCHAR(512),
    artist      VARCHAR(512),
    length      DOUBLE PRECISION
);
