CREATE TABLE time (
    start_time TIMESTAMP NOT NULL,
    hour       INTEGER NOT NULL,
    day        INTEGER NOT NULL,
    week       INTEGER NOT NULL,
    month      INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    weekday    INTEGER NOT NULL
)
DISTKEY (start_time)
SORTKEY (start_time);
