INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id,
                       session_id, location, user_agent)
WITH events AS (
    SELECT CAST(NULLIF(user_id, '') AS BIGINT) AS user_id, session_id, item_in_session, ts, level, song, artist, length,
           location, user_agent, source_file, source_line
    FROM staging_events
    WHERE page = 'NextSong' AND CAST(NULLIF(user_id, '') AS BIGINT) IS NOT NULL
),
keyed AS (
    SELECT MD5(CAST(user_id AS VARCHAR) || ':' || CAST(session_id AS VARCHAR) || ':' ||
               CAST(item_in_session AS VARCHAR) || ':' || CAST(ts AS VARCHAR)) AS songplay_id,
           ts, user_id, level, song, artist, length, session_id, location, user_agent,
           ROW_NUMBER() OVER (PARTITION BY user_id, session_id, item_in_session, ts
                              ORDER BY source_file, source_line,
                                       level, song, artist, length, location, user_agent) AS pick
    FROM events
),
plays AS (
    SELECT * FROM keyed WHERE pick = 1
),
matches AS (
    SELECT p.songplay_id, s.song_id, s.artist_id,
           ROW_NUMBER() OVER (PARTITION BY p.songplay_id
                              ORDER BY ABS(s.duration - p.length) ASC NULLS LAST, s.song_id) AS pick
    FROM plays p
    JOIN staging_songs s ON s.title = p.song AND s.artist_name = p.artist
),
best_match AS (
    SELECT songplay_id, song_id, artist_id FROM matches WHERE pick = 1
)
SELECT p.songplay_id,
       TIMESTAMP 'epoch' + (p.ts / 1000) * INTERVAL '1 second' + (p.ts % 1000) * INTERVAL '1 millisecond',
       p.user_id, p.level, m.song_id, m.artist_id, p.session_id, p.location, p.user_agent
FROM plays p
LEFT JOIN best_match m ON m.songplay_id = p.songplay_id
WHERE NOT EXISTS (SELECT 1 FROM songplays done WHERE done.songplay_id = p.songplay_id);
