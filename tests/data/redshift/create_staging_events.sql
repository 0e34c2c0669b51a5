CREATE TABLE staging_events (
    artist          VARCHAR(512),
    auth            VARCHAR(32),
    first_name      VARCHAR(256),
    gender          VARCHAR(16),
    item_in_session INTEGER NOT NULL,
    last_name       VARCHAR(256),
    length          DOUBLE PRECISION,
    level           VARCHAR(16),
    location        VARCHAR(512),
    method          VARCHAR(16),
    page            VARCHAR(64) NOT NULL,
    registration    DOUBLE PRECISION,
    session_id      BIGINT NOT NULL,
    song            VARCHAR(512),
    status          INTEGER,
    ts              BIGINT NOT NULL,
    user_agent      VARCHAR(1024),
    user_id         VARCHAR(32),
    source_file     VARCHAR(1024),
    source_line     BIGINT
)
DISTSTYLE EVEN;
