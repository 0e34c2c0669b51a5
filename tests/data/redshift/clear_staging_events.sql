DELETE FROM staging_events;
