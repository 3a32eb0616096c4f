-- Per-channel settings, managed through PUT /api/admin/channels/{name}. A row that only holds a
-- chain head has configured = false and every setting null (the defaults apply).
ALTER TABLE channel ADD COLUMN configured BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE channel ADD COLUMN signing_scheme VARCHAR(16);
ALTER TABLE channel ADD COLUMN signing_secret VARCHAR(512);
ALTER TABLE channel ADD COLUMN signing_previous_secret VARCHAR(512);
-- SHA-256 (hex) of the subscriber token: the token itself is never stored.
ALTER TABLE channel ADD COLUMN subscriber_token_hash CHAR(64);
ALTER TABLE channel ADD COLUMN max_bytes BIGINT;
ALTER TABLE channel ADD COLUMN rate_per_second INTEGER;
ALTER TABLE channel ADD COLUMN rate_burst INTEGER;
ALTER TABLE channel ADD COLUMN retention_days INTEGER;
CREATE INDEX channel_configured ON channel (configured);
-- The signature verdict of a hook: unsigned, valid, or why it was rejected.
ALTER TABLE hook ADD COLUMN signature VARCHAR(64);
