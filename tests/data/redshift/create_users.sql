CREATE TABLE users (
    user_id                BIGINT PRIMARY KEY,
    first_name             VARCHAR(256),
    last_name              VARCHAR(256),
    gender                 VARCHAR(16),
    level                  VARCHAR(16),
    latest_ts              BIGINT NOT NULL,
    latest_session_id      BIGINT NOT NULL,
    latest_item_in_session INTEGER NOT NULL
)
DISTSTYLE ALL
SORTKEY (user_id);
