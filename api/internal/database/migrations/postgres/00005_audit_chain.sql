-- +goose Up
ALTER TABLE audit_events ADD COLUMN seq bigint;
ALTER TABLE audit_events ADD COLUMN prev_hash text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN hash text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN actor_type text NOT NULL DEFAULT 'user';
ALTER TABLE audit_events ADD COLUMN impersonator_id text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN impersonator_name text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN impersonation_session_id text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN target_name text NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN user_agent text NOT NULL DEFAULT '';
-- Events written before the chain existed get sequence numbers and no hash.
UPDATE audit_events SET seq = n.rn FROM (SELECT id, row_number() OVER (ORDER BY occurred_at, id) AS rn FROM audit_events) n WHERE n.id = audit_events.id;
ALTER TABLE audit_events ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX audit_events_seq ON audit_events (seq);
CREATE INDEX audit_events_tenant_seq ON audit_events (tenant_id, seq);
CREATE INDEX audit_events_target ON audit_events (target_type, target_id, seq);
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);

CREATE TABLE audit_chain_head (
    id   integer PRIMARY KEY CHECK (id = 1),
    seq  bigint NOT NULL,
    hash text   NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) SELECT 1, coalesce(max(seq), 0), '' FROM audit_events;

-- The first request of each token session is recorded once.
CREATE TABLE audit_sessions (
    session_key text PRIMARY KEY,
    seen_at     timestamptz NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('roster.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TRIGGER audit_events_append_only ON audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE audit_sessions;
DROP TABLE audit_chain_head;
DROP INDEX audit_events_actor;
DROP INDEX audit_events_target;
DROP INDEX audit_events_tenant_seq;
DROP INDEX audit_events_seq;
ALTER TABLE audit_events DROP COLUMN user_agent, DROP COLUMN target_name, DROP COLUMN impersonation_session_id,
    DROP COLUMN impersonator_name, DROP COLUMN impersonator_id, DROP COLUMN actor_type, DROP COLUMN hash,
    DROP COLUMN prev_hash, DROP COLUMN seq;
