DROP TABLE IF EXISTS changed_users;
