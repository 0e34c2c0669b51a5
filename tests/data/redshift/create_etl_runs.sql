CREATE TABLE etl_runs (
    finished_at     TIMESTAMP NOT NULL,
    source          VARCHAR(4096) NOT NULL,
    event_files     BIGINT NOT NULL,
    song_files      BIGINT NOT NULL,
    events_read     BIGINT NOT NULL,
    events_rejected BIGINT NOT NULL,
    songs_read      BIGINT NOT NULL,
    songs_rejected  BIGINT NOT NULL
)
DISTSTYLE ALL;
