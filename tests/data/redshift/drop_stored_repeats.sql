DROP TABLE IF EXISTS stored_repeats;
