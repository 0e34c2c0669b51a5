INSERT INTO changed_users (user_id, first_name, last_name, gender, level, latest_ts, latest_session_id, latest_item_in_session)
SELECT user_id, first_name, last_name, gender, level, latest_ts, latest_session_id, latest_item_in_session
FROM (
    SELECT user_id, first_name, last_name, gender, level, latest_ts, latest_session_id, latest_item_in_session, from_run,
           row_number() OVER (PARTITION BY user_id
                              ORDER BY latest_ts DESC, latest_session_id DESC, latest_item_in_session DESC, level ASC NULLS FIRST, LENGTH(level) ASC, first_name ASC NULLS FIRST, LENGTH(first_name) ASC, last_name ASC NULLS FIRST, LENGTH(last_name) ASC, gender ASC NULLS FIRST, LENGTH(gender) ASC, from_run) AS pick
    FROM (
        SELECT user_id, first_name, last_name, gender, level, latest_ts, latest_session_id, latest_item_in_session, 0 AS from_run FROM users WHERE user_id IN (SELECT user_id FROM run_users)
        UNION ALL
        SELECT user_id, first_name, last_name, gender, level, latest_ts, latest_session_id, latest_item_in_session, 1 AS from_run FROM run_users
    ) candidates
) ranked
WHERE pick = 1 AND from_run = 1;
