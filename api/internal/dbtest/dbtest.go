// Package dbtest gives tests a fresh, migrated database on each engine:
// a new PostgreSQL database per test, dropped afterwards, and a new SQLite
// file. PostgreSQL is required: when it cannot be reached the test fails,
// it is not skipped.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
)

// DefaultPostgresURL is the server tests use unless ROSTER_TEST_POSTGRES_URL
// names another; its user must be allowed to create databases.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Dialects lists the engines every store test runs on.
var Dialects = []database.Dialect{database.Postgres, database.SQLite}

// ForEach runs fn as a subtest on a fresh database of each engine.
func ForEach(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(string(d), func(t *testing.T) {
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh migrated database of the dialect, closed and removed
// when the test ends.
func Open(t testing.TB, dialect database.Dialect) *database.DB {
	t.Helper()
	cfg := Config(t, dialect)
	ctx := context.Background()
	db, err := database.Open(ctx, cfg, quietLogger())
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, quietLogger()); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return db
}

// Config returns database settings for a new empty database of the dialect.
func Config(t testing.TB, dialect database.Dialect) config.Database {
	t.Helper()
	if dialect == database.SQLite {
		return config.Database{DataDir: t.TempDir()}
	}
	return config.Database{URL: createPostgresDatabase(t), DataDir: t.TempDir()}
}

func createPostgresDatabase(t testing.TB) string {
	t.Helper()
	adminURL := os.Getenv("ROSTER_TEST_POSTGRES_URL")
	if adminURL == "" {
		adminURL = DefaultPostgresURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatalf("PostgreSQL is required for these tests and was not reachable at %s (set ROSTER_TEST_POSTGRES_URL): %v", redact(adminURL), err)
	}
	defer conn.Close(context.Background())

	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "roster_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, adminURL)
		if err != nil {
			t.Logf("drop test database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})

	u, err := url.Parse(adminURL)
	if err != nil {
		t.Fatalf("parse ROSTER_TEST_POSTGRES_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func quietLogger() *slog.Logger {
	if os.Getenv("ROSTER_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Logger returns the logger tests hand to components: silent unless
// ROSTER_TEST_LOG is set.
func Logger() *slog.Logger { return quietLogger() }

// MustExec runs a statement or fails the test.
func MustExec(t testing.TB, db *database.DB, sql string, args ...any) {
	t.Helper()
	if err := db.Gorm.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, fmt.Sprint(err))
	}
}
