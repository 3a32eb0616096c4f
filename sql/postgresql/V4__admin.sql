-- The admin API: the admin user's password hash (when Hookcast generated the password) and the
-- log of admin actions (listed newest first, by id). Touches no other table.
CREATE TABLE admin_user (
    name           VARCHAR(64)              NOT NULL PRIMARY KEY,
    password_hash  VARCHAR(256)             NOT NULL,
    created_at     TIMESTAMPTZ              NOT NULL
);

CREATE SEQUENCE admin_action_id_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE admin_action (
    id       BIGINT                   NOT NULL PRIMARY KEY,
    at_time  TIMESTAMPTZ              NOT NULL,
    actor    VARCHAR(64)              NOT NULL,
    action   VARCHAR(64)              NOT NULL,
    target   VARCHAR(256),
    detail   VARCHAR(1024)
);
