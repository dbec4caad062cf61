package accessrequest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/settings"
)

// GrantInput is a reviewer's grant of a request.
type GrantInput struct {
	// Assignments get the new user as principal.
	Assignments []iam.AssignmentInput
	// ExpiresAt and ExpiresIn, one of settings.GrantExpiryPresets, are
	// exclusive. With neither, the default grant expiry setting applies.
	ExpiresAt *time.Time
	ExpiresIn string
	Note      string
}

// authorize lets a caller decide a request only with access-requests:decide
// in the request's tenant, and never their own. A caller who holds nothing
// in that tenant gets ErrNotFound, so that the request's existence does not
// leak.
func authorize(caller *iam.Caller, r *Request) error {
	eff := caller.Effective
	if !eff.Allowed(access.AccessRequestsDecide, r.TenantID) {
		if len(eff.InTenant(r.TenantID)) == 0 {
			return fmt.Errorf("%w: %s", ErrNotFound, r.ID)
		}
		return fmt.Errorf("%w: %s in tenant %s", ErrNotPermitted, access.AccessRequestsDecide, r.TenantID)
	}
	if id, err := IdentityOf(caller); err == nil && id.Owner() == r.Owner() {
		return fmt.Errorf("%w: ask another reviewer to decide your own request", iam.ErrSelfChange)
	}
	return nil
}

// Grant grants a pending request. In one transaction it marks the request
// granted, creates the requester's person if sync has not brought it yet,
// creates or reactivates their user, and adds the assignments. The
// assignments are limited like iam.Service.Grant's, with
// access-requests:decide in place of users:grant. A request decided
// meanwhile is DecidedError.
func (s *Service) Grant(ctx context.Context, caller *iam.Caller, requestID string, in GrantInput) (*Request, error) {
	in.Note = strings.TrimSpace(in.Note)
	if len([]rune(in.Note)) > MaxReasonLen {
		return nil, &ValidationError{Fields: map[string]string{"note": fmt.Sprintf("at most %d characters", MaxReasonLen)}}
	}
	r, err := s.Get(ctx, requestID)
	if err != nil {
		return nil, err
	}
	if err := authorize(caller, r); err != nil {
		return nil, err
	}
	expiresAt, err := s.grantExpiry(ctx, in)
	if err != nil {
		return nil, err
	}
	reason := in.Note
	if reason == "" {
		reason = "granted from access request " + r.ID
	}

	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.close(ctx, tx, r, StatusGranted, caller.Principal.ID(), caller.Principal.DisplayName(), in.Note); err != nil {
			return err
		}
		u, err := s.iam.GrantIdentityTx(ctx, tx, caller, iam.IdentityGrant{
			TenantID: r.TenantID, EntraTenantID: r.EntraTenantID, ObjectID: r.ObjectID, Name: r.DisplayName,
			UserPrincipalName: r.UserPrincipalName, Assignments: in.Assignments, ExpiresAt: expiresAt,
			Reason: reason, Permission: access.AccessRequestsDecide,
		})
		if err != nil {
			return err
		}
		r.PersonID, r.UserID, r.GrantExpiresAt = &u.PersonID, &u.ID, u.ExpiresAt
		if err := tx.Model(&Request{}).Where("id = ?", r.ID).Updates(map[string]any{
			"person_id": u.PersonID, "user_id": u.ID, "grant_expires_at": u.ExpiresAt,
		}).Error; err != nil {
			return fmt.Errorf("link access request %s to user %s: %w", r.ID, u.ID, err)
		}
		return audit.Record(ctx, tx, audit.Entry{
			Action: "access-request.granted", TargetType: "access-request", TargetID: r.ID, TenantID: r.TenantID,
			Before: map[string]string{"status": StatusPending},
			After:  map[string]any{"status": StatusGranted, "userId": u.ID, "expiresAt": u.ExpiresAt, "assignments": len(in.Assignments)},
			Reason: in.Note,
		})
	})
	if err != nil {
		return nil, err
	}
	s.publish(ctx, EventDecided, r)
	return r, nil
}

// grantExpiry returns the expiry a grant gives, nil for none.
func (s *Service) grantExpiry(ctx context.Context, in GrantInput) (*time.Time, error) {
	switch {
	case in.ExpiresAt != nil && in.ExpiresIn != "":
		return nil, &ValidationError{Fields: map[string]string{"expiresIn": "give expiresAt or expiresIn, not both"}}
	case in.ExpiresAt != nil:
		return in.ExpiresAt, nil
	case in.ExpiresIn != "":
		if !slices.Contains(settings.GrantExpiryPresets, in.ExpiresIn) {
			return nil, &ValidationError{Fields: map[string]string{"expiresIn": fmt.Sprintf("%q is not one of %s", in.ExpiresIn, strings.Join(settings.GrantExpiryPresets, ", "))}}
		}
		return s.expiryAfter(in.ExpiresIn), nil
	}
	snap, err := s.settings.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	d := snap.Duration(settings.AccessRequestsDefaultGrantExpiry)
	if d == 0 {
		return nil, nil
	}
	at := s.now().Add(d)
	return &at, nil
}

func (s *Service) expiryAfter(preset string) *time.Time {
	if preset == settings.Never {
		return nil
	}
	d, _ := settings.ParseDuration(preset)
	at := s.now().Add(d)
	return &at
}

// Deny denies a pending request with a reason the requester sees. A request
// decided meanwhile is DecidedError.
func (s *Service) Deny(ctx context.Context, caller *iam.Caller, requestID, reason string) (*Request, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > MaxReasonLen {
		return nil, &ValidationError{Fields: map[string]string{"reason": fmt.Sprintf("a reason is required, at most %d characters; the requester sees it", MaxReasonLen)}}
	}
	r, err := s.Get(ctx, requestID)
	if err != nil {
		return nil, err
	}
	if err := authorize(caller, r); err != nil {
		return nil, err
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.close(ctx, tx, r, StatusDenied, caller.Principal.ID(), caller.Principal.DisplayName(), reason); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			Action: "access-request.denied", TargetType: "access-request", TargetID: r.ID, TenantID: r.TenantID,
			Before: map[string]string{"status": StatusPending}, After: map[string]string{"status": StatusDenied},
			Reason: reason,
		})
	})
	if err != nil {
		return nil, err
	}
	s.publish(ctx, EventDecided, r)
	return r, nil
}
