COPY staging_events (artist, auth, first_name, gender, item_in_session, last_name, length, level, location, method, page, registration, session_id, song, status, ts, user_agent, user_id, source_file, source_line)
FROM 's3://example-bucket/staging/manifests/run1/log_data.packed.manifest'
IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'
MANIFEST
FORMAT AS JSON 's3://example-bucket/staging/events_packed_jsonpaths.json'
GZIP
REGION 'us-west-2'
MAXERROR 100000
COMPUPDATE OFF
STATUPDATE ON;
