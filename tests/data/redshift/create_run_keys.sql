CREATE TEMPORARY TABLE run_keys (
    songplay_id VARCHAR(32)
);
