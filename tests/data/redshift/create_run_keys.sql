CREATE TEMPORARY TABLE run_keys (
    songplay_id CHAR(36)
);
