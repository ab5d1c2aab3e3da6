-- Version 12: the live platform feed (`import --follow`, issue 17).
-- Where a followed file was read to: the file (device and inode, to notice a rotation), the byte
-- after the last line committed and that line's number. Written in the same transaction as the
-- batch it ends, so a restart reads on from exactly the first line not committed.
CREATE TABLE feed_positions (
    feed         TEXT PRIMARY KEY,
    file_id      TEXT NOT NULL,
    byte_offset  {{INT64}} NOT NULL,
    line         {{INT64}} NOT NULL,
    updated_at   {{INT64}} NOT NULL
);
-- Lines of a feed that could not be imported. Never the line itself, nor a hash of it: it may hold
-- backup codes, email addresses or phone numbers (and a hash of a short line is a dictionary
-- away). The excerpt shows only identifiers, times and kinds (null when the line is not JSON);
-- the feed and the line number find the line in the source.
CREATE TABLE import_quarantine (
    id           {{AUTO_ID}},
    feed         TEXT NOT NULL,
    line         {{INT64}} NOT NULL,
    received_at  {{INT64}} NOT NULL,
    record_type  TEXT,
    error        TEXT NOT NULL,
    excerpt      TEXT,
    line_bytes   {{INT64}} NOT NULL
);
CREATE INDEX import_quarantine_received ON import_quarantine (received_at);
