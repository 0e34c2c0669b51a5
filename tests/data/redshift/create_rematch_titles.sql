CREATE TEMPORARY TABLE rematch_titles (
    title VARCHAR(512)
);
