package dirsync

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Sync health states of a tenant, from the most to the least urgent.
const (
	HealthNeedsConfirmation = "needs_confirmation" // a run waits for an administrator
	HealthFailing           = "failing"            // the latest finished run failed
	HealthStale             = "stale"              // no success within two periods
	HealthRunning           = "running"            // a run is queued or running
	HealthOK                = "ok"
)

// Health is the sync state of one linked tenant.
type Health struct {
	TenantID string
	State    string
	// Latest is the tenant's newest run, nil when it was never synced.
	Latest *Run
	// LastSuccess is the newest succeeded run, nil when none succeeded.
	LastSuccess *Run
	// Failures counts the failed runs since the last run that did not fail.
	Failures int
}

// StaleAfter returns how long a tenant may go without a successful run
// before it counts as stale: two schedule periods, or two default periods
// when the schedule is off.
func (p Policy) StaleAfter() time.Duration {
	period := p.Period
	if period <= 0 {
		period = DefaultPeriod
	}
	return 2 * period
}

// Health returns the sync state of every linked tenant, or of those among
// tenantIDs when it is not nil, in tenant id order.
func (s *Service) Health(ctx context.Context, tenantIDs []string) ([]Health, error) {
	linked, err := s.linkedTenants(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(linked))
	for _, t := range linked {
		if tenantIDs == nil || slices.Contains(tenantIDs, t.ID) {
			ids = append(ids, t.ID)
		}
	}
	latest, err := s.runs.Latest(ctx, ids)
	if err != nil {
		return nil, err
	}
	succeeded, err := s.runs.LatestSucceeded(ctx, ids)
	if err != nil {
		return nil, err
	}
	failures, err := s.consecutiveFailures(ctx)
	if err != nil {
		return nil, fmt.Errorf("read sync health: %w", err)
	}

	now := s.now()
	out := make([]Health, 0, len(ids))
	for _, id := range ids {
		h := Health{TenantID: id, Failures: failures[id]}
		if r, ok := latest[id]; ok {
			h.Latest = &r
		}
		if r, ok := succeeded[id]; ok {
			h.LastSuccess = &r
		}
		h.State = s.healthState(h, now)
		out = append(out, h)
	}
	return out, nil
}

func (s *Service) healthState(h Health, now time.Time) string {
	switch {
	case h.Latest != nil && h.Latest.Status == StatusNeedsConfirmation:
		return HealthNeedsConfirmation
	case h.Failures > 0:
		return HealthFailing
	case h.LastSuccess == nil || h.LastSuccess.FinishedAt == nil || now.Sub(*h.LastSuccess.FinishedAt) > s.policy.StaleAfter():
		if h.Latest != nil && h.Latest.Active() {
			return HealthRunning
		}
		return HealthStale
	case h.Latest != nil && h.Latest.Active():
		return HealthRunning
	}
	return HealthOK
}
