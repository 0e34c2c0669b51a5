DROP TABLE IF EXISTS rematch_titles;
