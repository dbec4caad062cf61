package iam

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/audit"
)

// RunExpirySweep records, every interval until ctx ends, the users whose
// access expired. It only records: requests of an expired user are refused
// by the request path whether or not the sweep has run. Several replicas
// may sweep at once, because each expiry is recorded by a conditional
// update that only one of them wins.
func RunExpirySweep(ctx context.Context, s *Service, log *slog.Logger, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		if n, err := s.SweepExpired(ctx); err != nil {
			if ctx.Err() == nil {
				log.Error("expiry sweep failed", "error", err)
			}
		} else if n > 0 {
			log.Info("expiry sweep recorded expired users", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// SweepExpired records each newly expired user in the audit trail and
// returns how many.
func (s *Service) SweepExpired(ctx context.Context) (int, error) {
	sys := audit.AsSystem(ctx, audit.Actor{Type: audit.ActorSystem, ID: "system:expiry-sweep", Name: "Expiry sweep"})
	return s.Users.Expire(ctx, func(tx *gorm.DB, u *User) error {
		return audit.Record(sys, tx, audit.Entry{
			Action: "user.expired", TargetType: "user", TargetID: u.ID, TenantID: u.TenantID,
			After: map[string]any{"expiresAt": u.ExpiresAt},
		})
	})
}
