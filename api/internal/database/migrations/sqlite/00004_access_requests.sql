-- +goose Up
-- A person's request for access. The requester need not be synced yet, so
-- the request carries the identity from their token; granting links or
-- creates the person.
CREATE TABLE access_requests (
    id                  text PRIMARY KEY,
    tenant_id           text        NOT NULL REFERENCES tenants (id),
    entra_tenant_id     text        NOT NULL,
    object_id           text        NOT NULL,
    display_name        text        NOT NULL DEFAULT '',
    user_principal_name text        NOT NULL DEFAULT '',
    justification       text        NOT NULL DEFAULT '',
    status              text        NOT NULL CHECK (status IN ('pending', 'granted', 'denied', 'withdrawn', 'expired')),
    created_at          timestamp   NOT NULL,
    decided_at          timestamp,
    decided_by          text        NOT NULL DEFAULT '',
    decided_by_name     text        NOT NULL DEFAULT '',
    decision_reason     text        NOT NULL DEFAULT '',
    -- Set when granted. No foreign keys: the user may be removed later and
    -- the request must stay.
    person_id           text,
    user_id             text,
    grant_expires_at    timestamp
);
-- One open request per person: the database, not the process, enforces it.
CREATE UNIQUE INDEX access_requests_one_pending ON access_requests (entra_tenant_id, object_id) WHERE status = 'pending';
CREATE INDEX access_requests_requester ON access_requests (entra_tenant_id, object_id, created_at DESC);
CREATE INDEX access_requests_tenant_time ON access_requests (tenant_id, created_at DESC);
CREATE INDEX access_requests_pending_time ON access_requests (created_at) WHERE status = 'pending';

-- Instance-wide settings, one JSON value per key. A key without a row has
-- its default value.
CREATE TABLE settings (
    key             text PRIMARY KEY,
    value           text        NOT NULL,
    updated_by      text        NOT NULL DEFAULT '',
    updated_by_name text        NOT NULL DEFAULT '',
    updated_at      timestamp   NOT NULL
);
-- The revision of all settings together: their ETag. A change increments it
-- with a conditional update, so two concurrent changes cannot both apply.
CREATE TABLE settings_revision (
    id       integer PRIMARY KEY CHECK (id = 1),
    revision integer NOT NULL
);
INSERT INTO settings_revision (id, revision) VALUES (1, 1);

-- +goose Down
DROP TABLE settings_revision;
DROP TABLE settings;
DROP TABLE access_requests;
