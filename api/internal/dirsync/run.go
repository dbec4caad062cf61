// Package dirsync synchronises the people of one tenant from its Entra
// directory: it records each run, keeps two runs of one tenant from
// overlapping, and applies pages of the users delta as they arrive.
package dirsync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Run statuses.
const (
	StatusQueued    = "queued"
	StatusRunning   = "running"
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
	// StatusNeedsConfirmation is a run that would disable or remove more
	// people than the guard allows. It applied its creates and updates, keeps
	// the disables and removals pending, and blocks new runs of its tenant
	// until an administrator confirms or discards it.
	StatusNeedsConfirmation = "needs_confirmation"
	// StatusDiscarded is a run whose pending changes an administrator
	// rejected. Its delta link was not stored, so the next run reads the same
	// changes again.
	StatusDiscarded = "discarded"
)

// Run triggers.
const (
	TriggerAPI      = "api"
	TriggerCLI      = "cli"
	TriggerSchedule = "schedule"
	TriggerRetry    = "retry" // a new attempt after a failed run
)

// Errors returned by the service.
var (
	ErrRunNotFound         = errors.New("sync run not found")
	ErrNotLinked           = errors.New("tenant is not linked to an Entra tenant")
	ErrNotAwaitingDecision = errors.New("sync run is not awaiting confirmation")
)

// Run is one synchronisation of a tenant.
type Run struct {
	ID              string `gorm:"primaryKey"`
	TenantID        string
	Status          string
	Trigger         string
	RequestedBy     string
	FullSync        bool
	QueuedAt        time.Time
	StartedAt       *time.Time
	FinishedAt      *time.Time
	PagesRead       int
	PeopleWritten   int
	CreatedCount    int
	UpdatedCount    int
	DisabledCount   int
	RemovedCount    int
	RestoredCount   int
	ErrorKind       string
	ErrorMessage    string
	ErrorHTTPStatus int `gorm:"column:error_http_status"`

	// FullRequested makes the run enumerate everyone instead of continuing
	// from the stored delta link (the periodic full reconciliation).
	FullRequested bool
	// ScheduledAt is when a retry may start; nil means at once.
	ScheduledAt *time.Time
	// ScheduleSlot numbers the schedule period a scheduled run belongs to.
	ScheduleSlot *int64
	// Attempt is 1 for a run that follows a success, and one more than the
	// previous run's for each consecutive failure.
	Attempt int
	// PendingDeltaLink is the delta link of a run awaiting confirmation,
	// stored on the tenant only when the run is confirmed.
	PendingDeltaLink string
	PendingDisables  int
	PendingRemovals  int
	// GuardPopulation is the number of people the guard compared the
	// pending changes with.
	GuardPopulation int
	DecidedBy       string
	DecidedByName   string
	DecidedAt       *time.Time
}

// TableName is the table runs live in.
func (Run) TableName() string { return "sync_runs" }

// Active reports whether the run is queued or running.
func (r *Run) Active() bool { return r.Status == StatusQueued || r.Status == StatusRunning }

// blockingStatuses are the statuses that keep a tenant from starting another
// run, as the sync_runs_one_active index enforces.
var blockingStatuses = []string{StatusQueued, StatusRunning, StatusNeedsConfirmation}

// RunStore reads and writes runs.
type RunStore struct {
	db *gorm.DB
}

// NewRunStore returns a store on db.
func NewRunStore(db *gorm.DB) *RunStore { return &RunStore{db: db} }

// Get returns the run with id.
func (s *RunStore) Get(ctx context.Context, id string) (*Run, error) {
	return getRun(ctx, s.db, id)
}

func getRun(ctx context.Context, db *gorm.DB, id string) (*Run, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrRunNotFound, id)
	}
	var r Run
	if err := db.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("%w: %s", ErrRunNotFound, id)
		}
		return nil, fmt.Errorf("read sync run %s: %w", id, err)
	}
	return &r, nil
}

// Active returns the queued, running or needs_confirmation run of a tenant,
// or ErrRunNotFound.
func (s *RunStore) Active(ctx context.Context, tenantID string) (*Run, error) {
	return activeRun(ctx, s.db, tenantID)
}

func activeRun(ctx context.Context, db *gorm.DB, tenantID string) (*Run, error) {
	var r Run
	err := db.WithContext(ctx).Where("tenant_id = ? AND status IN ?", tenantID, blockingStatuses).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("%w: no active run of tenant %s", ErrRunNotFound, tenantID)
	}
	if err != nil {
		return nil, fmt.Errorf("read active run of tenant %s: %w", tenantID, err)
	}
	return &r, nil
}

// RunCursor is a position in a tenant's run history.
type RunCursor struct {
	QueuedAt time.Time `json:"t"`
	ID       string    `json:"i"`
}

// List returns at most limit runs of a tenant, newest first, after the cursor.
func (s *RunStore) List(ctx context.Context, tenantID string, after *RunCursor, limit int) ([]Run, *RunCursor, error) {
	q := s.db.WithContext(ctx).Where("tenant_id = ?", tenantID)
	if after != nil {
		q = q.Where("queued_at < ? OR (queued_at = ? AND id < ?)", after.QueuedAt, after.QueuedAt, after.ID)
	}
	var runs []Run
	if err := q.Order("queued_at DESC").Order("id DESC").Limit(limit + 1).Find(&runs).Error; err != nil {
		return nil, nil, fmt.Errorf("list sync runs of tenant %s: %w", tenantID, err)
	}
	var next *RunCursor
	if len(runs) > limit {
		runs = runs[:limit]
		last := runs[len(runs)-1]
		next = &RunCursor{QueuedAt: last.QueuedAt, ID: last.ID}
	}
	return runs, next, nil
}

// Latest returns the newest run of each of the given tenants.
func (s *RunStore) Latest(ctx context.Context, tenantIDs []string) (map[string]Run, error) {
	out := map[string]Run{}
	if len(tenantIDs) == 0 {
		return out, nil
	}
	var runs []Run
	err := s.db.WithContext(ctx).Raw(`
		SELECT r.* FROM sync_runs r
		WHERE r.tenant_id IN ? AND r.id = (
			SELECT r2.id FROM sync_runs r2 WHERE r2.tenant_id = r.tenant_id
			ORDER BY r2.queued_at DESC, r2.id DESC LIMIT 1)`, tenantIDs).Scan(&runs).Error
	if err != nil {
		return nil, fmt.Errorf("read latest sync runs: %w", err)
	}
	for _, r := range runs {
		out[r.TenantID] = r
	}
	return out, nil
}

// LatestSucceeded returns the newest succeeded run of each of the given
// tenants that has one.
func (s *RunStore) LatestSucceeded(ctx context.Context, tenantIDs []string) (map[string]Run, error) {
	out := map[string]Run{}
	if len(tenantIDs) == 0 {
		return out, nil
	}
	var runs []Run
	err := s.db.WithContext(ctx).Raw(`
		SELECT r.* FROM sync_runs r
		WHERE r.tenant_id IN ? AND r.id = (
			SELECT r2.id FROM sync_runs r2 WHERE r2.tenant_id = r.tenant_id AND r2.status = ?
			ORDER BY r2.queued_at DESC, r2.id DESC LIMIT 1)`, tenantIDs, StatusSucceeded).Scan(&runs).Error
	if err != nil {
		return nil, fmt.Errorf("read latest succeeded sync runs: %w", err)
	}
	for _, r := range runs {
		out[r.TenantID] = r
	}
	return out, nil
}
