SELECT count(*) FROM stl_load_errors WHERE query = pg_last_copy_id();
