package dirsync

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/person"
)

// Confirm applies the pending disables and removals of a run that stopped
// for confirmation, stores its delta link and marks it succeeded, with the
// caller of ctx recorded as the one who decided. It fails with
// ErrNotAwaitingDecision when the run is in any other status, which is also
// what the second of two concurrent decisions gets.
func (s *Service) Confirm(ctx context.Context, runID string) (*Run, error) {
	return s.decide(ctx, runID, func(tx *gorm.DB, run *Run) error {
		now := s.now()
		s.markDecided(ctx, run)
		return s.apply(ctx, tx, run, run.TenantID, run.PendingDeltaLink, now, "sync.run.confirmed")
	})
}

// Discard rejects the pending changes of a run that stopped for
// confirmation. Nothing more is applied and the delta link is not stored,
// so the tenant's next run reads the same changes and meets the guard again.
func (s *Service) Discard(ctx context.Context, runID string) (*Run, error) {
	return s.decide(ctx, runID, func(tx *gorm.DB, run *Run) error {
		s.markDecided(ctx, run)
		run.Status, run.PendingDeltaLink = StatusDiscarded, ""
		if err := tx.Save(run).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			Action: "sync.run.discarded", TargetType: "sync_run", TargetID: run.ID, TenantID: run.TenantID,
			Before: map[string]int{"wouldDisable": run.PendingDisables, "wouldRemove": run.PendingRemovals},
		})
	})
}

func (s *Service) markDecided(ctx context.Context, run *Run) {
	now := s.now()
	actor := audit.FromContext(ctx).Actor
	run.DecidedBy, run.DecidedByName, run.DecidedAt = actor.ID, actor.Name, &now
}

// decide runs fn on a run awaiting confirmation, after claiming it with a
// conditional update so that two decisions cannot both apply.
func (s *Service) decide(ctx context.Context, runID string, fn func(tx *gorm.DB, run *Run) error) (*Run, error) {
	var run *Run
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if run, err = getRun(ctx, tx, runID); err != nil {
			return err
		}
		res := tx.Model(&Run{}).Where("id = ? AND status = ?", run.ID, StatusNeedsConfirmation).
			Update("decided_at", s.now())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("%w: run %s is %s", ErrNotAwaitingDecision, run.ID, run.Status)
		}
		return fn(tx, run)
	})
	if err != nil {
		if errors.Is(err, ErrRunNotFound) || errors.Is(err, ErrNotAwaitingDecision) {
			return nil, err
		}
		return nil, fmt.Errorf("decide sync run %s: %w", runID, err)
	}
	s.log.Info("sync run decided", "run_id", run.ID, "tenant_id", run.TenantID, "status", run.Status,
		"decided_by", run.DecidedBy, "disabled", run.DisabledCount, "removed", run.RemovedCount)
	s.observer.Decided(run.Status)
	return run, nil
}

// PendingChanges returns at most limit of a run's staged disables and
// removals with their people, in display-name order after the cursor.
func (s *Service) PendingChanges(ctx context.Context, runID string, after *person.Cursor, limit int) ([]person.PendingPerson, *person.Cursor, error) {
	run, err := s.runs.Get(ctx, runID)
	if err != nil {
		return nil, nil, err
	}
	return person.ListPending(ctx, s.db, run.ID, after, limit)
}
