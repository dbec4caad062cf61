-- +goose Up
ALTER TABLE audit_events ADD COLUMN seq integer;
ALTER TABLE audit_events ADD COLUMN prev_hash text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN hash text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN actor_type text NOT NULL DEFAULT 'user';
ALTER TABLE audit_events ADD COLUMN impersonator_id text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN impersonator_name text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN impersonation_session_id text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN target_name text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN user_agent text NOT NULL DEFAULT '';
-- Events written before the chain existed get sequence numbers and no hash.
UPDATE audit_events SET seq = (SELECT count(*) FROM audit_events e2 WHERE e2.occurred_at < audit_events.occurred_at OR (e2.occurred_at = audit_events.occurred_at AND e2.id <= audit_events.id));
CREATE UNIQUE INDEX audit_events_seq ON audit_events (seq);
CREATE INDEX audit_events_tenant_seq ON audit_events (tenant_id, seq);
CREATE INDEX audit_events_target ON audit_events (target_type, target_id, seq);
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);

CREATE TABLE audit_chain_head (
    id   integer PRIMARY KEY CHECK (id = 1),
    seq  integer NOT NULL,
    hash text    NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) SELECT 1, coalesce(max(seq), 0), '' FROM audit_events;

CREATE TABLE audit_sessions (
    session_key text PRIMARY KEY,
    seen_at     timestamp NOT NULL
);

-- Pruning sets a row here for the duration of its transaction.
CREATE TABLE audit_prune_guard (
    id integer PRIMARY KEY CHECK (id = 1)
);

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is not allowed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM audit_prune_guard)
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is not allowed');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_events_no_delete;
DROP TRIGGER audit_events_no_update;
DROP TABLE audit_prune_guard;
DROP TABLE audit_sessions;
DROP TABLE audit_chain_head;
DROP INDEX audit_events_actor;
DROP INDEX audit_events_target;
DROP INDEX audit_events_tenant_seq;
DROP INDEX audit_events_seq;
