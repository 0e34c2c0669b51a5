INSERT INTO run_users (user_id, first_name, last_name, gender, level, latest_ts, latest_session_id, latest_item_in_session)
SELECT user_id, first_name, last_name, gender, level, latest_ts, latest_session_id, latest_item_in_session
FROM (
    SELECT user_id, first_name, last_name, gender, level, latest_ts, latest_session_id, latest_item_in_session,
           row_number() OVER (PARTITION BY user_id ORDER BY latest_ts DESC, latest_session_id DESC, latest_item_in_session DESC, level ASC NULLS FIRST, LENGTH(level) ASC, first_name ASC NULLS FIRST, LENGTH(first_name) ASC, last_name ASC NULLS FIRST, LENGTH(last_name) ASC, gender ASC NULLS FIRST, LENGTH(gender) ASC) AS pick
    FROM (
        SELECT CAST(NULLIF(user_id, '') AS BIGINT) AS user_id, first_name, last_name, gender, level,
               ts AS latest_ts, session_id AS latest_session_id, item_in_session AS latest_item_in_session
        FROM staging_events
        WHERE CAST(NULLIF(user_id, '') AS BIGINT) IS NOT NULL
    ) events
) ranked
WHERE pick = 1;
