-- Hookcast audit store, H2 (the embedded default).
-- Hook ids come from one global sequence, drawn inside the ingest transaction after the
-- channel's row lock is taken, so a channel's ids grow in commit order.
CREATE SEQUENCE hook_id_seq START WITH 1 INCREMENT BY 1 NO CACHE;

CREATE TABLE channel (
    name        VARCHAR(128)             NOT NULL PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE hook (
    id              BIGINT                   NOT NULL PRIMARY KEY,
    channel         VARCHAR(128)             NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    method          VARCHAR(16)              NOT NULL,
    content_type    VARCHAR(1024),
    headers         CLOB                     NOT NULL,
    remote_address  VARCHAR(64),
    body            BLOB,
    size            BIGINT                   NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    reason          VARCHAR(1024)
);

CREATE INDEX hook_channel_id ON hook (channel, id);
