-- +goose Up
CREATE TABLE impersonation_sessions (
    id                   uuid PRIMARY KEY,
    impersonator_user_id uuid        NOT NULL,
    impersonator_id      text        NOT NULL,
    impersonator_name    text        NOT NULL,
    target_user_id       uuid        NOT NULL,
    target_id            text        NOT NULL,
    target_name          text        NOT NULL,
    tenant_id            uuid        NOT NULL,
    reason               text        NOT NULL,
    mode                 text        NOT NULL CHECK (mode IN ('read-only', 'full')),
    started_at           timestamptz NOT NULL,
    expires_at           timestamptz NOT NULL,
    ended_at             timestamptz,
    end_reason           text        NOT NULL DEFAULT ''
);
CREATE INDEX impersonation_sessions_started ON impersonation_sessions (started_at DESC);
CREATE UNIQUE INDEX impersonation_sessions_one_active ON impersonation_sessions (impersonator_user_id) WHERE ended_at IS NULL;

-- +goose Down
DROP TABLE impersonation_sessions;
