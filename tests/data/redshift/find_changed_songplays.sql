INSERT INTO changed_songplays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length)
SELECT songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length
FROM (
    SELECT songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length, from_run,
           row_number() OVER (PARTITION BY songplay_id
                              ORDER BY level ASC NULLS FIRST, LENGTH(level) ASC, location ASC NULLS FIRST, LENGTH(location) ASC, user_agent ASC NULLS FIRST, LENGTH(user_agent) ASC, song ASC NULLS FIRST, LENGTH(song) ASC, artist ASC NULLS FIRST, LENGTH(artist) ASC, length ASC NULLS FIRST, song_id ASC NULLS FIRST, LENGTH(song_id) ASC, artist_id ASC NULLS FIRST, LENGTH(artist_id) ASC, from_run) AS pick
    FROM (
        SELECT songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length, 0 AS from_run FROM songplays WHERE songplay_id IN (SELECT songplay_id FROM repeat_plays) AND start_time IN (SELECT start_time FROM repeat_plays) AND start_time BETWEEN (SELECT min(start_time) FROM repeat_plays) AND (SELECT max(start_time) FROM repeat_plays)
        UNION ALL
        SELECT songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length, 1 AS from_run FROM repeat_plays
    ) candidates
) ranked
WHERE pick = 1 AND from_run = 1;
