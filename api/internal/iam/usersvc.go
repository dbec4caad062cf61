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

// GrantInput makes people users.
type GrantInput struct {
	PersonIDs   []string
	Assignments []AssignmentInput // PrincipalType and PrincipalID are filled per user
	ExpiresAt   *time.Time
	Reason      string
}

// AlreadyUserError names the person who is a user already.
type AlreadyUserError struct {
	PersonID string
	UserID   string
}

func (e *AlreadyUserError) Error() string {
	return fmt.Sprintf("person %s is already user %s", e.PersonID, e.UserID)
}

func (e *AlreadyUserError) Unwrap() error { return ErrAlreadyUser }

// Grant makes each person a user with the given assignments, all or none.
func (s *Service) Grant(ctx context.Context, caller *Caller, in GrantInput) ([]User, error) {
	if err := s.validateGrant(in); err != nil {
		return nil, err
	}
	var created []User
	err := s.withAdminGuard(ctx, func(tx *gorm.DB) error {
		for _, personID := range in.PersonIDs {
			u, err := s.grantOne(ctx, tx, caller, personID, in)
			if err != nil {
				return err
			}
			created = append(created, *u)
		}
		return nil
	})
	return created, err
}

func (s *Service) validateGrant(in GrantInput) error {
	fields := map[string]string{}
	if len(in.PersonIDs) == 0 || len(in.PersonIDs) > 200 {
		fields["personIds"] = "give 1 to 200 person ids"
	}
	seen := map[string]bool{}
	for _, id := range in.PersonIDs {
		if seen[strings.ToLower(id)] {
			fields["personIds"] = fmt.Sprintf("person %s is listed twice", id)
		}
		seen[strings.ToLower(id)] = true
	}
	if len(in.Assignments) == 0 {
		fields["assignments"] = "give at least one role assignment; a user without one can do nothing"
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(s.now()) {
		fields["expiresAt"] = "must be in the future"
	}
	if len(in.Reason) > 1000 {
		fields["reason"] = "at most 1000 characters"
	}
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	return nil
}

func (s *Service) grantOne(ctx context.Context, tx *gorm.DB, caller *Caller, personID string, in GrantInput) (*User, error) {
	var p person.Person
	if _, perr := uuid.Parse(personID); perr != nil {
		return nil, fmt.Errorf("%w: %s", person.ErrNotFound, personID)
	}
	if err := tx.WithContext(ctx).Where("id = ?", personID).Take(&p).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("%w: %s", person.ErrNotFound, personID)
		}
		return nil, err
	}
	if !caller.Effective.Allowed(access.PeopleRead, p.TenantID) {
		return nil, fmt.Errorf("%w: %s", person.ErrNotFound, personID)
	}
	if !caller.Effective.Allowed(access.UsersGrant, p.TenantID) {
		return nil, &EscalationError{Permission: access.UsersGrant, TenantID: p.TenantID}
	}
	if p.Status != person.StatusEnabled {
		return nil, &ValidationError{Fields: map[string]string{"personIds": fmt.Sprintf("%s (%s) is %s in Entra ID and cannot be granted access", p.DisplayName, personID, p.Status)}}
	}
	var existing User
	err := tx.WithContext(ctx).Where("person_id = ?", personID).Take(&existing).Error
	if err == nil {
		return nil, &AlreadyUserError{PersonID: personID, UserID: existing.ID}
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}

	now := s.now()
	u := &User{
		ID: uuid.NewString(), PersonID: p.ID, TenantID: p.TenantID, Status: StatusActive, ExpiresAt: utcPtr(in.ExpiresAt),
		GrantedBy: caller.Principal.ID(), GrantedByName: caller.Principal.DisplayName(), GrantedAt: now,
		GrantReason: strings.TrimSpace(in.Reason), Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	if err := tx.WithContext(ctx).Create(u).Error; err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, audit.Entry{
		Action: "user.granted", TargetType: "user", TargetID: u.ID, TenantID: u.TenantID, Reason: u.GrantReason,
		After: map[string]any{"person": p.DisplayName, "userPrincipalName": p.UserPrincipalName, "expiresAt": u.ExpiresAt},
	}); err != nil {
		return nil, err
	}
	h := holder{ownTenantID: p.TenantID, customer: !isHomeTenant(ctx, tx, p.TenantID)}
	for _, a := range in.Assignments {
		a.PrincipalType, a.PrincipalID = PrincipalUser, u.ID
		if a.Reason == "" {
			a.Reason = in.Reason
		}
		role, err := s.checkAssignment(ctx, tx, caller, &a, h, access.UsersGrant)
		if err != nil {
			return nil, err
		}
		if _, err := s.insertAssignment(ctx, tx, caller, a, role, h); err != nil {
			return nil, err
		}
	}
	return u, nil
}

func isHomeTenant(ctx context.Context, tx *gorm.DB, tenantID string) bool {
	var kind string
	_ = tx.WithContext(ctx).Table("tenants").Where("id = ?", tenantID).Pluck("kind", &kind).Error
	return kind == "home"
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// loadForChange reads a user the caller may change with perm, or returns
// not found when the caller may not see it.
func (s *Service) loadForChange(ctx context.Context, tx *gorm.DB, caller *Caller, id string, perm access.Permission) (*User, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrUserNotFound, id)
	}
	var u User
	if err := tx.WithContext(ctx).Where("id = ?", id).Take(&u).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("%w: %s", ErrUserNotFound, id)
		}
		return nil, err
	}
	if !caller.Effective.Allowed(access.UsersRead, u.TenantID) {
		return nil, fmt.Errorf("%w: %s", ErrUserNotFound, id)
	}
	if !caller.Effective.Allowed(perm, u.TenantID) {
		return nil, &EscalationError{Permission: perm, TenantID: u.TenantID}
	}
	if caller.User != nil && caller.User.ID == u.ID {
		return nil, fmt.Errorf("%w: ask another administrator", ErrSelfChange)
	}
	if real := caller.Impersonator; real != nil && real.User != nil && real.User.ID == u.ID {
		return nil, fmt.Errorf("%w: not even while impersonating someone else", ErrSelfChange)
	}
	if err := s.checkWithin(ctx, tx, caller, PrincipalUser, u.ID, u.TenantID); err != nil {
		return nil, err
	}
	return &u, nil
}

// checkWithin refuses changing a principal who holds a permission the
// caller lacks in some tenant: a narrower administrator may not disable,
// expire or restrict a wider one.
func (s *Service) checkWithin(ctx context.Context, tx *gorm.DB, caller *Caller, principalType, principalID, ownTenantID string) error {
	grants, err := LoadGrants(ctx, tx, principalType, principalID)
	if err != nil {
		return err
	}
	target := access.Evaluate(access.Subject{OwnTenantID: ownTenantID, Customer: !isHomeTenant(ctx, tx, ownTenantID)}, grants, caller.Tenants)
	for _, p := range target.EverywhereList() {
		if !caller.Effective.Everywhere(p) {
			return &EscalationError{Permission: p, Scope: access.Scope{Type: access.ScopeAll}}
		}
	}
	for _, t := range caller.Tenants {
		for _, p := range target.InTenant(t.ID) {
			if !caller.Effective.Allowed(p, t.ID) {
				return &EscalationError{Permission: p, TenantID: t.ID}
			}
		}
	}
	return nil
}

// SetExpiry sets or clears (nil) a user's access expiry if its version is
// still version.
func (s *Service) SetExpiry(ctx context.Context, caller *Caller, id string, version int64, expiresAt *time.Time, reason string) (*User, error) {
	if err := s.validateExpiry(expiresAt); err != nil {
		return nil, err
	}
	var out *User
	err := s.withAdminGuard(ctx, func(tx *gorm.DB) error {
		u, err := s.loadForChange(ctx, tx, caller, id, access.UsersUpdate)
		if err != nil {
			return err
		}
		if version != 0 && u.Version != version {
			return fmt.Errorf("user %s: %w", id, ErrStale)
		}
		out, err = s.writeExpiry(ctx, tx, u, expiresAt, reason)
		return err
	})
	return out, err
}

// validateExpiry refuses an expiry in the past: to end access now, disable
// the user or remove their access, which say why.
func (s *Service) validateExpiry(expiresAt *time.Time) error {
	if expiresAt != nil && !expiresAt.After(s.now()) {
		return &ValidationError{Fields: map[string]string{"expiresAt": fmt.Sprintf("%s is not in the future; to end access now, disable the user or remove their access", expiresAt.UTC().Format(time.RFC3339))}}
	}
	return nil
}

func (s *Service) writeExpiry(ctx context.Context, tx *gorm.DB, u *User, expiresAt *time.Time, reason string) (*User, error) {
	before := u.ExpiresAt
	now := s.now()
	res := tx.WithContext(ctx).Model(&User{}).Where("id = ? AND version = ?", u.ID, u.Version).Updates(map[string]any{
		"expires_at": utcPtr(expiresAt), "expiry_recorded_at": nil, "version": u.Version + 1, "updated_at": now,
	})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("user %s: %w", u.ID, ErrStale)
	}
	u.ExpiresAt, u.ExpiryRecordedAt, u.Version, u.UpdatedAt = utcPtr(expiresAt), nil, u.Version+1, now
	return u, audit.Record(ctx, tx, audit.Entry{
		Action: "user.expiry.changed", TargetType: "user", TargetID: u.ID, TenantID: u.TenantID, Reason: reason,
		Before: map[string]any{"expiresAt": before}, After: map[string]any{"expiresAt": u.ExpiresAt},
	})
}

// SetExpiryBulk sets the expiry of several users, all or none.
func (s *Service) SetExpiryBulk(ctx context.Context, caller *Caller, ids []string, expiresAt *time.Time, reason string) ([]User, error) {
	if len(ids) == 0 || len(ids) > 500 {
		return nil, &ValidationError{Fields: map[string]string{"userIds": "give 1 to 500 user ids"}}
	}
	if err := s.validateExpiry(expiresAt); err != nil {
		return nil, err
	}
	var out []User
	err := s.withAdminGuard(ctx, func(tx *gorm.DB) error {
		for _, id := range ids {
			u, err := s.loadForChange(ctx, tx, caller, id, access.UsersUpdate)
			if err != nil {
				return err
			}
			if u, err = s.writeExpiry(ctx, tx, u, expiresAt, reason); err != nil {
				return err
			}
			out = append(out, *u)
		}
		return nil
	})
	return out, err
}

// SetStatus disables (active to disabled) or enables (disabled or
// suspended to active) a user, with a reason.
func (s *Service) SetStatus(ctx context.Context, caller *Caller, id string, enable bool, reason string) (*User, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 1000 {
		return nil, &ValidationError{Fields: map[string]string{"reason": "a reason is required, at most 1000 characters"}}
	}
	var out *User
	err := s.withAdminGuard(ctx, func(tx *gorm.DB) error {
		u, err := s.loadForChange(ctx, tx, caller, id, access.UsersDisable)
		if err != nil {
			return err
		}
		target, action := StatusDisabled, "user.disabled"
		if enable {
			target, action = StatusActive, "user.enabled"
		}
		if u.Status == target {
			out = u
			return nil
		}
		if enable && u.Status == StatusSuspended {
			var p person.Person
			if err := tx.WithContext(ctx).Where("id = ?", u.PersonID).Take(&p).Error; err != nil {
				return err
			}
			if p.Status != person.StatusEnabled {
				return &ValidationError{Fields: map[string]string{"status": fmt.Sprintf("the person is still %s in Entra ID; enable their account there first", p.Status)}}
			}
		}
		now := s.now()
		before := u.Status
		if err := tx.WithContext(ctx).Model(&User{}).Where("id = ?", u.ID).Updates(map[string]any{
			"status": target, "status_reason": reason, "status_changed_by": caller.Principal.ID(), "status_changed_at": now,
			"version": u.Version + 1, "updated_at": now,
		}).Error; err != nil {
			return err
		}
		u.Status, u.StatusReason, u.StatusChangedBy, u.StatusChangedAt, u.Version = target, reason, caller.Principal.ID(), &now, u.Version+1
		out = u
		return audit.Record(ctx, tx, audit.Entry{
			Action: action, TargetType: "user", TargetID: u.ID, TenantID: u.TenantID, Reason: reason,
			Before: map[string]string{"status": before}, After: map[string]string{"status": target},
		})
	})
	return out, err
}

// Remove ends a user's access: the user and its assignments go, the person
// and the audit trail stay.
func (s *Service) Remove(ctx context.Context, caller *Caller, id, reason string) error {
	return s.withAdminGuard(ctx, func(tx *gorm.DB) error {
		u, err := s.loadForChange(ctx, tx, caller, id, access.UsersRemove)
		if err != nil {
			return err
		}
		var assignments []Assignment
		if err := tx.WithContext(ctx).Where("principal_type = ? AND principal_id = ?", PrincipalUser, u.ID).Find(&assignments).Error; err != nil {
			return err
		}
		for _, a := range assignments {
			if p, tenantID, ok := caller.Effective.HoldsAcross([]access.Permission{access.RoleAssignmentsManage}, a.Scope(), u.TenantID); !ok && a.Effect == string(access.Allow) {
				return &EscalationError{Permission: p, TenantID: tenantID, Scope: a.Scope()}
			}
		}
		if err := tx.WithContext(ctx).Where("principal_type = ? AND principal_id = ?", PrincipalUser, u.ID).Delete(&Assignment{}).Error; err != nil {
			return err
		}
		if err := tx.WithContext(ctx).Where("id = ?", u.ID).Delete(&User{}).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			Action: "user.removed", TargetType: "user", TargetID: u.ID, TenantID: u.TenantID, Reason: reason,
			Before: map[string]any{"status": u.Status, "expiresAt": u.ExpiresAt, "assignments": len(assignments), "personId": u.PersonID},
		})
	})
}
