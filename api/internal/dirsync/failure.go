package dirsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// fail records a failed run and, when the failure is transient and the
// tenant has attempts left, queues a retry run for later in the same
// transaction, so that a crash cannot lose the retry.
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
		run.ErrorKind = string(kindNotLinked)
	}

	var retry *Run
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Save(run).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{
			Action: "sync.run.failed", TargetType: "sync_run", TargetID: run.ID, TenantID: t.ID,
			After: map[string]any{"errorKind": run.ErrorKind, "error": run.ErrorMessage, "counts": countsOf(run)},
		}); err != nil {
			return err
		}
		var err error
		retry, err = s.scheduleRetry(ctx, tx, run, de)
		return err
	})
	if err != nil {
		return fmt.Errorf("record failure of sync run %s: %w", run.ID, err)
	}

	attrs := []any{"error_kind", run.ErrorKind, "error", cause, "http_status", run.ErrorHTTPStatus, "pages", run.PagesRead, "attempt", run.Attempt}
	if retry != nil {
		attrs = append(attrs, "retry_run_id", retry.ID, "retry_at", retry.ScheduledAt)
	}
	log.Error("sync run failed", attrs...)
	duration := now.Sub(run.QueuedAt)
	if run.StartedAt != nil {
		duration = now.Sub(*run.StartedAt)
	}
	s.observer.RunFinished(run.TenantID, run.Status, run.ErrorKind, duration)
	report(progress, run)
	return nil
}

// scheduleRetry queues the next attempt of a failed run, or returns nil
// when the failure needs an administrator or the attempts are used up.
func (s *Service) scheduleRetry(ctx context.Context, tx *gorm.DB, run *Run, de *directory.Error) (*Run, error) {
	if !retryable(directory.ErrorKind(run.ErrorKind)) || run.Attempt >= s.policy.MaxAttempts || s.enqueuer == nil {
		return nil, nil
	}
	var minimum time.Duration
	if de != nil {
		minimum = de.RetryAfter
	}
	next := run.Attempt + 1
	req := startRequest{
		tenantID: run.TenantID, trigger: TriggerRetry, full: run.FullRequested, attempt: next,
		at: s.now().Add(s.policy.retryDelay(next, minimum)),
	}
	retryCtx := audit.WithContext(ctx, audit.Context{Actor: audit.System})
	return s.createRun(retryCtx, tx, run.TenantID, req, true)
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
