-- Sequence values handed out from memory, in blocks. With NO CACHE (hook ids) or the default
-- cache of 32 (delivery ids), drawing values wrote H2's store to disk every value or every 32
-- values, inside the ingest writer's transaction: the largest single cost of ingest under load.
-- Values still grow in the order they are drawn; after a crash the sequence resumes past the
-- block it had reserved, so ids skip ahead but are never reused.
ALTER SEQUENCE hook_id_seq CACHE 65536;
ALTER SEQUENCE delivery_id_seq CACHE 65536;
ALTER SEQUENCE admin_action_id_seq CACHE 1024;
