// Package iam stores who may sign in and with what rights: users (people
// granted access), API clients, roles and role assignments. It loads a
// caller's assignments for package access to evaluate, and it enforces the
// rules that keep grants within the granter's own rights and keep at least
// one administrator.
package iam

import (
	"errors"
	"time"

	"github.com/rosterhq/roster/api/internal/access"
)

// Errors returned by the stores. Handlers map them to problems.
var (
	ErrRoleNotFound       = errors.New("role not found")
	ErrUserNotFound       = errors.New("user not found")
	ErrClientNotFound     = errors.New("API client not found")
	ErrAssignmentNotFound = errors.New("role assignment not found")
	ErrBuiltinRole        = errors.New("built-in roles cannot be changed or deleted")
	ErrRoleInUse          = errors.New("role is assigned")
	ErrRoleNameTaken      = errors.New("role name already used")
	ErrAlreadyUser        = errors.New("person is already a user")
	ErrClientExists       = errors.New("API client already registered")
	ErrAssignmentExists   = errors.New("role assignment already exists")
	ErrStale              = errors.New("changed since it was read")
	ErrLastAdministrator  = errors.New("would leave no active administrator")
	ErrEscalation         = errors.New("permission not held by the granter")
	ErrCustomerScope      = errors.New("customer-tenant holders can hold assignments only in their own tenant")
	ErrSelfChange         = errors.New("you cannot change your own access")
)

// User statuses. An active user past its expiry is reported as expired.
const (
	StatusActive    = "active"
	StatusDisabled  = "disabled"
	StatusSuspended = "suspended" // person disabled or removed upstream
	StatusExpired   = "expired"
)

// Principal types of assignments.
const (
	PrincipalUser   = "user"
	PrincipalClient = "client"
)

// Role is a named set of permissions.
type Role struct {
	ID          string `gorm:"primaryKey"`
	Name        string
	Description string
	Builtin     bool
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Permissions []access.Permission `gorm:"-"`
}

type rolePermission struct {
	RoleID     string `gorm:"primaryKey"`
	Permission string `gorm:"primaryKey"`
}

func (rolePermission) TableName() string { return "role_permissions" }

// User is a person granted access.
type User struct {
	ID               string `gorm:"primaryKey"`
	PersonID         string
	TenantID         string
	Status           string
	StatusReason     string
	StatusChangedBy  string
	StatusChangedAt  *time.Time
	ExpiresAt        *time.Time
	ExpiryRecordedAt *time.Time
	GrantedBy        string
	GrantedByName    string
	GrantedAt        time.Time
	GrantReason      string
	LastSignInAt     *time.Time
	Version          int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// EffectiveStatus returns the status with expiry applied at now.
func (u *User) EffectiveStatus(now time.Time) string {
	if u.Status == StatusActive && u.ExpiresAt != nil && !u.ExpiresAt.After(now) {
		return StatusExpired
	}
	return u.Status
}

// APIClient is an Entra application allowed to call the API as itself.
type APIClient struct {
	ID          string `gorm:"primaryKey"`
	ClientID    string
	DisplayName string
	Owner       string
	TenantID    string
	Status      string
	CreatedBy   string
	Version     int64
	LastUsedAt  *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName is the table API clients live in.
func (APIClient) TableName() string { return "api_clients" }

// Assignment is one (principal, role, scope, effect).
type Assignment struct {
	ID             string `gorm:"primaryKey"`
	PrincipalType  string
	PrincipalID    string
	RoleID         string
	ScopeType      string
	ScopeTenantID  *string
	ScopeTag       string
	Effect         string
	Reason         string
	AssignedBy     string
	AssignedByName string
	AssignedAt     time.Time
}

// TableName is the table assignments live in.
func (Assignment) TableName() string { return "role_assignments" }

// Scope returns the assignment's scope.
func (a *Assignment) Scope() access.Scope {
	s := access.Scope{Type: access.ScopeType(a.ScopeType), Tag: a.ScopeTag}
	if a.ScopeTenantID != nil {
		s.TenantID = *a.ScopeTenantID
	}
	return s
}

type bootstrapGrant struct {
	Entry     string `gorm:"primaryKey"`
	UserID    string
	GrantedAt time.Time
}

func (bootstrapGrant) TableName() string { return "bootstrap_grants" }
