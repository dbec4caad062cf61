-- +goose Up
-- SQLite cannot change a CHECK constraint, so sync_runs is rebuilt with the
-- new statuses (a run that would disable or remove too many people stops in
-- needs_confirmation) and the new columns. No table references it yet.
CREATE TABLE sync_runs_new (
    id                 text PRIMARY KEY,
    tenant_id          text      NOT NULL REFERENCES tenants (id),
    status             text      NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'needs_confirmation', 'discarded')),
    trigger            text      NOT NULL,
    requested_by       text      NOT NULL DEFAULT '',
    full_sync          boolean   NOT NULL DEFAULT false,
    queued_at          timestamp NOT NULL,
    started_at         timestamp,
    finished_at        timestamp,
    pages_read         integer   NOT NULL DEFAULT 0,
    people_written     integer   NOT NULL DEFAULT 0,
    created_count      integer   NOT NULL DEFAULT 0,
    updated_count      integer   NOT NULL DEFAULT 0,
    disabled_count     integer   NOT NULL DEFAULT 0,
    removed_count      integer   NOT NULL DEFAULT 0,
    restored_count     integer   NOT NULL DEFAULT 0,
    error_kind         text      NOT NULL DEFAULT '',
    error_message      text      NOT NULL DEFAULT '',
    error_http_status  integer   NOT NULL DEFAULT 0,
    full_requested     boolean   NOT NULL DEFAULT false,
    scheduled_at       timestamp,
    schedule_slot      integer,
    attempt            integer   NOT NULL DEFAULT 1,
    job_id             integer,
    pending_delta_link text      NOT NULL DEFAULT '',
    pending_disables   integer   NOT NULL DEFAULT 0,
    pending_removals   integer   NOT NULL DEFAULT 0,
    guard_population   integer   NOT NULL DEFAULT 0,
    decided_by         text      NOT NULL DEFAULT '',
    decided_by_name    text      NOT NULL DEFAULT '',
    decided_at         timestamp
);
INSERT INTO sync_runs_new (id, tenant_id, status, trigger, requested_by, full_sync, queued_at, started_at,
    finished_at, pages_read, people_written, created_count, updated_count, disabled_count, removed_count,
    restored_count, error_kind, error_message, error_http_status)
SELECT id, tenant_id, status, trigger, requested_by, full_sync, queued_at, started_at,
    finished_at, pages_read, people_written, created_count, updated_count, disabled_count, removed_count,
    restored_count, error_kind, error_message, error_http_status
FROM sync_runs;
DROP TABLE sync_runs;
ALTER TABLE sync_runs_new RENAME TO sync_runs;

-- A run awaiting confirmation blocks new runs of its tenant like an active one.
CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (tenant_id)
    WHERE status IN ('queued', 'running', 'needs_confirmation');
CREATE INDEX sync_runs_tenant_time ON sync_runs (tenant_id, queued_at DESC);
-- The scheduler starts at most one run per tenant and schedule period.
CREATE UNIQUE INDEX sync_runs_schedule_slot ON sync_runs (tenant_id, schedule_slot)
    WHERE schedule_slot IS NOT NULL;
CREATE INDEX sync_runs_status ON sync_runs (status);

-- Disables and removals a run found, applied at its end or on confirmation.
CREATE TABLE sync_run_pending_changes (
    run_id    text NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    person_id text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    change    text NOT NULL CHECK (change IN ('disable', 'remove')),
    PRIMARY KEY (run_id, person_id)
);

ALTER TABLE tenants ADD COLUMN sync_guests boolean NOT NULL DEFAULT true;

-- +goose Down
ALTER TABLE tenants DROP COLUMN sync_guests;
DROP TABLE sync_run_pending_changes;
CREATE TABLE sync_runs_old (
    id             text PRIMARY KEY,
    tenant_id      text        NOT NULL REFERENCES tenants (id),
    status         text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    trigger        text        NOT NULL,
    requested_by   text        NOT NULL DEFAULT '',
    full_sync      boolean     NOT NULL DEFAULT false,
    queued_at      timestamp NOT NULL,
    started_at     timestamp,
    finished_at    timestamp,
    pages_read     integer     NOT NULL DEFAULT 0,
    people_written integer     NOT NULL DEFAULT 0,
    created_count  integer     NOT NULL DEFAULT 0,
    updated_count  integer     NOT NULL DEFAULT 0,
    disabled_count integer     NOT NULL DEFAULT 0,
    removed_count  integer     NOT NULL DEFAULT 0,
    restored_count integer     NOT NULL DEFAULT 0,
    error_kind     text        NOT NULL DEFAULT '',
    error_message  text        NOT NULL DEFAULT '',
    error_http_status integer  NOT NULL DEFAULT 0
);
INSERT INTO sync_runs_old SELECT id, tenant_id,
    CASE WHEN status IN ('needs_confirmation', 'discarded') THEN 'failed' ELSE status END,
    trigger, requested_by, full_sync, queued_at, started_at, finished_at, pages_read, people_written,
    created_count, updated_count, disabled_count, removed_count, restored_count, error_kind,
    error_message, error_http_status
FROM sync_runs;
DROP TABLE sync_runs;
ALTER TABLE sync_runs_old RENAME TO sync_runs;
CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (tenant_id) WHERE status IN ('queued', 'running');
CREATE INDEX sync_runs_tenant_time ON sync_runs (tenant_id, queued_at DESC);
