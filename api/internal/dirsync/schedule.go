package dirsync

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/rosterhq/roster/api/internal/audit"
)

// linkedTenant holds the fields of a tenant that the scheduler reads.
type linkedTenant struct {
	ID             string
	LastFullSyncAt *time.Time
}

// linkedTenants returns every tenant with an Entra link, the home tenant
// included. It reads the table
// itself, so that the schedule depends on no more of package tenant than
// runs do.
func (s *Service) linkedTenants(ctx context.Context) ([]linkedTenant, error) {
	var out []linkedTenant
	err := s.db.WithContext(ctx).Table("tenants").Select("id, last_full_sync_at").
		Where("entra_tenant_id IS NOT NULL").Order("id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list linked tenants: %w", err)
	}
	return out, nil
}

// consecutiveFailures returns, per tenant, the number of failed runs since
// its last run that was not a failure.
func (s *Service) consecutiveFailures(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		TenantID string
		N        int
	}
	err := s.db.WithContext(ctx).Raw(`
		SELECT r.tenant_id, count(*) AS n FROM sync_runs r
		WHERE r.status = ? AND NOT EXISTS (
			SELECT 1 FROM sync_runs s WHERE s.tenant_id = r.tenant_id AND s.status <> ? AND s.queued_at > r.queued_at)
		GROUP BY r.tenant_id`, StatusFailed, StatusFailed).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count failed sync runs: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.TenantID] = r.N
	}
	return out, nil
}

// slot returns the number of the schedule period that t falls in for a
// tenant, and the time that period began. Each tenant's periods are shifted
// by a fixed offset derived from its id, which spreads the tenants over the
// period and gives every replica the same numbering.
func (p Policy) slot(tenantID string, t time.Time) (int64, time.Time) {
	h := fnv.New64a()
	_, _ = h.Write([]byte(tenantID))
	offset := time.Duration(h.Sum64() % uint64(p.Period))
	n := t.Add(-offset).UnixNano() / int64(p.Period)
	return n, time.Unix(0, n*int64(p.Period)).Add(offset).UTC()
}

// ScheduleDue starts a run of every linked tenant whose schedule period has
// begun without a run, and returns the runs it started. A tenant is skipped
// while a run of it is active or awaiting confirmation, and while it backs
// off after consecutive failures (see Policy.MaxBackoff). A run becomes a
// full enumeration when the tenant's last one is older than FullPeriod.
//
// Several replicas may call it at once: the schedule slot stored with each
// run lets only one of them start a tenant's run of a period.
func (s *Service) ScheduleDue(ctx context.Context) ([]*Run, error) {
	if s.policy.Period <= 0 {
		return nil, nil
	}
	ctx = audit.WithContext(ctx, audit.Context{Actor: audit.System})
	tenants, err := s.linkedTenants(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(tenants))
	for i, t := range tenants {
		ids[i] = t.ID
	}
	latest, err := s.runs.Latest(ctx, ids)
	if err != nil {
		return nil, err
	}
	failures, err := s.consecutiveFailures(ctx)
	if err != nil {
		return nil, err
	}

	now := s.now()
	var started []*Run
	var errs []error
	for _, t := range tenants {
		req, due := s.dueRequest(t, latest, failures[t.ID], now)
		if !due {
			continue
		}
		run, created, err := s.start(ctx, req, true)
		switch {
		case errors.Is(err, ErrSlotTaken):
			continue
		case err != nil:
			s.log.Error("scheduled sync not started", "tenant_id", t.ID, "error", err)
			errs = append(errs, err)
		case created:
			started = append(started, run)
		}
	}
	if len(started) > 0 {
		s.log.Info("scheduled syncs started", "runs", len(started), "tenants", len(tenants))
	}
	return started, errors.Join(errs...)
}

// dueRequest decides whether a tenant's scheduled run is due now and
// returns the request that starts it.
func (s *Service) dueRequest(t linkedTenant, latest map[string]Run, failures int, now time.Time) (startRequest, bool) {
	slot, slotStart := s.policy.slot(t.ID, now)
	req := startRequest{tenantID: t.ID, trigger: TriggerSchedule, slot: &slot, attempt: failures + 1}
	req.full = t.LastFullSyncAt == nil || now.Sub(*t.LastFullSyncAt) >= s.policy.FullPeriod

	last, ok := latest[t.ID]
	if !ok {
		return req, true
	}
	if last.Active() || last.Status == StatusNeedsConfirmation || !last.QueuedAt.Before(slotStart) {
		return req, false
	}
	if failures > 0 && last.FinishedAt != nil && now.Before(last.FinishedAt.Add(s.policy.backoff(failures))) {
		return req, false
	}
	return req, true
}

// StartAll starts a run of every linked tenant, or of those among
// tenantIDs when it is not nil, and returns each tenant's new run or the run
// already active or awaiting confirmation, in tenant id order.
func (s *Service) StartAll(ctx context.Context, trigger string, tenantIDs []string) ([]*Run, error) {
	tenants, err := s.linkedTenants(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Run, 0, len(tenants))
	for _, t := range tenants {
		if tenantIDs != nil && !slices.Contains(tenantIDs, t.ID) {
			continue
		}
		run, _, err := s.Start(ctx, t.ID, trigger)
		if err != nil {
			return out, err
		}
		out = append(out, run)
	}
	return out, nil
}
