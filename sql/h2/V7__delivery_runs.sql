-- H2: sequence values handed out from memory, in blocks. With NO CACHE (hook ids) or the default
-- cache of 32 (delivery ids), drawing values wrote H2's store to disk every value or every 32
-- values, inside the ingest writer's transaction: the largest single cost of ingest under load.
-- Values still grow in the order they are drawn; after a crash the sequence resumes past the
-- block it had reserved, so ids skip ahead but are never reused.
ALTER SEQUENCE hook_id_seq CACHE 65536;
ALTER SEQUENCE delivery_id_seq CACHE 65536;
ALTER SEQUENCE admin_action_id_seq CACHE 1024;

-- Delivery records become runs: consecutive deliveries of a channel's hooks to one subscriber
-- session are one row (first_hook .. last_hook, all accepted hooks of the channel in that range,
-- in order), closed within a second and never across a multiple of 1024 hook ids (bucket), so a
-- hook's records are found in one bucket. One row per hook and subscriber was the largest cost
-- of a broadcast: at 100 subscribers, 100 rows for every hook. Failures, drops and replays are
-- runs of one hook. Existing records become runs of one hook.
CREATE TABLE delivery_run (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    channel     VARCHAR(128)             NOT NULL,
    bucket      BIGINT                   NOT NULL,
    first_hook  BIGINT                   NOT NULL,
    last_hook   BIGINT                   NOT NULL,
    hooks       INTEGER                  NOT NULL,
    subscriber  VARCHAR(32)              NOT NULL,
    remote      VARCHAR(64),
    at_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    status      VARCHAR(16)              NOT NULL,
    error       VARCHAR(1024)
);
INSERT INTO delivery_run (id, channel, bucket, first_hook, last_hook, hooks, subscriber, remote, at_time, status, error)
    SELECT d.id, h.channel, d.hook_id / 1024, d.hook_id, d.hook_id, 1, d.subscriber, d.remote, d.at_time, d.status, d.error
    FROM delivery d JOIN hook h ON h.id = d.hook_id;
DROP TABLE delivery;
CREATE INDEX delivery_run_bucket ON delivery_run (channel, bucket);
