package accessrequest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/settings"
)

// expiryActor is who the audit trail names for expiries.
var expiryActor = audit.Actor{Type: audit.ActorSystem, ID: "system:access-request-expiry", Name: "Access request expiry"}

// RunExpirySweep expires stale pending requests every interval until ctx
// ends. Several replicas may sweep at once: each expiry is a conditional
// update that only one of them wins.
func RunExpirySweep(ctx context.Context, s *Service, log *slog.Logger, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		if n, err := s.ExpireStale(ctx); err != nil {
			if ctx.Err() == nil {
				log.Error("access request expiry failed", "error", err)
			}
		} else if n > 0 {
			log.Info("expired stale access requests", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// ExpireStale expires the pending requests older than the pending max age
// setting, records each in the audit trail, and returns how many it
// expired. It handles at most 1000 per call.
func (s *Service) ExpireStale(ctx context.Context) (int, error) {
	snap, err := s.settings.Snapshot(ctx)
	if err != nil {
		return 0, err
	}
	maxAge := snap.Duration(settings.AccessRequestsPendingMaxAge)
	var due []Request
	err = s.db.WithContext(ctx).Where("status = ? AND created_at < ?", StatusPending, s.now().Add(-maxAge)).
		Order("created_at").Limit(1000).Find(&due).Error
	if err != nil {
		return 0, fmt.Errorf("find stale access requests: %w", err)
	}

	sys := audit.WithContext(ctx, audit.Context{Actor: expiryActor})
	reason := fmt.Sprintf("no decision within %s", settings.FormatDuration(maxAge))
	n := 0
	for i := range due {
		r := &due[i]
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := s.close(ctx, tx, r, StatusExpired, expiryActor.ID, expiryActor.Name, reason); err != nil {
				return err
			}
			return audit.Record(sys, tx, audit.Entry{
				Action: "access-request.expired", TargetType: "access-request", TargetID: r.ID, TenantID: r.TenantID,
				Before: map[string]string{"status": StatusPending}, After: map[string]string{"status": StatusExpired},
				Reason: reason,
			})
		})
		if errors.Is(err, ErrDecided) {
			continue // decided, withdrawn or expired by another replica meanwhile
		}
		if err != nil {
			return n, fmt.Errorf("expire access request %s: %w", r.ID, err)
		}
		n++
		s.publish(ctx, EventExpired, r)
	}
	return n, nil
}
