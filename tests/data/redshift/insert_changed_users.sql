INSERT INTO users (user_id, first_name, last_name, gender, level, latest_ts, latest_session_id, latest_item_in_session)
SELECT user_id, first_name, last_name, gender, level, latest_ts, latest_session_id, latest_item_in_session FROM changed_users;
