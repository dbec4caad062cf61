package dirsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// Enqueuer schedules the execution of a run in the job queue, inside the
// transaction that creates the run so that neither exists without the other.
type Enqueuer interface {
	EnqueueSync(ctx context.Context, tx *gorm.DB, runID string) error
}

// Service starts and executes sync runs.
type Service struct {
	db       *gorm.DB
	runs     *RunStore
	tenants  *tenant.Store
	reader   directory.Reader
	enqueuer Enqueuer
	log      *slog.Logger
	now      func() time.Time
}

// NewService returns a service. enqueuer may be nil for a process that only
// executes runs inline (the `roster sync` command).
func NewService(db *gorm.DB, reader directory.Reader, enqueuer Enqueuer, log *slog.Logger) *Service {
	return &Service{
		db:       db,
		runs:     NewRunStore(db),
		tenants:  tenant.NewStore(db),
		reader:   reader,
		enqueuer: enqueuer,
		log:      log,
		now:      func() time.Time { return time.Now().UTC() },
	}
}

// SetEnqueuer sets the queue that Start enqueues runs in. The queue's
// workers need the service first, so the two are tied after construction.
func (s *Service) SetEnqueuer(e Enqueuer) { s.enqueuer = e }

// Runs returns the run store.
func (s *Service) Runs() *RunStore { return s.runs }

// Start creates a queued run of the tenant and enqueues it, unless a run is
// already queued or running, which is then returned with created false.
func (s *Service) Start(ctx context.Context, tenantID, trigger string) (run *Run, created bool, err error) {
	return s.start(ctx, tenantID, trigger, true)
}

// StartInline creates a queued run like Start without enqueuing it, for a
// caller that executes it at once with Execute.
func (s *Service) StartInline(ctx context.Context, tenantID, trigger string) (run *Run, created bool, err error) {
	return s.start(ctx, tenantID, trigger, false)
}

func (s *Service) start(ctx context.Context, tenantID, trigger string, enqueue bool) (run *Run, created bool, err error) {
	t, err := s.tenants.Get(ctx, tenantID)
	if err != nil {
		return nil, false, err
	}
	if !t.Linked() {
		return nil, false, fmt.Errorf("%w: tenant %q (%s) has no Entra tenant id", ErrNotLinked, t.Name, t.ID)
	}

	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		active, err := activeRun(ctx, tx, t.ID)
		if err == nil {
			run = active
			return nil
		}
		if !errors.Is(err, ErrRunNotFound) {
			return err
		}

		run = &Run{
			ID: uuid.NewString(), TenantID: t.ID, Status: StatusQueued, Trigger: trigger,
			RequestedBy: audit.FromContext(ctx).Actor.ID, QueuedAt: s.now(),
		}
		if err := tx.Create(run).Error; err != nil {
			return database.Translate(err)
		}
		created = true
		if err := audit.Record(ctx, tx, audit.Entry{
			Action: "sync.run.requested", TargetType: "sync_run", TargetID: run.ID, TenantID: t.ID,
			After: map[string]string{"trigger": trigger},
		}); err != nil {
			return err
		}
		if !enqueue {
			return nil
		}
		if s.enqueuer == nil {
			return errors.New("no job queue to run the sync in")
		}
		return s.enqueuer.EnqueueSync(ctx, tx, run.ID)
	})
	if errors.Is(err, database.ErrUniqueViolation) {
		// Another request created the active run between our read and insert.
		run, err = s.runs.Active(ctx, t.ID)
		return run, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("start sync of tenant %s: %w", t.ID, err)
	}
	return run, created, nil
}

// Progress receives the run after each page and at the end.
type Progress func(Run)

// Execute performs a queued or interrupted run. A run that already finished
// is left alone. Pages are committed one by one with the run's counters, so
// a failure after some pages leaves those pages applied and the stored delta
// link unchanged; the next run re-reads from there, which is idempotent.
//
// An error is returned only when the run could not be recorded or when ctx
// was cancelled (shutdown); a directory failure is recorded in the run and
// returns nil.
func (s *Service) Execute(ctx context.Context, runID string, progress Progress) error {
	run, t, err := s.begin(ctx, runID)
	if err != nil || run == nil {
		return err
	}
	log := s.log.With("run_id", run.ID, "tenant_id", t.ID, "entra_tenant_id", *t.EntraTenantID)
	log.Info("sync run started", "trigger", run.Trigger, "from_delta_link", t.DeltaLink != "")
	report(progress, run)

	target := person.SyncTarget{TenantID: t.ID, EntraTenantID: *t.EntraTenantID, RunID: run.ID}
	result, err := s.reader.UsersDelta(ctx, *t.EntraTenantID, t.DeltaLink, func(ctx context.Context, page directory.Page) error {
		return s.applyPage(ctx, run, target, page, progress)
	})
	if err != nil {
		if ctx.Err() != nil {
			log.Warn("sync run interrupted", "error", err)
			return ctx.Err()
		}
		return s.fail(context.WithoutCancel(ctx), log, run, t, err, progress)
	}
	return s.succeed(ctx, log, run, t, result, progress)
}

func (s *Service) begin(ctx context.Context, runID string) (*Run, *tenant.Tenant, error) {
	run, err := s.runs.Get(ctx, runID)
	if err != nil {
		return nil, nil, err
	}
	if !run.Active() {
		s.log.Info("sync run already finished", "run_id", run.ID, "status", run.Status)
		return nil, nil, nil
	}
	t, err := s.tenants.Get(ctx, run.TenantID)
	if err != nil {
		return nil, nil, err
	}
	if !t.Linked() {
		return nil, nil, s.fail(ctx, s.log, run, t, fmt.Errorf("%w: tenant %s", ErrNotLinked, t.ID), nil)
	}

	now := s.now()
	run.Status, run.StartedAt = StatusRunning, &now
	run.PagesRead, run.PeopleWritten = 0, 0
	run.CreatedCount, run.UpdatedCount, run.DisabledCount, run.RemovedCount, run.RestoredCount = 0, 0, 0, 0, 0
	if err := s.db.WithContext(ctx).Save(run).Error; err != nil {
		return nil, nil, fmt.Errorf("mark sync run %s running: %w", run.ID, err)
	}
	return run, t, nil
}

func (s *Service) applyPage(ctx context.Context, run *Run, target person.SyncTarget, page directory.Page, progress Progress) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		counts, err := person.ApplyPage(ctx, tx, target, page.Users, s.now())
		if err != nil {
			return err
		}
		run.PagesRead++
		addCounts(run, counts)
		return tx.Model(&Run{}).Where("id = ?", run.ID).Updates(map[string]any{
			"pages_read": run.PagesRead, "people_written": run.PeopleWritten,
			"created_count": run.CreatedCount, "updated_count": run.UpdatedCount,
			"disabled_count": run.DisabledCount, "removed_count": run.RemovedCount,
			"restored_count": run.RestoredCount,
		}).Error
	})
	if err != nil {
		return fmt.Errorf("apply page %d: %w", page.Number, err)
	}
	report(progress, run)
	return nil
}

func addCounts(run *Run, c person.Counts) {
	run.PeopleWritten += c.Written
	run.CreatedCount += c.Created
	run.UpdatedCount += c.Updated
	run.DisabledCount += c.Disabled
	run.RemovedCount += c.Removed
	run.RestoredCount += c.Restored
}

func (s *Service) succeed(ctx context.Context, log *slog.Logger, run *Run, t *tenant.Tenant, result directory.DeltaResult, progress Progress) error {
	now := s.now()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if result.Full {
			removed, err := person.MarkUnseenRemoved(ctx, tx, *t.EntraTenantID, run.ID, now)
			if err != nil {
				return err
			}
			run.RemovedCount += removed
			run.PeopleWritten += removed
		}
		if err := s.tenants.SetDeltaLink(tx, t.ID, result.DeltaLink, result.Full, now); err != nil {
			return fmt.Errorf("store delta link of tenant %s: %w", t.ID, err)
		}
		run.Status, run.FinishedAt, run.FullSync = StatusSucceeded, &now, result.Full
		if err := tx.Save(run).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			Action: "sync.run.succeeded", TargetType: "sync_run", TargetID: run.ID, TenantID: t.ID,
			After: countsOf(run),
		})
	})
	if err != nil {
		return fmt.Errorf("finish sync run %s: %w", run.ID, err)
	}
	log.Info("sync run succeeded", "full", result.Full, "pages", run.PagesRead, "created", run.CreatedCount,
		"updated", run.UpdatedCount, "disabled", run.DisabledCount, "removed", run.RemovedCount,
		"restored", run.RestoredCount, "duration", now.Sub(*run.StartedAt))
	report(progress, run)
	return nil
}

func (s *Service) fail(ctx context.Context, log *slog.Logger, run *Run, t *tenant.Tenant, cause error, progress Progress) error {
	now := s.now()
	run.Status, run.FinishedAt = StatusFailed, &now
	run.ErrorKind = string(directory.KindOf(cause))
	run.ErrorMessage = cause.Error()
	var de *directory.Error
	if errors.As(cause, &de) {
		run.ErrorHTTPStatus = de.HTTPStatus
	}
	if errors.Is(cause, ErrNotLinked) {
		run.ErrorKind = "not_linked"
	}

	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Save(run).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			Action: "sync.run.failed", TargetType: "sync_run", TargetID: run.ID, TenantID: t.ID,
			After: map[string]any{"errorKind": run.ErrorKind, "error": run.ErrorMessage, "counts": countsOf(run)},
		})
	})
	if err != nil {
		return fmt.Errorf("record failure of sync run %s: %w", run.ID, err)
	}
	log.Error("sync run failed", "error_kind", run.ErrorKind, "error", cause, "http_status", run.ErrorHTTPStatus, "pages", run.PagesRead)
	report(progress, run)
	return nil
}

// FailInterrupted marks a run that cannot be resumed as failed, for a job
// that ran out of attempts.
func (s *Service) FailInterrupted(ctx context.Context, runID string, cause error) error {
	run, err := s.runs.Get(ctx, runID)
	if err != nil || !run.Active() {
		return err
	}
	t, err := s.tenants.Get(ctx, run.TenantID)
	if err != nil {
		return err
	}
	return s.fail(ctx, s.log.With("run_id", runID), run, t, fmt.Errorf("interrupted and not resumed: %w", cause), nil)
}

func countsOf(r *Run) map[string]int {
	return map[string]int{
		"pagesRead": r.PagesRead, "peopleWritten": r.PeopleWritten, "created": r.CreatedCount,
		"updated": r.UpdatedCount, "disabled": r.DisabledCount, "removed": r.RemovedCount, "restored": r.RestoredCount,
	}
}

func report(p Progress, r *Run) {
	if p != nil {
		p(*r)
	}
}
