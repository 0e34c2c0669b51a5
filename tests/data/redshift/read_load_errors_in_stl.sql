SELECT TRIM(filename), line_number, TRIM(colname), TRIM(err_reason), TRIM(raw_line) FROM stl_load_errors WHERE query = pg_last_copy_id() ORDER BY TRIM(filename), line_number;
