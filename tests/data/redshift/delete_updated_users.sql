DELETE FROM users
WHERE user_id IN (SELECT CAST(NULLIF(user_id, '') AS BIGINT) FROM staging_events WHERE CAST(NULLIF(user_id, '') AS BIGINT) IS NOT NULL);
