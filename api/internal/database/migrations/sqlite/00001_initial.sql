-- +goose Up
CREATE TABLE tenants (
    id              text PRIMARY KEY,
    name            text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('home', 'customer')),
    entra_tenant_id text        UNIQUE,
    primary_domain  text        NOT NULL DEFAULT '',
    delta_link      text        NOT NULL DEFAULT '',
    last_full_sync_at timestamp,
    created_at      timestamp NOT NULL,
    updated_at      timestamp NOT NULL
);
CREATE UNIQUE INDEX tenants_one_home ON tenants (kind) WHERE kind = 'home';
CREATE UNIQUE INDEX tenants_name_unique ON tenants (lower(name));

CREATE TABLE people (
    id                       text PRIMARY KEY,
    tenant_id                text        NOT NULL REFERENCES tenants (id),
    entra_tenant_id          text,
    object_id                text,
    source                   text        NOT NULL CHECK (source IN ('entra', 'manual')),
    display_name             text        NOT NULL DEFAULT '',
    given_name               text        NOT NULL DEFAULT '',
    surname                  text        NOT NULL DEFAULT '',
    user_principal_name      text        NOT NULL DEFAULT '',
    mail                     text        NOT NULL DEFAULT '',
    other_mails              text        NOT NULL DEFAULT '[]',
    job_title                text        NOT NULL DEFAULT '',
    department               text        NOT NULL DEFAULT '',
    office_location          text        NOT NULL DEFAULT '',
    mobile_phone             text        NOT NULL DEFAULT '',
    business_phones          text        NOT NULL DEFAULT '[]',
    account_enabled          boolean     NOT NULL DEFAULT true,
    user_type                text        NOT NULL DEFAULT '',
    on_premises_sync_enabled boolean,
    entra_created_at         timestamp,
    status                   text        NOT NULL CHECK (status IN ('enabled', 'disabled', 'removed')),
    removed_at               timestamp,
    sort_key                 text        NOT NULL,
    search_text              text        NOT NULL,
    version                  integer      NOT NULL DEFAULT 1,
    seen_run_id              text,
    last_synced_at           timestamp,
    created_at               timestamp NOT NULL,
    updated_at               timestamp NOT NULL
);
CREATE UNIQUE INDEX people_entra_key ON people (entra_tenant_id, object_id) WHERE object_id IS NOT NULL;
CREATE INDEX people_sort ON people (sort_key, id);
CREATE INDEX people_tenant_sort ON people (tenant_id, sort_key, id);

CREATE TABLE person_tags (
    person_id text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    tag       text NOT NULL,
    PRIMARY KEY (person_id, tag)
);
CREATE INDEX person_tags_tag ON person_tags (tag);

CREATE TABLE sync_runs (
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
-- At most one queued or running run per tenant: the database, not the
-- process, keeps two runs of one tenant from overlapping.
CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (tenant_id) WHERE status IN ('queued', 'running');
CREATE INDEX sync_runs_tenant_time ON sync_runs (tenant_id, queued_at DESC);

CREATE TABLE audit_events (
    id           text PRIMARY KEY,
    occurred_at  timestamp NOT NULL,
    action       text        NOT NULL,
    actor_id     text        NOT NULL,
    actor_name   text        NOT NULL DEFAULT '',
    target_type  text        NOT NULL,
    target_id    text        NOT NULL,
    tenant_id    text,
    before_value text,
    after_value  text,
    request_id   text        NOT NULL DEFAULT '',
    client_ip    text        NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_time ON audit_events (occurred_at DESC);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE sync_runs;
DROP TABLE person_tags;
DROP TABLE people;
DROP TABLE tenants;
