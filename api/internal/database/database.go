// Package database opens Roster's database, PostgreSQL or the embedded SQLite
// file, applies its versioned migrations and translates driver errors into
// the sentinel errors that stores match on.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	msqlite "modernc.org/sqlite"

	"github.com/rosterhq/roster/api/internal/config"
)

// Dialect names the database engine in use.
type Dialect string

// Supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Sentinel errors that stores return after translating driver errors.
var (
	ErrUniqueViolation = errors.New("unique constraint violated")
	ErrNotFound        = errors.New("not found")
)

// DB is an open database: gorm for stores, the *sql.DB beneath it, and for
// PostgreSQL the pgx pool the job queue uses.
type DB struct {
	Gorm    *gorm.DB
	SQL     *sql.DB
	Pool    *pgxpool.Pool // nil on SQLite
	Dialect Dialect
	// Location is a description safe to log: the SQLite path or the
	// PostgreSQL host and database, never the password.
	Location string
}

// Open connects to PostgreSQL when cfg.URL is set and otherwise opens (and
// creates) the SQLite file in cfg.DataDir.
func Open(ctx context.Context, cfg config.Database, log *slog.Logger) (*DB, error) {
	if cfg.URL != "" {
		return openPostgres(ctx, cfg.URL)
	}
	return openSQLite(ctx, cfg, log)
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	pcfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("invalid ROSTER_DATABASE_URL (expected postgres://user:password@host:5432/database): %w", redactErr(err, url))
	}
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL: %w", redactErr(err, url))
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	location := fmt.Sprintf("postgres://%s:%d/%s", pcfg.ConnConfig.Host, pcfg.ConnConfig.Port, pcfg.ConnConfig.Database)
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", location, redactErr(err, url))
	}

	sqlDB := stdlib.OpenDBFromPool(pool)
	gdb, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), gormConfig())
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open gorm on PostgreSQL: %w", err)
	}
	return &DB{Gorm: gdb, SQL: sqlDB, Pool: pool, Dialect: Postgres, Location: location}, nil
}

func openSQLite(ctx context.Context, cfg config.Database, log *slog.Logger) (*DB, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %q: %w", cfg.DataDir, err)
	}
	path := cfg.SQLitePath()
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	sqlDB, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open SQLite file %q: %w", path, err)
	}
	// SQLite has one writer. A single connection serialises writers instead
	// of failing them with "database is locked".
	sqlDB.SetMaxOpenConns(1)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open SQLite file %q: %w", path, err)
	}
	gdb, err := gorm.Open(sqlite.New(sqlite.Config{DriverName: "sqlite", Conn: sqlDB}), gormConfig())
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open gorm on SQLite: %w", err)
	}
	log.Debug("opened embedded database", "path", path)
	return &DB{Gorm: gdb, SQL: sqlDB, Dialect: SQLite, Location: path}, nil
}

func gormConfig() *gorm.Config {
	return &gorm.Config{
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
		SkipDefaultTransaction: true,
		TranslateError:         true,
	}
}

// Close releases every connection.
func (db *DB) Close() error {
	err := db.SQL.Close()
	if db.Pool != nil {
		db.Pool.Close()
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.SQL.PingContext(ctx)
}

// Translate maps driver errors to this package's sentinels, keeping the
// original wrapped for logs. gorm's own translation does not know modernc's
// SQLite errors, so both engines' codes are checked here.
func Translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return fmt.Errorf("%w: %w", ErrUniqueViolation, err)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return fmt.Errorf("%w: %w", ErrUniqueViolation, err)
	}
	var sqliteErr *msqlite.Error
	if errors.As(err, &sqliteErr) {
		switch sqliteErr.Code() {
		case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
			return fmt.Errorf("%w: %w", ErrUniqueViolation, err)
		}
	}
	return err
}

// redactErr removes the connection URL, which may hold a password, from a
// driver error message.
func redactErr(err error, url string) error {
	msg := err.Error()
	if url != "" && strings.Contains(msg, url) {
		return errors.New(strings.ReplaceAll(msg, url, "[database URL]"))
	}
	return err
}
