-- A channel's accepted hooks oldest first (catch-up with since, replay, gap fill across instances,
-- verify): the query orders by (channel, status, id) and this index serves it in that order. With
-- only the descending indexes of V5, H2 took one of them and sorted the rest of the channel for
-- every page.
CREATE INDEX hook_channel_status_id ON hook (channel, status, id);
