-- The console's hook list: newest first (ORDER BY id DESC), optionally by channel and/or status,
-- paged by id (keyset). Descending indexes so that H2 walks them in the list's order.
CREATE INDEX hook_id_desc ON hook (id DESC);
CREATE INDEX hook_channel_id_desc ON hook (channel, id DESC);
CREATE INDEX hook_status_id_desc ON hook (status, id DESC);
CREATE INDEX hook_channel_status_id_desc ON hook (channel, status, id DESC);
-- The statistics' deliveries per outcome.
CREATE INDEX delivery_hook_status ON delivery (hook_id, status);
