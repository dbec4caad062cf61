package iam

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/database"
)

// checkRolePermissions refuses building a role with a permission the caller
// does not hold in every tenant: a custom role can be assigned anywhere.
func checkRolePermissions(caller *Caller) func(*gorm.DB, []access.Permission) error {
	return func(_ *gorm.DB, perms []access.Permission) error {
		if !caller.Effective.Everywhere(access.RolesManage) {
			return &EscalationError{Permission: access.RolesManage, Scope: access.Scope{Type: access.ScopeAll}}
		}
		for _, p := range perms {
			if !caller.Effective.Everywhere(p) {
				return &EscalationError{Permission: p, Scope: access.Scope{Type: access.ScopeAll}}
			}
		}
		return nil
	}
}

func roleAudit(r *Role) map[string]any {
	return map[string]any{"name": r.Name, "description": r.Description, "permissions": r.Permissions}
}

// CreateRole adds a custom role.
func (s *Service) CreateRole(ctx context.Context, caller *Caller, in RoleInput) (*Role, error) {
	return s.Roles.Create(ctx, in, checkRolePermissions(caller), func(tx *gorm.DB, r *Role) error {
		return audit.Record(ctx, tx, audit.Entry{Action: "role.created", TargetType: "role", TargetID: r.ID, After: roleAudit(r)})
	})
}

// CloneRole copies a role's permissions into a new custom role.
func (s *Service) CloneRole(ctx context.Context, caller *Caller, id, name string) (*Role, error) {
	src, err := s.Roles.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		name = "Copy of " + src.Name
	}
	return s.CreateRole(ctx, caller, RoleInput{Name: name, Description: src.Description, Permissions: src.Permissions})
}

// UpdateRole changes a custom role; it may not strip the last
// administrator of the rights that make them one.
func (s *Service) UpdateRole(ctx context.Context, caller *Caller, id string, version int64, in RoleInput) (*Role, error) {
	var out *Role
	err := s.withAdminGuard(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = NewRoles(tx).Update(ctx, id, version, in, checkRolePermissions(caller), func(tx *gorm.DB, before, after *Role) error {
			return audit.Record(ctx, tx, audit.Entry{Action: "role.updated", TargetType: "role", TargetID: id, Before: roleAudit(before), After: roleAudit(after)})
		})
		return err
	})
	return out, err
}

// DeleteRole removes a custom role that no assignment uses.
func (s *Service) DeleteRole(ctx context.Context, caller *Caller, id string) error {
	if err := checkRolePermissions(caller)(nil, nil); err != nil {
		return err
	}
	return s.Roles.Delete(ctx, id, func(tx *gorm.DB, r *Role) error {
		return audit.Record(ctx, tx, audit.Entry{Action: "role.deleted", TargetType: "role", TargetID: r.ID, Before: roleAudit(r)})
	})
}

// ClientInput registers or changes an API client.
type ClientInput struct {
	ClientID    string
	DisplayName string
	Owner       string
	TenantID    string // defaults to the home tenant
	Status      string // for updates: active or disabled
}

// CreateClient registers an application to call the API as itself.
func (s *Service) CreateClient(ctx context.Context, caller *Caller, in ClientInput) (*APIClient, error) {
	in.ClientID = strings.ToLower(strings.TrimSpace(in.ClientID))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	fields := map[string]string{}
	if _, err := uuid.Parse(in.ClientID); err != nil || len(in.ClientID) != 36 {
		fields["clientId"] = fmt.Sprintf("%q is not an application (client) id; copy it from the app registration's overview", in.ClientID)
	}
	if in.DisplayName == "" || len(in.DisplayName) > 200 {
		fields["displayName"] = "required, at most 200 characters"
	}
	if len(in.Owner) > 200 {
		fields["owner"] = "at most 200 characters"
	}
	if len(fields) > 0 {
		return nil, &ValidationError{Fields: fields}
	}
	if in.TenantID == "" {
		if err := s.db.WithContext(ctx).Table("tenants").Where("kind = 'home'").Pluck("id", &in.TenantID).Error; err != nil {
			return nil, err
		}
	}
	now := s.now()
	c := &APIClient{
		ID: uuid.NewString(), ClientID: in.ClientID, DisplayName: in.DisplayName, Owner: strings.TrimSpace(in.Owner),
		TenantID: in.TenantID, Status: StatusActive, CreatedBy: caller.Principal.ID(), Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(c).Error; err != nil {
			if database.Translate(err) != err {
				return fmt.Errorf("%w: client id %s", ErrClientExists, in.ClientID)
			}
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "api-client.created", TargetType: "api_client", TargetID: c.ID, TenantID: c.TenantID,
			After: map[string]string{"clientId": c.ClientID, "displayName": c.DisplayName, "owner": c.Owner}})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Clients lists API clients.
func (s *Service) Clients(ctx context.Context) ([]APIClient, error) {
	var out []APIClient
	err := s.db.WithContext(ctx).Order("lower(display_name)").Find(&out).Error
	return out, err
}

// Client returns one API client.
func (s *Service) Client(ctx context.Context, id string) (*APIClient, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrClientNotFound, id)
	}
	var c APIClient
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&c).Error; err != nil {
		return nil, fmt.Errorf("%w: %s", ErrClientNotFound, id)
	}
	return &c, nil
}

// UpdateClient changes an API client's name, owner or status.
func (s *Service) UpdateClient(ctx context.Context, caller *Caller, id string, version int64, in ClientInput) (*APIClient, error) {
	c, err := s.Client(ctx, id)
	if err != nil {
		return nil, err
	}
	if version != c.Version {
		return nil, fmt.Errorf("API client %s: %w", id, ErrStale)
	}
	before := *c
	if in.DisplayName != "" {
		c.DisplayName = strings.TrimSpace(in.DisplayName)
	}
	if in.Owner != "" {
		c.Owner = strings.TrimSpace(in.Owner)
	}
	if in.Status != "" {
		if in.Status != StatusActive && in.Status != StatusDisabled {
			return nil, &ValidationError{Fields: map[string]string{"status": fmt.Sprintf("%q is not active or disabled", in.Status)}}
		}
		c.Status = in.Status
	}
	c.Version++
	c.UpdatedAt = s.now()
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&APIClient{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"display_name": c.DisplayName, "owner": c.Owner, "status": c.Status, "version": c.Version, "updated_at": c.UpdatedAt,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("API client %s: %w", id, ErrStale)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "api-client.updated", TargetType: "api_client", TargetID: id, TenantID: c.TenantID,
			Before: map[string]string{"displayName": before.DisplayName, "owner": before.Owner, "status": before.Status},
			After:  map[string]string{"displayName": c.DisplayName, "owner": c.Owner, "status": c.Status}})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteClient removes an API client and its assignments.
func (s *Service) DeleteClient(ctx context.Context, caller *Caller, id string) error {
	c, err := s.Client(ctx, id)
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("principal_type = ? AND principal_id = ?", PrincipalClient, id).Delete(&Assignment{}).Error; err != nil {
			return err
		}
		if err := tx.Where("id = ?", id).Delete(&APIClient{}).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "api-client.deleted", TargetType: "api_client", TargetID: id, TenantID: c.TenantID,
			Before: map[string]string{"clientId": c.ClientID, "displayName": c.DisplayName}})
	})
}

// AssignmentFilter selects assignments.
type AssignmentFilter struct {
	PrincipalType string
	PrincipalID   string
	RoleID        string
	// VisibleTenants limits results to holders in these tenants; nil means all.
	VisibleTenants []string
}

// AssignmentRow is an assignment with names for display.
type AssignmentRow struct {
	Assignment
	RoleName      string
	PrincipalName string
	HolderTenant  string
	ScopeTenant   string
}

// ListAssignments returns assignments matching f, newest first, at most limit.
func (s *Service) ListAssignments(ctx context.Context, f AssignmentFilter, limit int, before *time.Time) ([]AssignmentRow, error) {
	q := s.db.WithContext(ctx).Table("role_assignments a").
		Select(`a.*, r.name AS role_name,
			COALESCE(p.display_name, c.display_name, '') AS principal_name,
			COALESCE(u.tenant_id, c.tenant_id) AS holder_tenant,
			COALESCE(st.name, '') AS scope_tenant`).
		Joins("JOIN roles r ON r.id = a.role_id").
		Joins("LEFT JOIN users u ON a.principal_type = 'user' AND u.id = a.principal_id").
		Joins("LEFT JOIN people p ON p.id = u.person_id").
		Joins("LEFT JOIN api_clients c ON a.principal_type = 'client' AND c.id = a.principal_id").
		Joins("LEFT JOIN tenants st ON st.id = a.scope_tenant_id")
	if f.PrincipalType != "" {
		q = q.Where("a.principal_type = ?", f.PrincipalType)
	}
	if f.PrincipalID != "" {
		q = q.Where("a.principal_id = ?", f.PrincipalID)
	}
	if f.RoleID != "" {
		q = q.Where("a.role_id = ?", f.RoleID)
	}
	if f.VisibleTenants != nil {
		if len(f.VisibleTenants) == 0 {
			return nil, nil
		}
		q = q.Where("COALESCE(u.tenant_id, c.tenant_id) IN ?", f.VisibleTenants)
	}
	if before != nil {
		q = q.Where("a.assigned_at < ?", *before)
	}
	var rows []AssignmentRow
	if err := q.Order("a.assigned_at DESC").Order("a.id").Limit(limit).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list role assignments: %w", err)
	}
	return rows, nil
}
