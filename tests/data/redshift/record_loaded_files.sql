INSERT INTO etl_files (kind, uri, size, version, run_id, records, rejected)
VALUES ('events', 's3://b/log_data/2018-11-01-events.json', 1234, '0123abcd', 1, 10, 0);
