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
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// Enqueuer schedules the execution of a run in the job queue, inside the
// transaction that creates the run so that neither exists without the other.
type Enqueuer interface {
	EnqueueSync(ctx context.Context, tx *gorm.DB, runID string) error
}

// ScheduledEnqueuer is an Enqueuer that can also hold a job back until a
// given time, which retries of failed runs need. Without it a retry is
// enqueued to start at once.
type ScheduledEnqueuer interface {
	EnqueueSyncAt(ctx context.Context, tx *gorm.DB, runID string, at time.Time) error
}

// Service starts and executes sync runs.
type Service struct {
	db        *gorm.DB
	runs      *RunStore
	tenants   *tenant.Store
	reader    directory.Reader
	enqueuer  Enqueuer
	policy    Policy
	observer  Observer
	customers CustomerDirectory // nil when customers cannot be listed
	log       *slog.Logger
	now       func() time.Time
}

// NewService returns a service with DefaultPolicy. enqueuer may be nil for a
// process that only executes runs inline (the `roster sync` command).
func NewService(db *gorm.DB, reader directory.Reader, enqueuer Enqueuer, log *slog.Logger) *Service {
	return &Service{
		db:       db,
		runs:     NewRunStore(db),
		tenants:  tenant.NewStore(db),
		reader:   reader,
		enqueuer: enqueuer,
		policy:   DefaultPolicy(),
		observer: noObserver{},
		log:      log,
		now:      func() time.Time { return time.Now().UTC() },
	}
}

// SetEnqueuer sets the queue that Start enqueues runs in. The queue's
// workers need the service first, so the two are tied after construction.
func (s *Service) SetEnqueuer(e Enqueuer) { s.enqueuer = e }

// SetPolicy replaces the guard, retry and schedule settings; zero fields
// take their defaults (see Policy).
func (s *Service) SetPolicy(p Policy) { s.policy = p.withDefaults() }

// Policy returns the settings in force.
func (s *Service) Policy() Policy { return s.policy }

// SetObserver sets what receives run outcomes for metrics.
func (s *Service) SetObserver(o Observer) {
	if o == nil {
		o = noObserver{}
	}
	s.observer = o
}

// Runs returns the run store.
func (s *Service) Runs() *RunStore { return s.runs }

// Start creates a queued run of the tenant and enqueues it, unless a run is
// already queued, running or awaiting confirmation, which is then returned
// with created false.
func (s *Service) Start(ctx context.Context, tenantID, trigger string) (run *Run, created bool, err error) {
	return s.start(ctx, startRequest{tenantID: tenantID, trigger: trigger}, true)
}

// StartInline creates a queued run like Start without enqueuing it, for a
// caller that executes it at once with Execute.
func (s *Service) StartInline(ctx context.Context, tenantID, trigger string) (run *Run, created bool, err error) {
	return s.start(ctx, startRequest{tenantID: tenantID, trigger: trigger}, false)
}

// startRequest describes a run to create.
type startRequest struct {
	tenantID string
	trigger  string
	full     bool
	slot     *int64
	attempt  int
	// at delays the run; the zero time starts it at once.
	at time.Time
}

func (s *Service) start(ctx context.Context, req startRequest, enqueue bool) (run *Run, created bool, err error) {
	t, err := s.tenants.Get(ctx, req.tenantID)
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
		run, err = s.createRun(ctx, tx, t.ID, req, enqueue)
		created = err == nil
		return err
	})
	if errors.Is(err, database.ErrUniqueViolation) {
		// Another request created the active run between our read and
		// insert, or another scheduler took this schedule slot.
		run, err = s.runs.Active(ctx, t.ID)
		if req.slot != nil && errors.Is(err, ErrRunNotFound) {
			return nil, false, fmt.Errorf("%w: schedule slot %d of tenant %s is taken", ErrSlotTaken, *req.slot, t.ID)
		}
		return run, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("start sync of tenant %s: %w", t.ID, err)
	}
	return run, created, nil
}

// ErrSlotTaken is returned when the scheduler finds that another replica
// already started the run of a tenant's schedule period.
var ErrSlotTaken = errors.New("schedule slot already taken")

// createRun inserts a queued run, records it and, with enqueue, adds its job
// to the queue, all in tx.
func (s *Service) createRun(ctx context.Context, tx *gorm.DB, tenantID string, req startRequest, enqueue bool) (*Run, error) {
	attempt := max(req.attempt, 1)
	run := &Run{
		ID: uuid.NewString(), TenantID: tenantID, Status: StatusQueued, Trigger: req.trigger,
		RequestedBy: audit.FromContext(ctx).Actor.ID, QueuedAt: s.now(), FullRequested: req.full,
		ScheduleSlot: req.slot, Attempt: attempt,
	}
	if !req.at.IsZero() {
		at := req.at.UTC()
		run.ScheduledAt = &at
	}
	if err := tx.Create(run).Error; err != nil {
		return nil, database.Translate(err)
	}
	after := map[string]any{"trigger": req.trigger, "full": req.full, "attempt": attempt}
	if run.ScheduledAt != nil {
		after["scheduledAt"] = run.ScheduledAt
	}
	if err := audit.Record(ctx, tx, audit.Entry{
		Action: "sync.run.requested", TargetType: "sync_run", TargetID: run.ID, TenantID: tenantID, After: after,
	}); err != nil {
		return nil, err
	}
	if !enqueue {
		return run, nil
	}
	return run, s.enqueue(ctx, tx, run)
}

func (s *Service) enqueue(ctx context.Context, tx *gorm.DB, run *Run) error {
	if s.enqueuer == nil {
		return errors.New("no job queue to run the sync in")
	}
	if se, ok := s.enqueuer.(ScheduledEnqueuer); ok && run.ScheduledAt != nil {
		return se.EnqueueSyncAt(ctx, tx, run.ID, *run.ScheduledAt)
	}
	return s.enqueuer.EnqueueSync(ctx, tx, run.ID)
}

// Progress receives the run after each page and at the end.
type Progress func(Run)

// Execute performs a queued or interrupted run. A run that already finished
// is left alone. Pages are committed one by one with the run's counters, so
// a failure after some pages leaves those pages applied and the stored delta
// link unchanged; the next run re-reads from there, which is idempotent.
//
// Disables and removals are staged, not applied, while pages arrive. At the
// end the guard compares them with the tenant's people: within the policy
// they are applied and the delta link is stored; beyond it the run stops in
// StatusNeedsConfirmation (see Confirm and Discard).
//
// An error is returned only when the run could not be recorded or when ctx
// was cancelled (shutdown); a directory failure is recorded in the run,
// schedules a retry when the failure is transient, and returns nil.
func (s *Service) Execute(ctx context.Context, runID string, progress Progress) error {
	run, t, err := s.begin(ctx, runID)
	if err != nil || run == nil {
		return err
	}
	deltaLink := t.DeltaLink
	if run.FullRequested {
		deltaLink = ""
	}
	log := s.log.With("run_id", run.ID, "tenant_id", t.ID, "entra_tenant_id", *t.EntraTenantID)
	log.Info("sync run started", "trigger", run.Trigger, "from_delta_link", deltaLink != "", "attempt", run.Attempt)
	report(progress, run)

	skipGuests, err := s.skipsGuests(ctx, t.ID)
	if err != nil {
		return err
	}
	target := person.SyncTarget{TenantID: t.ID, EntraTenantID: *t.EntraTenantID, RunID: run.ID, SkipGuests: skipGuests}
	result, err := s.reader.UsersDelta(ctx, *t.EntraTenantID, deltaLink, func(ctx context.Context, page directory.Page) error {
		return s.applyPage(ctx, run, &target, page, progress)
	})
	if err != nil {
		if ctx.Err() != nil {
			log.Warn("sync run interrupted", "error", err)
			return ctx.Err()
		}
		return s.fail(context.WithoutCancel(ctx), log, run, t, err, progress)
	}
	return s.finish(ctx, log, run, t, result, progress)
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
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// A resumed run starts over, so what an interrupted attempt staged is stale.
		if err := tx.Where("run_id = ?", run.ID).Delete(&person.PendingChange{}).Error; err != nil {
			return err
		}
		return tx.Save(run).Error
	})
	if err != nil {
		return nil, nil, fmt.Errorf("mark sync run %s running: %w", run.ID, err)
	}
	return run, t, nil
}

// skipsGuests reads the tenant's setting that excludes guest accounts.
func (s *Service) skipsGuests(ctx context.Context, tenantID string) (bool, error) {
	var syncGuests bool
	err := s.db.WithContext(ctx).Raw("SELECT sync_guests FROM tenants WHERE id = ?", tenantID).Scan(&syncGuests).Error
	if err != nil {
		return false, fmt.Errorf("read guest setting of tenant %s: %w", tenantID, err)
	}
	return !syncGuests, nil
}

// SetSyncGuests sets whether the tenant's sync keeps guest accounts (the
// default) or skips them. Guests synced earlier stay when they are skipped.
func (s *Service) SetSyncGuests(ctx context.Context, tenantID string, syncGuests bool) error {
	res := s.db.WithContext(ctx).Exec("UPDATE tenants SET sync_guests = ?, updated_at = ? WHERE id = ?", syncGuests, s.now(), tenantID)
	if res.Error != nil {
		return fmt.Errorf("set guest setting of tenant %s: %w", tenantID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("%w: %s", tenant.ErrNotFound, tenantID)
	}
	return nil
}

// SyncsGuests reports whether the tenant's sync keeps guest accounts.
func (s *Service) SyncsGuests(ctx context.Context, tenantID string) (bool, error) {
	skip, err := s.skipsGuests(ctx, tenantID)
	return !skip, err
}

func (s *Service) applyPage(ctx context.Context, run *Run, target *person.SyncTarget, page directory.Page, progress Progress) error {
	var counts person.Counts
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		counts, err = person.ApplyPage(ctx, tx, *target, page.Users, s.now())
		if err != nil {
			return err
		}
		if counts.Staged > 0 {
			target.MayHaveStaged = true
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
	s.observer.PeopleWritten(counts.Written)
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

// finish ends a run whose enumeration completed: it stages the removal of
// people a full enumeration did not see, then applies the pending changes or
// stops for confirmation, as the guard decides.
func (s *Service) finish(ctx context.Context, log *slog.Logger, run *Run, t *tenant.Tenant, result directory.DeltaResult, progress Progress) error {
	now := s.now()
	var tripped bool
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		target := person.SyncTarget{TenantID: t.ID, EntraTenantID: *t.EntraTenantID, RunID: run.ID}
		if result.Full {
			if _, err := person.StageUnseenRemoved(ctx, tx, target); err != nil {
				return err
			}
		}
		disables, removals, err := person.CountPending(ctx, tx, run.ID)
		if err != nil {
			return err
		}
		population, err := person.Population(ctx, tx, *t.EntraTenantID)
		if err != nil {
			return err
		}
		run.PendingDisables, run.PendingRemovals, run.GuardPopulation = disables, removals, population
		run.FinishedAt, run.FullSync = &now, result.Full

		if s.policy.Trips(disables+removals, population) {
			tripped = true
			return s.holdForConfirmation(ctx, tx, run, result.DeltaLink)
		}
		return s.apply(ctx, tx, run, t.ID, result.DeltaLink, now, "sync.run.succeeded")
	})
	if err != nil {
		return fmt.Errorf("finish sync run %s: %w", run.ID, err)
	}

	duration := now.Sub(*run.StartedAt)
	if tripped {
		log.Warn("sync run stopped for confirmation", "would_disable", run.PendingDisables, "would_remove", run.PendingRemovals,
			"people", run.GuardPopulation, "guard_percent", s.policy.GuardPercent, "guard_min", s.policy.GuardMin)
	} else {
		log.Info("sync run succeeded", "full", result.Full, "pages", run.PagesRead, "created", run.CreatedCount,
			"updated", run.UpdatedCount, "disabled", run.DisabledCount, "removed", run.RemovedCount,
			"restored", run.RestoredCount, "duration", duration)
	}
	s.observer.RunFinished(run.TenantID, run.Status, "", duration)
	report(progress, run)
	return nil
}

// holdForConfirmation stops a run whose disables and removals the guard
// rejected: they stay pending and the delta link waits on the run.
func (s *Service) holdForConfirmation(ctx context.Context, tx *gorm.DB, run *Run, deltaLink string) error {
	run.Status, run.PendingDeltaLink = StatusNeedsConfirmation, deltaLink
	if err := tx.Save(run).Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{
		Action: "sync.run.needs_confirmation", TargetType: "sync_run", TargetID: run.ID, TenantID: run.TenantID,
		After: map[string]any{
			"wouldDisable": run.PendingDisables, "wouldRemove": run.PendingRemovals, "people": run.GuardPopulation,
			"guardPercent": s.policy.GuardPercent, "guardMin": s.policy.GuardMin, "counts": countsOf(run),
		},
	})
}

// apply applies a run's pending changes, stores its delta link and marks it
// succeeded, recording action in the audit trail.
func (s *Service) apply(ctx context.Context, tx *gorm.DB, run *Run, tenantID, deltaLink string, now time.Time, action string) error {
	if err := suspendUsers(ctx, tx, run.ID, now); err != nil {
		return err
	}
	disabled, removed, err := person.ApplyPending(ctx, tx, run.ID, now)
	if err != nil {
		return err
	}
	run.DisabledCount += disabled
	run.RemovedCount += removed
	run.PeopleWritten += disabled + removed
	if err := s.tenants.SetDeltaLink(tx, tenantID, deltaLink, run.FullSync, now); err != nil {
		return fmt.Errorf("store delta link of tenant %s: %w", tenantID, err)
	}
	run.Status, run.PendingDeltaLink = StatusSucceeded, ""
	if err := tx.Save(run).Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{
		Action: action, TargetType: "sync_run", TargetID: run.ID, TenantID: tenantID, After: countsOf(run),
	})
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

// suspendUsers suspends, in the transaction that applies a run's changes,
// the active users whose person the run disables or removes, so that they
// lose access with the change that explains it.
func suspendUsers(ctx context.Context, tx *gorm.DB, runID string, now time.Time) error {
	var rows []struct {
		PersonID string
		Change   string
	}
	err := tx.WithContext(ctx).Table("sync_run_pending_changes p").Select("p.person_id, p.change").
		Joins("JOIN users u ON u.person_id = p.person_id AND u.status = ?", iam.StatusActive).
		Where("p.run_id = ?", runID).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("find users of people changed by run %s: %w", runID, err)
	}
	for _, r := range rows {
		reason := "account disabled in Entra ID (sync run " + runID + ")"
		if r.Change == person.ChangeRemove {
			reason = "removed from Entra ID (sync run " + runID + ")"
		}
		if err := iam.SuspendForPerson(ctx, tx, r.PersonID, reason, now); err != nil {
			return err
		}
	}
	return nil
}
