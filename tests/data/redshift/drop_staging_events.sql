DROP TABLE IF EXISTS staging_events;
