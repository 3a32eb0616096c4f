-- The console's hook list: newest first (ORDER BY id DESC), optionally by channel and/or status,
-- paged by id (keyset). PostgreSQL scans the primary key and hook_channel_id backwards for the
-- unfiltered and per-channel lists; these cover the status filters.
CREATE INDEX hook_status_id_desc ON hook (status, id DESC);
CREATE INDEX hook_channel_status_id_desc ON hook (channel, status, id DESC);
-- The statistics' deliveries per outcome.
CREATE INDEX delivery_hook_status ON delivery (hook_id, status);
