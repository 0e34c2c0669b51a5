CREATE TABLE etl_files (
    kind     VARCHAR(8) NOT NULL,
    uri      VARCHAR(4096) NOT NULL,
    size     BIGINT NOT NULL,
    version  VARCHAR(128) NOT NULL,
    run_id   BIGINT NOT NULL,
    records  BIGINT NOT NULL,
    rejected BIGINT NOT NULL
);
