-- +goose Up
-- A run that would disable or remove too many people stops in
-- needs_confirmation until an administrator confirms or discards it.
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_status_check;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'needs_confirmation', 'discarded'));
ALTER TABLE sync_runs
    ADD COLUMN full_requested     boolean     NOT NULL DEFAULT false,
    ADD COLUMN scheduled_at       timestamptz,
    ADD COLUMN schedule_slot      bigint,
    ADD COLUMN attempt            integer     NOT NULL DEFAULT 1,
    ADD COLUMN job_id             bigint,
    ADD COLUMN pending_delta_link text        NOT NULL DEFAULT '',
    ADD COLUMN pending_disables   integer     NOT NULL DEFAULT 0,
    ADD COLUMN pending_removals   integer     NOT NULL DEFAULT 0,
    ADD COLUMN guard_population   integer     NOT NULL DEFAULT 0,
    ADD COLUMN decided_by         text        NOT NULL DEFAULT '',
    ADD COLUMN decided_by_name    text        NOT NULL DEFAULT '',
    ADD COLUMN decided_at         timestamptz;

-- A run awaiting confirmation blocks new runs of its tenant like an active one.
DROP INDEX sync_runs_one_active;
CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (tenant_id)
    WHERE status IN ('queued', 'running', 'needs_confirmation');
-- The scheduler starts at most one run per tenant and schedule period, even
-- when several replicas schedule at once.
CREATE UNIQUE INDEX sync_runs_schedule_slot ON sync_runs (tenant_id, schedule_slot)
    WHERE schedule_slot IS NOT NULL;
CREATE INDEX sync_runs_status ON sync_runs (status);

-- Disables and removals a run found, applied at its end or on confirmation.
CREATE TABLE sync_run_pending_changes (
    run_id    uuid NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    change    text NOT NULL CHECK (change IN ('disable', 'remove')),
    PRIMARY KEY (run_id, person_id)
);

ALTER TABLE tenants ADD COLUMN sync_guests boolean NOT NULL DEFAULT true;

-- +goose Down
ALTER TABLE tenants DROP COLUMN sync_guests;
DROP TABLE sync_run_pending_changes;
DROP INDEX sync_runs_status;
DROP INDEX sync_runs_schedule_slot;
DROP INDEX sync_runs_one_active;
UPDATE sync_runs SET status = 'failed' WHERE status IN ('needs_confirmation', 'discarded');
CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (tenant_id) WHERE status IN ('queued', 'running');
ALTER TABLE sync_runs
    DROP COLUMN full_requested,
    DROP COLUMN scheduled_at,
    DROP COLUMN schedule_slot,
    DROP COLUMN attempt,
    DROP COLUMN job_id,
    DROP COLUMN pending_delta_link,
    DROP COLUMN pending_disables,
    DROP COLUMN pending_removals,
    DROP COLUMN guard_population,
    DROP COLUMN decided_by,
    DROP COLUMN decided_by_name,
    DROP COLUMN decided_at;
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_status_check;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed'));
