DELETE FROM etl_files WHERE kind = 'events' AND uri IN ('s3://b/log_data/2018-11-01-events.json');
