-- +goose Up
ALTER TABLE tenants ADD COLUMN version integer NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE tenants DROP COLUMN version;
