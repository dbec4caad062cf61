// Package queue runs Roster's background jobs on River, a job queue kept in
// the same database as everything else, so that a job runs once even with
// several replicas. On PostgreSQL the workers use the pgx pool (with
// LISTEN/NOTIFY); jobs are inserted through database/sql so that they commit
// in the same transaction as the gorm writes that cause them.
package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dirsync"
)

// SyncArgs is the job that executes one sync run.
type SyncArgs struct {
	RunID string `json:"run_id"`
}

// Kind implements river.JobArgs.
func (SyncArgs) Kind() string { return "sync_tenant" }

// syncMaxAttempts bounds how often an interrupted run is resumed.
const syncMaxAttempts = 5

type syncWorker struct {
	river.WorkerDefaults[SyncArgs]
	service *dirsync.Service
}

// Timeout lets a sync of a large tenant run long; pages commit as they go.
func (w *syncWorker) Timeout(*river.Job[SyncArgs]) time.Duration { return 2 * time.Hour }

func (w *syncWorker) Work(ctx context.Context, job *river.Job[SyncArgs]) error {
	err := w.service.Execute(ctx, job.Args.RunID, nil)
	if err != nil && job.Attempt >= syncMaxAttempts {
		if ferr := w.service.FailInterrupted(context.WithoutCancel(ctx), job.Args.RunID, err); ferr != nil {
			return errors.Join(err, ferr)
		}
	}
	return err
}

// Queue inserts jobs and, when started, works them.
type Queue struct {
	db       *database.DB
	inserter inserter
	worker   runner
}

type inserter interface {
	insertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) error
}

type runner interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

type clientInserter[TTx any] struct {
	client *river.Client[TTx]
	wrap   func(*sql.Tx) TTx
}

func (c clientInserter[TTx]) insertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := c.client.InsertTx(ctx, c.wrap(tx), args, opts)
	return err
}

// Options configure the workers.
type Options struct {
	// Workers is the number of jobs worked at once by this process; zero
	// makes an insert-only queue.
	Workers int
	Logger  *slog.Logger
}

// New returns a queue on db whose workers execute sync runs with service.
func New(db *database.DB, service *dirsync.Service, opts Options) (*Queue, error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &syncWorker{service: service})

	cfg := &river.Config{
		Logger:      opts.Logger,
		MaxAttempts: syncMaxAttempts,
		JobTimeout:  2 * time.Hour,
	}
	if opts.Workers > 0 {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opts.Workers}}
		cfg.Workers = workers
	}

	q := &Queue{db: db}
	switch db.Dialect {
	case database.Postgres:
		work, err := river.NewClient(riverpgxv5.New(db.Pool), cfg)
		if err != nil {
			return nil, fmt.Errorf("create job queue client: %w", err)
		}
		ins, err := river.NewClient(riverdatabasesql.New(db.SQL), &river.Config{Logger: opts.Logger, MaxAttempts: syncMaxAttempts})
		if err != nil {
			return nil, fmt.Errorf("create job queue inserter: %w", err)
		}
		q.worker = work
		q.inserter = clientInserter[*sql.Tx]{client: ins, wrap: func(tx *sql.Tx) *sql.Tx { return tx }}
	default:
		// SQLite has no notifications; poll often enough that a pressed
		// "Sync" button starts within a second.
		cfg.FetchPollInterval = 500 * time.Millisecond
		cfg.PollOnly = true
		client, err := river.NewClient(riversqlite.New(db.SQL), cfg)
		if err != nil {
			return nil, fmt.Errorf("create job queue client: %w", err)
		}
		q.worker = client
		q.inserter = clientInserter[*sql.Tx]{client: client, wrap: func(tx *sql.Tx) *sql.Tx { return tx }}
	}
	return q, nil
}

// EnqueueSync implements dirsync.Enqueuer.
func (q *Queue) EnqueueSync(ctx context.Context, tx *gorm.DB, runID string) error {
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return fmt.Errorf("enqueue sync run %s: not inside a transaction", runID)
	}
	if err := q.inserter.insertTx(ctx, sqlTx, SyncArgs{RunID: runID}, nil); err != nil {
		return fmt.Errorf("enqueue sync run %s: %w", runID, err)
	}
	return nil
}

// Start starts the workers.
func (q *Queue) Start(ctx context.Context) error { return q.worker.Start(ctx) }

// Stop waits for running jobs until ctx ends, then cancels them; a
// cancelled sync is resumed by the next process.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.worker.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		cancelCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return q.worker.StopAndCancel(cancelCtx)
	}
	return err
}
