package database

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations
var migrations embed.FS

// Migrate applies Roster's pending migrations and the job queue's. On
// PostgreSQL a session lock keeps two replicas starting at once from
// migrating together.
func (db *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	provider, err := db.gooseProvider(true)
	if err != nil {
		return err
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	for _, r := range results {
		log.Info("applied migration", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}

	if err := db.migrateQueue(ctx, log); err != nil {
		return fmt.Errorf("apply job queue migrations: %w", err)
	}
	return nil
}

// MigrationsCurrent reports nil when every migration has been applied, and
// otherwise an error that says what is pending and how to apply it.
func (db *DB) MigrationsCurrent(ctx context.Context) error {
	provider, err := db.gooseProvider(false)
	if err != nil {
		return err
	}
	pending, err := provider.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("read migration state: %w", err)
	}
	if pending {
		return errors.New("database migrations are pending: run `roster migrate`")
	}

	res, err := db.validateQueue(ctx)
	if err != nil {
		return fmt.Errorf("read job queue migration state: %w", err)
	}
	if !res.OK {
		return fmt.Errorf("job queue migrations are pending (%v): run `roster migrate`", res.Messages)
	}
	return nil
}

func (db *DB) gooseProvider(withLock bool) (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	if db.Dialect == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
	}
	fsys, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}

	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if withLock && db.Dialect == Postgres {
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, db.SQL, fsys, opts...)
}

func (db *DB) migrateQueue(ctx context.Context, log *slog.Logger) error {
	var res *rivermigrate.MigrateResult
	var err error
	if db.Dialect == Postgres {
		m, mErr := rivermigrate.New(riverpgxv5.New(db.Pool), &rivermigrate.Config{Logger: log})
		if mErr != nil {
			return mErr
		}
		res, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	} else {
		m, mErr := rivermigrate.New(riversqlite.New(db.SQL), &rivermigrate.Config{Logger: log})
		if mErr != nil {
			return mErr
		}
		res, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		return err
	}
	for _, v := range res.Versions {
		log.Info("applied job queue migration", "version", v.Version, "name", v.Name)
	}
	return nil
}

func (db *DB) validateQueue(ctx context.Context) (*rivermigrate.ValidateResult, error) {
	if db.Dialect == Postgres {
		m, err := rivermigrate.New(riverpgxv5.New(db.Pool), nil)
		if err != nil {
			return nil, err
		}
		return m.Validate(ctx, nil)
	}
	m, err := rivermigrate.New(riversqlite.New(db.SQL), nil)
	if err != nil {
		return nil, err
	}
	return m.Validate(ctx, nil)
}
