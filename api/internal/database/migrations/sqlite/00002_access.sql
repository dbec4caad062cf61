-- +goose Up
ALTER TABLE audit_events ADD COLUMN reason text NOT NULL DEFAULT '';

CREATE TABLE tenant_tags (
    tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    tag       text NOT NULL,
    PRIMARY KEY (tenant_id, tag)
);
CREATE INDEX tenant_tags_tag ON tenant_tags (lower(tag));

CREATE TABLE roles (
    id          text PRIMARY KEY,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    builtin     boolean     NOT NULL DEFAULT false,
    version     integer      NOT NULL DEFAULT 1,
    created_at  timestamp NOT NULL,
    updated_at  timestamp NOT NULL
);
CREATE UNIQUE INDEX roles_name_unique ON roles (lower(name));

CREATE TABLE role_permissions (
    role_id    text NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission text NOT NULL,
    PRIMARY KEY (role_id, permission)
);

CREATE TABLE users (
    id                 text PRIMARY KEY,
    person_id          text        NOT NULL UNIQUE REFERENCES people (id),
    tenant_id          text        NOT NULL REFERENCES tenants (id),
    status             text        NOT NULL CHECK (status IN ('active', 'disabled', 'suspended')),
    status_reason      text        NOT NULL DEFAULT '',
    status_changed_by  text        NOT NULL DEFAULT '',
    status_changed_at  timestamp,
    expires_at         timestamp,
    expiry_recorded_at timestamp,
    granted_by         text        NOT NULL DEFAULT '',
    granted_by_name    text        NOT NULL DEFAULT '',
    granted_at         timestamp NOT NULL,
    grant_reason       text        NOT NULL DEFAULT '',
    last_sign_in_at    timestamp,
    version            integer      NOT NULL DEFAULT 1,
    created_at         timestamp NOT NULL,
    updated_at         timestamp NOT NULL
);
CREATE INDEX users_tenant ON users (tenant_id);
CREATE INDEX users_expires ON users (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE api_clients (
    id           text PRIMARY KEY,
    client_id    text        NOT NULL UNIQUE,
    display_name text        NOT NULL,
    owner        text        NOT NULL DEFAULT '',
    tenant_id    text        NOT NULL REFERENCES tenants (id),
    status       text        NOT NULL CHECK (status IN ('active', 'disabled')),
    created_by   text        NOT NULL DEFAULT '',
    version      integer      NOT NULL DEFAULT 1,
    last_used_at timestamp,
    created_at   timestamp NOT NULL,
    updated_at   timestamp NOT NULL
);

CREATE TABLE role_assignments (
    id               text PRIMARY KEY,
    principal_type   text        NOT NULL CHECK (principal_type IN ('user', 'client')),
    principal_id     text        NOT NULL,
    role_id          text        NOT NULL REFERENCES roles (id),
    scope_type       text        NOT NULL CHECK (scope_type IN ('all', 'tenant', 'tag', 'own')),
    scope_tenant_id  text        REFERENCES tenants (id),
    scope_tag        text        NOT NULL DEFAULT '',
    effect           text        NOT NULL CHECK (effect IN ('allow', 'deny')),
    reason           text        NOT NULL DEFAULT '',
    assigned_by      text        NOT NULL DEFAULT '',
    assigned_by_name text        NOT NULL DEFAULT '',
    assigned_at      timestamp NOT NULL
);
CREATE INDEX role_assignments_principal ON role_assignments (principal_type, principal_id);
CREATE INDEX role_assignments_role ON role_assignments (role_id);
CREATE UNIQUE INDEX role_assignments_unique ON role_assignments (principal_type, principal_id, role_id, scope_type, coalesce(scope_tenant_id, ''), lower(scope_tag), effect);

CREATE TABLE bootstrap_grants (
    entry      text PRIMARY KEY,
    user_id    text        NOT NULL,
    granted_at timestamp NOT NULL
);

-- +goose Down
DROP TABLE bootstrap_grants;
DROP TABLE role_assignments;
DROP TABLE api_clients;
DROP TABLE users;
DROP TABLE role_permissions;
DROP TABLE roles;
DROP TABLE tenant_tags;
ALTER TABLE audit_events DROP COLUMN reason;
