-- Rejected requests counted per channel, reason and minute. Past a few rows of each kind a minute
-- (written to table hook in full, recorded), rejections are only counted here, so a flood of
-- rejected requests writes one row per kind, updated as it goes, instead of one row each.
-- total counts every rejection of the kind in the minute, recorded those that also have a hook row.
CREATE TABLE rejection_count (
    channel       VARCHAR(128)             NOT NULL,
    reason        VARCHAR(256)             NOT NULL,
    minute_start  TIMESTAMPTZ              NOT NULL,
    total         BIGINT                   NOT NULL,
    recorded      BIGINT                   NOT NULL,
    PRIMARY KEY (channel, reason, minute_start)
);
CREATE INDEX rejection_count_minute ON rejection_count (minute_start);
