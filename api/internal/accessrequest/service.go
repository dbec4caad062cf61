package accessrequest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/events"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/settings"
)

// Service makes, decides and expires access requests.
type Service struct {
	db       *gorm.DB
	iam      *iam.Service
	settings *settings.Store
	hub      *events.Hub
	log      *slog.Logger
	now      func() time.Time
}

// NewService returns a service on db that grants through iamService and
// announces changes on hub.
func NewService(db *gorm.DB, iamService *iam.Service, store *settings.Store, hub *events.Hub, log *slog.Logger) *Service {
	return &Service{db: db, iam: iamService, settings: store, hub: hub, log: log,
		now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
}

// IdentityOf returns the identity of a caller, or ErrApplication for an
// application.
func IdentityOf(caller *iam.Caller) (Identity, error) {
	claims := caller.Principal.Claims
	if claims.IsApp() {
		return Identity{}, fmt.Errorf("%w: register the application as an API client instead", ErrApplication)
	}
	return Identity{
		TenantID: caller.OwnTenantID, EntraTenantID: strings.ToLower(claims.TenantID), ObjectID: strings.ToLower(claims.ObjectID),
		Name: claims.Name, UserPrincipalName: claims.PreferredUsername,
	}, nil
}

// CheckEligible rejects callers who have access already or whose access an
// administrator must restore. A user whose access expired may ask again,
// and so may a person whose user was removed.
func CheckEligible(caller *iam.Caller, now time.Time) error {
	u := caller.User
	if u == nil {
		return nil
	}
	switch u.EffectiveStatus(now) {
	case iam.StatusActive:
		return fmt.Errorf("%w as user %s; there is nothing to request", ErrActiveUser, u.ID)
	case iam.StatusDisabled, iam.StatusSuspended:
		return &BlockedError{Status: u.Status, Reason: u.StatusReason}
	}
	return nil
}

// Create records the caller's request. It returns DisabledError when
// requests are switched off, OpenRequestError when one is pending,
// RateLimitError past MaxPerDay, ErrActiveUser, BlockedError and
// ErrApplication for callers who may not ask.
func (s *Service) Create(ctx context.Context, caller *iam.Caller, justification string) (*Request, error) {
	id, err := IdentityOf(caller)
	if err != nil {
		return nil, err
	}
	if err := CheckEligible(caller, s.now()); err != nil {
		return nil, err
	}
	snap, err := s.settings.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	if !snap.Bool(settings.AccessRequestsEnabled) {
		return nil, &DisabledError{Contact: snap.String(settings.AccessRequestsContact)}
	}
	justification = strings.TrimSpace(justification)
	if len([]rune(justification)) > MaxJustificationLen {
		return nil, &ValidationError{Fields: map[string]string{"justification": fmt.Sprintf("at most %d characters", MaxJustificationLen)}}
	}

	r := &Request{
		ID: uuid.NewString(), TenantID: id.TenantID, EntraTenantID: id.EntraTenantID, ObjectID: id.ObjectID,
		DisplayName: id.Name, UserPrincipalName: id.UserPrincipalName, Justification: justification,
		Status: StatusPending, CreatedAt: s.now(),
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.checkNoOpenRequest(ctx, tx, id); err != nil {
			return err
		}
		left, next, err := s.quota(ctx, tx, id.EntraTenantID, id.ObjectID)
		if err != nil {
			return err
		}
		if left == 0 {
			return &RateLimitError{RetryAfter: next.Sub(s.now())}
		}
		if err := tx.Create(r).Error; err != nil {
			return fmt.Errorf("create access request: %w", database.Translate(err))
		}
		return audit.Record(ctx, tx, audit.Entry{
			Action: "access-request.created", TargetType: "access-request", TargetID: r.ID, TenantID: r.TenantID,
			After:  map[string]string{"displayName": r.DisplayName, "userPrincipalName": r.UserPrincipalName, "objectId": r.ObjectID},
			Reason: r.Justification,
		})
	})
	if errors.Is(err, database.ErrUniqueViolation) {
		// A concurrent request of the same person won the race. The failed
		// statement ended the transaction, so look the winner up outside it.
		if err := s.checkNoOpenRequest(ctx, s.db, id); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %w", ErrOpenRequest, err)
	}
	if err != nil {
		return nil, err
	}
	s.publish(ctx, EventCreated, r)
	return r, nil
}

func (s *Service) checkNoOpenRequest(ctx context.Context, tx *gorm.DB, id Identity) error {
	var open []Request
	if err := s.byIdentity(ctx, tx, id.EntraTenantID, id.ObjectID).Where("status = ?", StatusPending).Limit(1).Find(&open).Error; err != nil {
		return fmt.Errorf("look up pending access request of %s: %w", id.ObjectID, err)
	}
	if len(open) > 0 {
		return &OpenRequestError{ID: open[0].ID, CreatedAt: open[0].CreatedAt}
	}
	return nil
}

// Withdraw ends the caller's own pending request. Another person's request
// is ErrNotFound; a request no longer pending is DecidedError.
func (s *Service) Withdraw(ctx context.Context, caller *iam.Caller, requestID string) (*Request, error) {
	id, err := IdentityOf(caller)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, requestID)
	}
	r, err := s.Get(ctx, requestID)
	if err != nil {
		return nil, err
	}
	if r.Owner() != id.Owner() {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, requestID)
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.close(ctx, tx, r, StatusWithdrawn, caller.Principal.ID(), caller.Principal.DisplayName(), ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			Action: "access-request.withdrawn", TargetType: "access-request", TargetID: r.ID, TenantID: r.TenantID,
			Before: map[string]string{"status": StatusPending}, After: map[string]string{"status": StatusWithdrawn},
		})
	})
	if err != nil {
		return nil, err
	}
	s.publish(ctx, EventWithdrawn, r)
	return r, nil
}

// close moves a pending request to status with a conditional update, so
// that of two concurrent decisions exactly one applies; the other gets
// DecidedError. On PostgreSQL the update also locks the row until the
// transaction ends.
func (s *Service) close(ctx context.Context, tx *gorm.DB, r *Request, status, by, byName, reason string) error {
	now := s.now()
	res := tx.WithContext(ctx).Model(&Request{}).Where("id = ? AND status = ?", r.ID, StatusPending).Updates(map[string]any{
		"status": status, "decided_at": now, "decided_by": by, "decided_by_name": byName, "decision_reason": reason,
	})
	if res.Error != nil {
		return fmt.Errorf("update access request %s: %w", r.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		current, err := get(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		return &DecidedError{ID: r.ID, Status: current.Status, By: current.DecidedByName, DecidedAt: current.DecidedAt}
	}
	r.Status, r.DecidedAt, r.DecidedBy, r.DecidedByName, r.DecisionReason = status, &now, by, byName, reason
	return nil
}

// publish announces a change. The change has committed, so a failure is
// logged and not returned: clients also poll.
func (s *Service) publish(ctx context.Context, typ string, r *Request) {
	data, _ := json.Marshal(map[string]string{"id": r.ID, "tenantId": r.TenantID, "status": r.Status})
	err := s.hub.Publish(context.WithoutCancel(ctx), events.Event{
		Type: typ, TenantID: r.TenantID, Permission: access.AccessRequestsRead, Owner: r.Owner(), Data: data,
	})
	if err != nil {
		s.log.Error("failed to publish access request event", "type", typ, "access_request_id", r.ID, "error", err)
	}
}
