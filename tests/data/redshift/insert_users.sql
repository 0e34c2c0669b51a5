INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT user_id, first_name, last_name, gender, level
FROM (
    SELECT CAST(NULLIF(user_id, '') AS BIGINT) AS user_id, first_name, last_name, gender, level,
           ROW_NUMBER() OVER (PARTITION BY CAST(NULLIF(user_id, '') AS BIGINT)
                              ORDER BY ts DESC, session_id DESC, item_in_session DESC,
                                       source_file DESC, source_line DESC,
                                       first_name, last_name, gender, level) AS pick
    FROM staging_events
    WHERE CAST(NULLIF(user_id, '') AS BIGINT) IS NOT NULL
) latest
WHERE pick = 1;
