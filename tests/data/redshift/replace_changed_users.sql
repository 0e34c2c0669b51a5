DELETE FROM users WHERE user_id IN (SELECT user_id FROM changed_users);
