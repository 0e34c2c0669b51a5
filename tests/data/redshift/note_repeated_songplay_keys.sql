INSERT INTO run_keys (songplay_id)
SELECT songplay_id FROM run_plays WHERE songplay_id IN (SELECT songplay_id FROM songplays);
