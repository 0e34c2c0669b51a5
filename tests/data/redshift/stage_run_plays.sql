INSERT INTO run_plays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent, song, artist, length)
SELECT SUBSTRING(key_md5, 1, 8) || '-' || SUBSTRING(key_md5, 9, 4) || '-' || SUBSTRING(key_md5, 13, 4) || '-' || SUBSTRING(key_md5, 17, 4) || '-' || SUBSTRING(key_md5, 21, 12), TIMESTAMP 'epoch' + (ts / 1000) * INTERVAL '1 second' + (ts % 1000) * INTERVAL '1 millisecond', user_id, level, NULL, NULL, session_id, location, user_agent, song, artist, length
FROM (
    SELECT md5(CAST(user_id AS VARCHAR) || ':' || CAST(session_id AS VARCHAR) || ':' ||
               CAST(item_in_session AS VARCHAR) || ':' || CAST(ts AS VARCHAR)) AS key_md5,
           ts, user_id, level, session_id, location, user_agent, song, artist, length,
           row_number() OVER (PARTITION BY user_id, session_id, item_in_session, ts
                              ORDER BY level ASC NULLS FIRST, LENGTH(level) ASC, location ASC NULLS FIRST, LENGTH(location) ASC, user_agent ASC NULLS FIRST, LENGTH(user_agent) ASC, song ASC NULLS FIRST, LENGTH(song) ASC, artist ASC NULLS FIRST, LENGTH(artist) ASC, length ASC NULLS FIRST) AS pick
    FROM (
        SELECT CAST(NULLIF(user_id, '') AS BIGINT) AS user_id, session_id, item_in_session, ts, level, location, user_agent,
               song, artist, length
        FROM staging_events
        WHERE page = 'NextSong' AND CAST(NULLIF(user_id, '') AS BIGINT) IS NOT NULL
    ) plays
) keyed
WHERE pick = 1;
