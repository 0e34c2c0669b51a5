INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT start_time, CAST(EXTRACT(HOUR FROM start_time) AS INTEGER), CAST(EXTRACT(DAY FROM start_time) AS INTEGER), CAST(EXTRACT(WEEK FROM start_time) AS INTEGER), CAST(EXTRACT(MONTH FROM start_time) AS INTEGER), CAST(EXTRACT(YEAR FROM start_time) AS INTEGER), CAST(EXTRACT(DOW FROM start_time) AS INTEGER)
FROM (SELECT DISTINCT start_time FROM run_plays) played
WHERE NOT EXISTS (SELECT 1 FROM time done WHERE done.start_time = played.start_time);
