DROP TABLE IF EXISTS repeat_plays;
