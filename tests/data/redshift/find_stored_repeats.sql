INSERT INTO stored_repeats (songplay_id, start_time)
SELECT songplay_id, start_time FROM songplays
WHERE songplay_id IN (SELECT songplay_id FROM repeat_plays) AND start_time IN (SELECT start_time FROM repeat_plays);
