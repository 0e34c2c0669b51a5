CREATE TEMPORARY TABLE changed_users (
    user_id                BIGINT,
    first_name             VARCHAR(256),
    last_name              VARCHAR(256),
    gender                 VARCHAR(16),
    level                  VARCHAR(16),
    latest_ts              BIGINT,
    latest_session_id      BIGINT,
    latest_item_in_session INTEGER
);
