package httpapi

import (
	"time"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/iam"
)

// PermissionView describes one permission.
type PermissionView struct {
	Permission  string `json:"permission" example:"people:read"`
	Subject     string `json:"subject" example:"People"`
	DisplayName string `json:"displayName" example:"View people"`
	Description string `json:"description"`
	Category    string `json:"category" enums:"view,core,advanced"`
	HighRisk    bool   `json:"highRisk"`
	MSPOnly     bool   `json:"mspOnly"`
} // @name Permission

// PermissionList is the catalogue.
type PermissionList struct {
	Items []PermissionView `json:"items"`
} // @name PermissionList

// RoleView is a role.
type RoleView struct {
	ID          string    `json:"id" format:"uuid"`
	Name        string    `json:"name" example:"Helpdesk"`
	Description string    `json:"description"`
	Builtin     bool      `json:"builtin"`
	Permissions []string  `json:"permissions"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	ETag        string    `json:"etag"`
	// Assignments lists who holds the role; only GET /roles/{id} fills it.
	Assignments []AssignmentView `json:"assignments,omitempty"`
} // @name Role

// RoleList is every role.
type RoleList struct {
	Items []RoleView `json:"items"`
} // @name RoleList

// RoleRequest creates or replaces a custom role.
type RoleRequest struct {
	Name        string   `json:"name" example:"Helpdesk"`
	Description string   `json:"description,omitempty"`
	Permissions []string `json:"permissions" example:"people:read,people:tag"`
} // @name RoleRequest

// CloneRoleRequest names the copy.
type CloneRoleRequest struct {
	Name string `json:"name,omitempty" example:"Helpdesk (night shift)"`
} // @name CloneRoleRequest

func roleView(r *iam.Role) RoleView {
	return RoleView{ID: r.ID, Name: r.Name, Description: r.Description, Builtin: r.Builtin, Permissions: strs(r.Permissions),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, ETag: etagOf(r.Version)}
}

// ScopeView is the tenants an assignment covers.
type ScopeView struct {
	Type       string `json:"type" enums:"all,tenant,tag,own"`
	TenantID   string `json:"tenantId,omitempty" format:"uuid"`
	TenantName string `json:"tenantName,omitempty"`
	Tag        string `json:"tag,omitempty"`
} // @name Scope

// AssignmentView is a role assignment.
type AssignmentView struct {
	ID             string    `json:"id" format:"uuid"`
	PrincipalType  string    `json:"principalType" enums:"user,client"`
	PrincipalID    string    `json:"principalId" format:"uuid"`
	PrincipalName  string    `json:"principalName"`
	RoleID         string    `json:"roleId" format:"uuid"`
	RoleName       string    `json:"roleName"`
	Scope          ScopeView `json:"scope"`
	Effect         string    `json:"effect" enums:"allow,deny"`
	Reason         string    `json:"reason"`
	AssignedBy     string    `json:"assignedBy"`
	AssignedByName string    `json:"assignedByName"`
	AssignedAt     time.Time `json:"assignedAt"`
} // @name RoleAssignment

// AssignmentList is a page of assignments, newest first.
type AssignmentList struct {
	Items      []AssignmentView `json:"items"`
	NextCursor *string          `json:"nextCursor" extensions:"x-nullable"`
} // @name RoleAssignmentList

// AssignmentRequest asks for one assignment.
type AssignmentRequest struct {
	PrincipalType string    `json:"principalType,omitempty" enums:"user,client"`
	PrincipalID   string    `json:"principalId,omitempty" format:"uuid"`
	RoleID        string    `json:"roleId" format:"uuid"`
	Scope         ScopeView `json:"scope"`
	Effect        string    `json:"effect,omitempty" enums:"allow,deny"`
	Reason        string    `json:"reason,omitempty"`
} // @name RoleAssignmentRequest

// CreateAssignmentsRequest creates one or many assignments, all or none.
type CreateAssignmentsRequest struct {
	Items []AssignmentRequest `json:"items"`
} // @name CreateRoleAssignmentsRequest

// DeleteAssignmentsRequest removes many assignments, all or none.
type DeleteAssignmentsRequest struct {
	IDs    []string `json:"ids"`
	Reason string   `json:"reason,omitempty"`
} // @name DeleteRoleAssignmentsRequest

func assignmentView(a iam.AssignmentRow) AssignmentView {
	v := AssignmentView{
		ID: a.ID, PrincipalType: a.PrincipalType, PrincipalID: a.PrincipalID, PrincipalName: a.PrincipalName,
		RoleID: a.RoleID, RoleName: a.RoleName, Effect: a.Effect, Reason: a.Reason,
		AssignedBy: a.AssignedBy, AssignedByName: a.AssignedByName, AssignedAt: a.AssignedAt,
		Scope: ScopeView{Type: a.ScopeType, Tag: a.ScopeTag, TenantName: a.ScopeTenant},
	}
	if a.ScopeTenantID != nil {
		v.Scope.TenantID = *a.ScopeTenantID
	}
	return v
}

func (r AssignmentRequest) input() iam.AssignmentInput {
	effect := access.Effect(r.Effect)
	if effect == "" {
		effect = access.Allow
	}
	return iam.AssignmentInput{
		PrincipalType: r.PrincipalType, PrincipalID: r.PrincipalID, RoleID: r.RoleID, Effect: effect, Reason: r.Reason,
		Scope: access.Scope{Type: access.ScopeType(r.Scope.Type), TenantID: r.Scope.TenantID, Tag: r.Scope.Tag},
	}
}

// UserView is a user: a person granted access.
type UserView struct {
	ID                string     `json:"id" format:"uuid"`
	PersonID          string     `json:"personId" format:"uuid"`
	TenantID          string     `json:"tenantId" format:"uuid"`
	TenantName        string     `json:"tenantName"`
	DisplayName       string     `json:"displayName"`
	UserPrincipalName string     `json:"userPrincipalName"`
	Mail              string     `json:"mail"`
	PersonStatus      string     `json:"personStatus" enums:"enabled,disabled,removed"`
	Status            string     `json:"status" enums:"active,disabled,suspended,expired"`
	StatusReason      string     `json:"statusReason"`
	StatusChangedBy   string     `json:"statusChangedBy"`
	StatusChangedAt   *time.Time `json:"statusChangedAt" extensions:"x-nullable"`
	ExpiresAt         *time.Time `json:"expiresAt" extensions:"x-nullable"`
	GrantedBy         string     `json:"grantedBy"`
	GrantedByName     string     `json:"grantedByName"`
	GrantedAt         time.Time  `json:"grantedAt"`
	GrantReason       string     `json:"grantReason"`
	LastSignInAt      *time.Time `json:"lastSignInAt" extensions:"x-nullable"`
	ETag              string     `json:"etag"`
	// Assignments are filled by GET /users/{id}.
	Assignments []AssignmentView `json:"assignments,omitempty"`
} // @name User

// UserList is a page of users.
type UserList struct {
	Items      []UserView `json:"items"`
	NextCursor *string    `json:"nextCursor" extensions:"x-nullable"`
} // @name UserList

// GrantRequest makes one or many people users.
type GrantRequest struct {
	PersonIDs   []string            `json:"personIds"`
	Assignments []AssignmentRequest `json:"assignments"`
	ExpiresAt   *time.Time          `json:"expiresAt,omitempty"`
	Reason      string              `json:"reason,omitempty"`
} // @name GrantRequest

// UserPatchRequest changes a user's expiry; null clears it.
type UserPatchRequest struct {
	ExpiresAt *time.Time `json:"expiresAt" extensions:"x-nullable"`
	Reason    string     `json:"reason,omitempty"`
} // @name UserPatchRequest

// BulkExpiryRequest sets the expiry of many users; null clears it.
type BulkExpiryRequest struct {
	UserIDs   []string   `json:"userIds"`
	ExpiresAt *time.Time `json:"expiresAt" extensions:"x-nullable"`
	Reason    string     `json:"reason,omitempty"`
} // @name BulkExpiryRequest

// ReasonRequest carries the reason of a status change.
type ReasonRequest struct {
	Reason string `json:"reason" example:"Left the helpdesk team"`
} // @name ReasonRequest

func userView(u *iam.UserRow, now time.Time) UserView {
	return UserView{
		ID: u.ID, PersonID: u.PersonID, TenantID: u.TenantID, TenantName: u.TenantName, DisplayName: u.DisplayName,
		UserPrincipalName: u.UserPrincipalName, Mail: u.Mail, PersonStatus: u.PersonStatus, Status: u.EffectiveStatus(now),
		StatusReason: u.StatusReason, StatusChangedBy: u.StatusChangedBy, StatusChangedAt: u.StatusChangedAt,
		ExpiresAt: u.ExpiresAt, GrantedBy: u.GrantedBy, GrantedByName: u.GrantedByName, GrantedAt: u.GrantedAt,
		GrantReason: u.GrantReason, LastSignInAt: u.LastSignInAt, ETag: etagOf(u.Version),
	}
}

// AccessExplanation says why a user may or may not do each thing in a tenant.
type AccessExplanation struct {
	UserID      string                  `json:"userId" format:"uuid"`
	TenantID    string                  `json:"tenantId" format:"uuid"`
	Status      string                  `json:"status"`
	Permissions []PermissionExplanation `json:"permissions"`
} // @name AccessExplanation

// PermissionExplanation is the decision for one permission.
type PermissionExplanation struct {
	Permission string           `json:"permission"`
	Allowed    bool             `json:"allowed"`
	Reason     string           `json:"reason"`
	Allows     []AssignmentView `json:"allows"`
	Denies     []AssignmentView `json:"denies"`
	// Winner is the assignment that decides: the first deny, else the first allow.
	Winner *string `json:"winner" extensions:"x-nullable"`
} // @name PermissionExplanation

// APIClientView is a registered application.
type APIClientView struct {
	ID          string     `json:"id" format:"uuid"`
	ClientID    string     `json:"clientId" format:"uuid"`
	DisplayName string     `json:"displayName"`
	Owner       string     `json:"owner"`
	TenantID    string     `json:"tenantId" format:"uuid"`
	Status      string     `json:"status" enums:"active,disabled"`
	CreatedBy   string     `json:"createdBy"`
	CreatedAt   time.Time  `json:"createdAt"`
	LastUsedAt  *time.Time `json:"lastUsedAt" extensions:"x-nullable"`
	ETag        string     `json:"etag"`
	// Assignments are filled by GET /api-clients/{id}.
	Assignments []AssignmentView `json:"assignments,omitempty"`
} // @name APIClient

// APIClientList is every API client.
type APIClientList struct {
	Items []APIClientView `json:"items"`
} // @name APIClientList

// APIClientRequest registers or changes an API client.
type APIClientRequest struct {
	ClientID    string `json:"clientId,omitempty" format:"uuid"`
	DisplayName string `json:"displayName,omitempty"`
	Owner       string `json:"owner,omitempty"`
	Status      string `json:"status,omitempty" enums:"active,disabled"`
} // @name APIClientRequest

func clientView(c *iam.APIClient) APIClientView {
	return APIClientView{ID: c.ID, ClientID: c.ClientID, DisplayName: c.DisplayName, Owner: c.Owner, TenantID: c.TenantID,
		Status: c.Status, CreatedBy: c.CreatedBy, CreatedAt: c.CreatedAt, LastUsedAt: c.LastUsedAt, ETag: etagOf(c.Version)}
}
