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
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/person"
)

// Service changes users, assignments, roles and API clients on behalf of a
// caller, enforcing least privilege and recording every change.
type Service struct {
	db    *gorm.DB
	Roles *Roles
	Users *Users
	now   func() time.Time
}

// NewService returns a service on db.
func NewService(db *gorm.DB) *Service {
	return &Service{db: db, Roles: NewRoles(db), Users: NewUsers(db), now: func() time.Time { return time.Now().UTC() }}
}

// AssignmentInput is a requested role assignment.
type AssignmentInput struct {
	PrincipalType string
	PrincipalID   string
	RoleID        string
	Scope         access.Scope
	Effect        access.Effect
	Reason        string
}

// EscalationError names what the caller tried to grant without holding it.
type EscalationError struct {
	Permission access.Permission
	TenantID   string
	Scope      access.Scope
}

func (e *EscalationError) Error() string {
	where := e.Scope.String()
	if e.TenantID != "" {
		where = "tenant " + e.TenantID
	}
	return fmt.Sprintf("you do not hold %s in %s, so you cannot grant it there", e.Permission, where)
}

func (e *EscalationError) Unwrap() error { return ErrEscalation }

// holder describes the principal an assignment is for.
type holder struct {
	ownTenantID string
	customer    bool
}

func (s *Service) holderOf(ctx context.Context, tx *gorm.DB, principalType, principalID string) (holder, error) {
	var tenantID string
	switch principalType {
	case PrincipalUser:
		var u User
		if err := tx.WithContext(ctx).Where("id = ?", principalID).Take(&u).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return holder{}, fmt.Errorf("%w: %s", ErrUserNotFound, principalID)
			}
			return holder{}, err
		}
		tenantID = u.TenantID
	case PrincipalClient:
		var c APIClient
		if err := tx.WithContext(ctx).Where("id = ?", principalID).Take(&c).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return holder{}, fmt.Errorf("%w: %s", ErrClientNotFound, principalID)
			}
			return holder{}, err
		}
		tenantID = c.TenantID
	default:
		return holder{}, &ValidationError{Fields: map[string]string{"principalType": fmt.Sprintf("%q is not user or client", principalType)}}
	}
	var kind string
	if err := tx.WithContext(ctx).Table("tenants").Where("id = ?", tenantID).Pluck("kind", &kind).Error; err != nil {
		return holder{}, err
	}
	return holder{ownTenantID: tenantID, customer: kind != "home"}, nil
}

// checkAssignment refuses an assignment the caller may not make: outside
// the caller's role-assignment rights, granting permissions the caller does
// not hold there, to the caller itself, or outside a customer holder's own
// tenant.
func (s *Service) checkAssignment(ctx context.Context, tx *gorm.DB, caller *Caller, in *AssignmentInput, h holder, manage access.Permission) (*Role, error) {
	in.Scope.Tag = strings.TrimSpace(in.Scope.Tag)
	if err := in.Scope.Validate(); err != nil {
		return nil, &ValidationError{Fields: map[string]string{"scope": err.Error()}}
	}
	if in.Scope.Type == access.ScopeTag {
		if _, err := person.NormalizeTags([]string{in.Scope.Tag}); err != nil {
			return nil, &ValidationError{Fields: map[string]string{"scope.tag": err.Error()}}
		}
	}
	if in.Effect != access.Allow && in.Effect != access.Deny {
		return nil, &ValidationError{Fields: map[string]string{"effect": fmt.Sprintf("%q is not allow or deny", in.Effect)}}
	}
	if len(in.Reason) > 1000 {
		return nil, &ValidationError{Fields: map[string]string{"reason": "at most 1000 characters"}}
	}
	if in.Scope.Type == access.ScopeTenant {
		var n int64
		if err := tx.WithContext(ctx).Table("tenants").Where("id = ?", in.Scope.TenantID).Count(&n).Error; err != nil {
			return nil, err
		}
		if _, perr := uuid.Parse(in.Scope.TenantID); perr != nil || n == 0 || !caller.Effective.Allowed(access.TenantsRead, in.Scope.TenantID) {
			return nil, &ValidationError{Fields: map[string]string{"scope.tenantId": fmt.Sprintf("no tenant %q in your access", in.Scope.TenantID)}}
		}
	}
	role, err := getRole(ctx, tx, in.RoleID)
	if err != nil {
		if errors.Is(err, ErrRoleNotFound) {
			return nil, &ValidationError{Fields: map[string]string{"roleId": fmt.Sprintf("no role %q; GET /api/v1/roles lists them", in.RoleID)}}
		}
		return nil, err
	}

	if typ, id := caller.PrincipalRef(); typ == in.PrincipalType && id == in.PrincipalID {
		return nil, fmt.Errorf("%w: ask another administrator", ErrSelfChange)
	}
	if real := caller.Impersonator; real != nil && real.User != nil && in.PrincipalType == PrincipalUser && real.User.ID == in.PrincipalID {
		return nil, fmt.Errorf("%w: not even while impersonating someone else", ErrSelfChange)
	}
	if h.customer {
		if in.Scope.Type == access.ScopeAll || in.Scope.Type == access.ScopeTag ||
			(in.Scope.Type == access.ScopeTenant && in.Scope.TenantID != h.ownTenantID) {
			return nil, fmt.Errorf("%w: use scope own or tenant %s", ErrCustomerScope, h.ownTenantID)
		}
		for _, p := range role.Permissions {
			if access.MSPOnly(p) && in.Effect == access.Allow {
				return nil, fmt.Errorf("%w: role %q contains %s, which only MSP users may hold", ErrCustomerScope, role.Name, p)
			}
		}
	}

	required := []access.Permission{manage}
	if in.Effect == access.Allow {
		required = append(required, role.Permissions...)
	}
	if p, tenantID, ok := caller.Effective.HoldsAcross(required, in.Scope, h.ownTenantID); !ok {
		return nil, &EscalationError{Permission: p, TenantID: tenantID, Scope: in.Scope}
	}
	return role, nil
}

func (s *Service) insertAssignment(ctx context.Context, tx *gorm.DB, caller *Caller, in AssignmentInput, role *Role, h holder) (*Assignment, error) {
	a := &Assignment{
		ID: uuid.NewString(), PrincipalType: in.PrincipalType, PrincipalID: in.PrincipalID, RoleID: in.RoleID,
		ScopeType: string(in.Scope.Type), ScopeTag: in.Scope.Tag, Effect: string(in.Effect), Reason: strings.TrimSpace(in.Reason),
		AssignedBy: caller.Principal.ID(), AssignedByName: caller.Principal.DisplayName(), AssignedAt: s.now(),
	}
	if in.Scope.Type == access.ScopeTenant {
		id := strings.ToLower(in.Scope.TenantID)
		a.ScopeTenantID = &id
	}
	if err := tx.WithContext(ctx).Create(a).Error; err != nil {
		if errors.Is(database.Translate(err), database.ErrUniqueViolation) {
			return nil, fmt.Errorf("%w: %s already holds %s (%s, %s)", ErrAssignmentExists, in.PrincipalID, role.Name, in.Scope, in.Effect)
		}
		return nil, err
	}
	err := audit.Record(ctx, tx, audit.Entry{
		Action: "role-assignment.created", TargetType: in.PrincipalType, TargetID: in.PrincipalID, TenantID: h.ownTenantID,
		After: assignmentAudit(a, role), Reason: a.Reason,
	})
	return a, err
}

func assignmentAudit(a *Assignment, role *Role) map[string]any {
	return map[string]any{"assignmentId": a.ID, "role": role.Name, "roleId": role.ID, "scope": a.Scope().String(), "effect": a.Effect}
}

// CreateAssignments adds assignments atomically: all or none.
func (s *Service) CreateAssignments(ctx context.Context, caller *Caller, inputs []AssignmentInput) ([]Assignment, error) {
	var out []Assignment
	err := s.withAdminGuard(ctx, func(tx *gorm.DB) error {
		for i := range inputs {
			h, err := s.holderOf(ctx, tx, inputs[i].PrincipalType, inputs[i].PrincipalID)
			if err != nil {
				return err
			}
			if !caller.Effective.Allowed(access.UsersRead, h.ownTenantID) && !caller.Effective.Everywhere(access.APIClientsRead) {
				return fmt.Errorf("%w: %s", ErrUserNotFound, inputs[i].PrincipalID)
			}
			role, err := s.checkAssignment(ctx, tx, caller, &inputs[i], h, access.RoleAssignmentsManage)
			if err != nil {
				return err
			}
			if err := s.checkWithin(ctx, tx, caller, inputs[i].PrincipalType, inputs[i].PrincipalID, h.ownTenantID); err != nil {
				return err
			}
			a, err := s.insertAssignment(ctx, tx, caller, inputs[i], role, h)
			if err != nil {
				return err
			}
			out = append(out, *a)
		}
		return nil
	})
	return out, err
}

// DeleteAssignments removes assignments atomically. The caller must be
// allowed to manage assignments across each one's scope.
func (s *Service) DeleteAssignments(ctx context.Context, caller *Caller, ids []string, reason string) error {
	return s.withAdminGuard(ctx, func(tx *gorm.DB) error {
		for _, id := range ids {
			var a Assignment
			if _, perr := uuid.Parse(id); perr != nil {
				return fmt.Errorf("%w: %s", ErrAssignmentNotFound, id)
			}
			if err := tx.WithContext(ctx).Where("id = ?", id).Take(&a).Error; err != nil {
				if errors.Is(err, gorm.ErrRecordNotFound) {
					return fmt.Errorf("%w: %s", ErrAssignmentNotFound, id)
				}
				return err
			}
			h, err := s.holderOf(ctx, tx, a.PrincipalType, a.PrincipalID)
			if err != nil {
				return err
			}
			if !caller.Effective.Allowed(access.RoleAssignmentsRead, h.ownTenantID) {
				return fmt.Errorf("%w: %s", ErrAssignmentNotFound, id)
			}
			if typ, pid := caller.PrincipalRef(); typ == a.PrincipalType && pid == a.PrincipalID {
				return fmt.Errorf("%w: ask another administrator", ErrSelfChange)
			}
			if p, tenantID, ok := caller.Effective.HoldsAcross([]access.Permission{access.RoleAssignmentsManage}, a.Scope(), h.ownTenantID); !ok {
				return &EscalationError{Permission: p, TenantID: tenantID, Scope: a.Scope()}
			}
			role, err := getRole(ctx, tx, a.RoleID)
			if err != nil {
				return err
			}
			if err := tx.WithContext(ctx).Where("id = ?", id).Delete(&Assignment{}).Error; err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Entry{
				Action: "role-assignment.deleted", TargetType: a.PrincipalType, TargetID: a.PrincipalID, TenantID: h.ownTenantID,
				Before: assignmentAudit(&a, role), Reason: reason,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

// withAdminGuard runs fn in a transaction and rolls it back when it leaves
// no active administrator where there was one before.
func (s *Service) withAdminGuard(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		before, err := CountAdministrators(ctx, tx, s.now())
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		if before == 0 {
			return nil
		}
		after, err := CountAdministrators(ctx, tx, s.now())
		if err != nil {
			return err
		}
		if after == 0 {
			return fmt.Errorf("%w: this is the last active user who can manage users and roles in all tenants; make someone else an MSP Administrator first", ErrLastAdministrator)
		}
		return nil
	})
}

// administratorPermissions are the permissions that make an administrator:
// managing users and roles in all tenants.
var administratorPermissions = []access.Permission{access.UsersGrant, access.RoleAssignmentsManage, access.RolesManage}

// CountAdministrators counts active, non-expiring users of the home tenant
// whose person is enabled and who hold the administrator permissions in
// every tenant.
func CountAdministrators(ctx context.Context, tx *gorm.DB, now time.Time) (int, error) {
	var users []User
	err := tx.WithContext(ctx).Table("users").Select("users.*").
		Joins("JOIN people ON people.id = users.person_id").
		Joins("JOIN tenants ON tenants.id = users.tenant_id").
		Where("users.status = ? AND users.expires_at IS NULL AND people.status = ? AND tenants.kind = ?", StatusActive, person.StatusEnabled, "home").
		Where("EXISTS (SELECT 1 FROM role_assignments a WHERE a.principal_type = 'user' AND a.principal_id = users.id AND a.scope_type = 'all' AND a.effect = 'allow')").
		Find(&users).Error
	if err != nil {
		return 0, fmt.Errorf("count administrators: %w", err)
	}
	n := 0
	for _, u := range users {
		grants, err := LoadGrants(ctx, tx, PrincipalUser, u.ID)
		if err != nil {
			return 0, err
		}
		eff := access.Evaluate(access.Subject{OwnTenantID: u.TenantID}, grants, nil)
		ok := true
		for _, p := range administratorPermissions {
			ok = ok && eff.Everywhere(p)
		}
		if ok {
			n++
		}
	}
	return n, nil
}
