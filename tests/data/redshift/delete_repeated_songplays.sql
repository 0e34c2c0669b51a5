DELETE FROM songplays WHERE songplay_id IN (SELECT songplay_id FROM run_keys);
