package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/person"
)

// IdentityGrant gives access to the person behind a signed-in identity, who
// may not have been synced yet, such as the requester of an access request.
type IdentityGrant struct {
	// TenantID is the Roster tenant of the identity's Entra tenant.
	TenantID          string
	EntraTenantID     string
	ObjectID          string
	Name              string
	UserPrincipalName string
	// Assignments get PrincipalType and PrincipalID filled in.
	Assignments []AssignmentInput
	ExpiresAt   *time.Time
	Reason      string
	// Permission is the permission the caller must hold across each
	// assignment's scope besides the role's permissions: users:grant for
	// POST /users, access-requests:decide for access requests.
	Permission access.Permission
}

// GrantIdentityTx makes the identity's person a user in tx, creating the
// person from the identity when sync has not brought it yet. A user whose
// access expired is reactivated: its old assignments are replaced by the
// new ones, so that nothing the caller did not choose comes back. The
// assignments are checked like Grant's. It returns AlreadyUserError for a
// user whose access has not expired, and ErrUserDisabled or
// ErrUserSuspended for a user an administrator must enable instead.
func (s *Service) GrantIdentityTx(ctx context.Context, tx *gorm.DB, caller *Caller, in IdentityGrant) (*User, error) {
	if err := s.validateIdentityGrant(in); err != nil {
		return nil, err
	}
	p, err := person.EnsureFromIdentity(ctx, tx, in.TenantID, in.EntraTenantID, in.ObjectID, in.Name, in.UserPrincipalName)
	if err != nil {
		return nil, err
	}
	if p.Status != person.StatusEnabled {
		return nil, &ValidationError{Fields: map[string]string{"person": fmt.Sprintf("%s (%s) is %s in Entra ID and cannot be granted access", p.DisplayName, p.ID, p.Status)}}
	}

	var existing User
	err = tx.WithContext(ctx).Where("person_id = ?", p.ID).Take(&existing).Error
	var u *User
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		u, err = s.createUser(ctx, tx, caller, p, in)
	case err != nil:
		return nil, err
	default:
		u, err = s.reactivate(ctx, tx, caller, &existing, p, in)
	}
	if err != nil {
		return nil, err
	}

	h := holder{ownTenantID: p.TenantID, customer: !isHomeTenant(ctx, tx, p.TenantID)}
	for _, a := range in.Assignments {
		a.PrincipalType, a.PrincipalID = PrincipalUser, u.ID
		if a.Reason == "" {
			a.Reason = in.Reason
		}
		role, err := s.checkAssignment(ctx, tx, caller, &a, h, in.Permission)
		if err != nil {
			return nil, err
		}
		if _, err := s.insertAssignment(ctx, tx, caller, a, role, h); err != nil {
			return nil, err
		}
	}
	return u, nil
}

func (s *Service) validateIdentityGrant(in IdentityGrant) error {
	fields := map[string]string{}
	if len(in.Assignments) == 0 {
		fields["assignments"] = "give at least one role assignment; a user without one can do nothing"
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(s.now()) {
		fields["expiresAt"] = "must be in the future"
	}
	if len(in.Reason) > 1000 {
		fields["reason"] = "at most 1000 characters"
	}
	if _, err := uuid.Parse(in.ObjectID); err != nil {
		fields["objectId"] = fmt.Sprintf("%q is not an object id", in.ObjectID)
	}
	if in.Permission == access.None {
		fields["permission"] = "the permission the granter needs is not set"
	}
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	return nil
}

func (s *Service) createUser(ctx context.Context, tx *gorm.DB, caller *Caller, p *person.Person, in IdentityGrant) (*User, error) {
	now := s.now()
	u := &User{
		ID: uuid.NewString(), PersonID: p.ID, TenantID: p.TenantID, Status: StatusActive, ExpiresAt: utcPtr(in.ExpiresAt),
		GrantedBy: caller.Principal.ID(), GrantedByName: caller.Principal.DisplayName(), GrantedAt: now,
		GrantReason: strings.TrimSpace(in.Reason), Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	if err := tx.WithContext(ctx).Create(u).Error; err != nil {
		return nil, fmt.Errorf("create user of person %s: %w", p.ID, err)
	}
	return u, audit.Record(ctx, tx, audit.Entry{
		Action: "user.granted", TargetType: "user", TargetID: u.ID, TenantID: u.TenantID, Reason: u.GrantReason,
		After: map[string]any{"person": p.DisplayName, "userPrincipalName": p.UserPrincipalName, "expiresAt": u.ExpiresAt},
	})
}

// reactivate renews a user whose access expired and removes its old
// assignments.
func (s *Service) reactivate(ctx context.Context, tx *gorm.DB, caller *Caller, u *User, p *person.Person, in IdentityGrant) (*User, error) {
	now := s.now()
	switch u.EffectiveStatus(now) {
	case StatusActive:
		return nil, &AlreadyUserError{PersonID: p.ID, UserID: u.ID}
	case StatusDisabled:
		return nil, fmt.Errorf("%w: user %s (%s)", ErrUserDisabled, u.ID, u.StatusReason)
	case StatusSuspended:
		return nil, fmt.Errorf("%w: user %s", ErrUserSuspended, u.ID)
	}
	if caller.User != nil && caller.User.ID == u.ID {
		return nil, fmt.Errorf("%w: ask another administrator", ErrSelfChange)
	}

	var old []Assignment
	if err := tx.WithContext(ctx).Where("principal_type = ? AND principal_id = ?", PrincipalUser, u.ID).Find(&old).Error; err != nil {
		return nil, err
	}
	for i := range old {
		role, err := getRole(ctx, tx, old[i].RoleID)
		if err != nil {
			return nil, err
		}
		if err := tx.WithContext(ctx).Where("id = ?", old[i].ID).Delete(&Assignment{}).Error; err != nil {
			return nil, err
		}
		if err := audit.Record(ctx, tx, audit.Entry{
			Action: "role-assignment.deleted", TargetType: PrincipalUser, TargetID: u.ID, TenantID: u.TenantID,
			Before: assignmentAudit(&old[i], role), Reason: "replaced when expired access was granted again",
		}); err != nil {
			return nil, err
		}
	}

	before := map[string]any{"expiresAt": u.ExpiresAt, "grantedBy": u.GrantedByName, "grantedAt": u.GrantedAt}
	res := tx.WithContext(ctx).Model(&User{}).Where("id = ? AND version = ?", u.ID, u.Version).Updates(map[string]any{
		"expires_at": utcPtr(in.ExpiresAt), "expiry_recorded_at": nil, "granted_by": caller.Principal.ID(),
		"granted_by_name": caller.Principal.DisplayName(), "granted_at": now, "grant_reason": strings.TrimSpace(in.Reason),
		"version": u.Version + 1, "updated_at": now,
	})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("user %s: %w", u.ID, ErrStale)
	}
	u.ExpiresAt, u.ExpiryRecordedAt, u.Version, u.UpdatedAt = utcPtr(in.ExpiresAt), nil, u.Version+1, now
	u.GrantedBy, u.GrantedByName, u.GrantedAt, u.GrantReason = caller.Principal.ID(), caller.Principal.DisplayName(), now, strings.TrimSpace(in.Reason)
	return u, audit.Record(ctx, tx, audit.Entry{
		Action: "user.reactivated", TargetType: "user", TargetID: u.ID, TenantID: u.TenantID, Reason: u.GrantReason,
		Before: before, After: map[string]any{"expiresAt": u.ExpiresAt, "grantedBy": u.GrantedByName, "assignmentsRemoved": len(old)},
	})
}
