SELECT count(*) FROM sys_load_error_detail WHERE query_id = (SELECT max(query_id) FROM sys_load_history WHERE session_id = pg_backend_pid());
