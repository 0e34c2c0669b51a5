CREATE TEMPORARY TABLE stored_repeats (
    songplay_id CHAR(36),
    start_time  TIMESTAMP
);
