CREATE TEMPORARY TABLE run_times (
    start_time TIMESTAMP
);
