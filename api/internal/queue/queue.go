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

// Queues of Roster's jobs. Sync runs have their own queue, so that the
// scheduler's job is never stuck behind long syncs.
const (
	QueueSync     = river.QueueDefault
	QueueSchedule = "schedule"
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

// ScheduleArgs is the periodic job that starts the scheduled sync runs that
// are due.
type ScheduleArgs struct{}

// Kind implements river.JobArgs.
func (ScheduleArgs) Kind() string { return "sync_schedule" }

type scheduleWorker struct {
	river.WorkerDefaults[ScheduleArgs]
	service *dirsync.Service
}

func (w *scheduleWorker) Work(ctx context.Context, _ *river.Job[ScheduleArgs]) error {
	_, err := w.service.ScheduleDue(ctx)
	return err
}

// scheduleTick returns how often the scheduler looks for due tenants: a
// sixtieth of the period, between one second and one minute. Each tenant's
// run starts within one tick after its offset in the period.
func scheduleTick(period time.Duration) time.Duration {
	return min(max(period/60, time.Second), time.Minute)
}

// schedulerJob returns the periodic job that runs the scheduler. Only the
// elected leader of the River clients on one database inserts it, and its
// unique period keeps a new leader from inserting a second one in the same
// tick.
func schedulerJob(period time.Duration) *river.PeriodicJob {
	tick := scheduleTick(period)
	return river.NewPeriodicJob(river.PeriodicInterval(tick), func() (river.JobArgs, *river.InsertOpts) {
		return ScheduleArgs{}, &river.InsertOpts{
			Queue:       QueueSchedule,
			MaxAttempts: 1,
			UniqueOpts:  river.UniqueOpts{ByPeriod: tick},
		}
	}, &river.PeriodicJobOpts{ID: "sync_schedule", RunOnStart: true})
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
	// Workers is the number of sync runs worked at once by this process;
	// zero makes an insert-only queue.
	Workers int
	Logger  *slog.Logger
}

// New returns a queue on db whose workers execute sync runs with service.
// When service's policy has a schedule period, the workers also run the
// scheduler that starts due runs.
func New(db *database.DB, service *dirsync.Service, opts Options) (*Queue, error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &syncWorker{service: service})
	river.AddWorker(workers, &scheduleWorker{service: service})

	cfg := &river.Config{
		Logger:      opts.Logger,
		MaxAttempts: syncMaxAttempts,
		JobTimeout:  2 * time.Hour,
	}
	if opts.Workers > 0 {
		cfg.Queues = map[string]river.QueueConfig{
			QueueSync:     {MaxWorkers: opts.Workers},
			QueueSchedule: {MaxWorkers: 1},
		}
		cfg.Workers = workers
		if period := service.Policy().Period; period > 0 {
			cfg.PeriodicJobs = []*river.PeriodicJob{schedulerJob(period)}
		}
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
	return q.EnqueueSyncAt(ctx, tx, runID, time.Time{})
}

// EnqueueSyncAt implements dirsync.ScheduledEnqueuer: the job becomes
// available at at, or at once for the zero time.
func (q *Queue) EnqueueSyncAt(ctx context.Context, tx *gorm.DB, runID string, at time.Time) error {
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return fmt.Errorf("enqueue sync run %s: not inside a transaction", runID)
	}
	opts := &river.InsertOpts{Queue: QueueSync, ScheduledAt: at}
	if err := q.inserter.insertTx(ctx, sqlTx, SyncArgs{RunID: runID}, opts); err != nil {
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
