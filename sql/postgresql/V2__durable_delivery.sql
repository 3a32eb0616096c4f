-- Duplicates, the tamper-evident hash chain, retention anchors and the delivery audit.
ALTER TABLE hook ADD COLUMN dedup_key VARCHAR(256);
ALTER TABLE hook ADD COLUMN prev_hash CHAR(64);
ALTER TABLE hook ADD COLUMN hash CHAR(64);
CREATE INDEX hook_channel_dedup ON hook (channel, dedup_key);
CREATE INDEX hook_received_at ON hook (received_at);

-- last_hash/last_id: the head of the channel's chain; anchor_hash: the hash that the oldest
-- retained hook links to once older hooks are purged; purged_through: the highest id purged.
ALTER TABLE channel ADD COLUMN last_hash CHAR(64);
ALTER TABLE channel ADD COLUMN last_id BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE channel ADD COLUMN anchor_hash CHAR(64);
ALTER TABLE channel ADD COLUMN purged_through BIGINT DEFAULT 0 NOT NULL;

CREATE SEQUENCE delivery_id_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE delivery (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    hook_id     BIGINT                   NOT NULL,
    subscriber  VARCHAR(32)              NOT NULL,
    remote      VARCHAR(64),
    at_time     TIMESTAMPTZ              NOT NULL,
    status      VARCHAR(16)              NOT NULL,
    error       VARCHAR(1024)
);
CREATE INDEX delivery_hook ON delivery (hook_id);
