CREATE TABLE users (
    user_id    BIGINT PRIMARY KEY,
    first_name VARCHAR(256),
    last_name  VARCHAR(256),
    gender     VARCHAR(16),
    level      VARCHAR(16)
)
DISTSTYLE ALL
SORTKEY (user_id);
