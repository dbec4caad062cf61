package httpapi

import (
	"encoding/json"
	"time"

	"github.com/rosterhq/roster/api/internal/accessrequest"
	"github.com/rosterhq/roster/api/internal/settings"
)

// AccessRequestView is a person's request for access.
type AccessRequestView struct {
	ID                string     `json:"id" format:"uuid"`
	TenantID          string     `json:"tenantId" format:"uuid"`
	TenantName        string     `json:"tenantName" example:"Fabrikam Manufacturing"`
	EntraTenantID     string     `json:"entraTenantId" format:"uuid"`
	ObjectID          string     `json:"objectId" format:"uuid"`
	DisplayName       string     `json:"displayName" example:"Adele Vance"`
	UserPrincipalName string     `json:"userPrincipalName" example:"adele.vance@fabrikam.example"`
	Justification     string     `json:"justification" example:"I joined the service desk and need to look up callers."`
	Status            string     `json:"status" enums:"pending,granted,denied,withdrawn,expired"`
	CreatedAt         time.Time  `json:"createdAt"`
	DecidedAt         *time.Time `json:"decidedAt" extensions:"x-nullable"`
	// DecidedBy is the reviewer's object id, the requester's for a
	// withdrawal, or a system id for an expiry.
	DecidedBy     string `json:"decidedBy"`
	DecidedByName string `json:"decidedByName" example:"Megan Bowen"`
	// DecisionReason is the reviewer's note on a grant, the reason for a
	// denial, or why the request expired.
	DecisionReason string `json:"decisionReason"`
	// UserID and GrantExpiresAt are set once the request is granted.
	UserID         *string    `json:"userId" extensions:"x-nullable" format:"uuid"`
	GrantExpiresAt *time.Time `json:"grantExpiresAt" extensions:"x-nullable"`
} // @name AccessRequest

// AccessRequestList is a page of access requests.
type AccessRequestList struct {
	Items      []AccessRequestView `json:"items"`
	NextCursor *string             `json:"nextCursor" extensions:"x-nullable"`
} // @name AccessRequestList

// MyAccessRequests is the caller's own requests and whether they may make
// another.
type MyAccessRequests struct {
	// Items are the caller's requests, newest first, at most 20.
	Items []AccessRequestView `json:"items"`
	// RequestsEnabled is false when an administrator switched requests off.
	RequestsEnabled bool `json:"requestsEnabled"`
	// Contact is whom the settings name for people without access; it may
	// be empty.
	Contact string `json:"contact" example:"the Northwind service desk, +1 555 0100"`
	// CanRequest is true when POST /api/v1/access-requests would accept a
	// request from the caller now.
	CanRequest bool `json:"canRequest"`
	// Reason explains why CanRequest is false.
	Reason string `json:"reason,omitempty"`
	// RequestsLeft is how many requests the caller may still make in the
	// current 24 hours.
	RequestsLeft int `json:"requestsLeft"`
	// NextRequestAt is when the next request is accepted, when none is left.
	NextRequestAt *time.Time `json:"nextRequestAt" extensions:"x-nullable"`
} // @name MyAccessRequests

// CreateAccessRequestRequest is the body of a new access request.
type CreateAccessRequestRequest struct {
	Justification string `json:"justification,omitempty" example:"I joined the service desk and need to look up callers."`
} // @name CreateAccessRequestRequest

// GrantAccessRequestRequest grants a request. Give expiresAt or expiresIn,
// or neither for the default grant expiry setting.
type GrantAccessRequestRequest struct {
	// Assignments are role assignments as POST /api/v1/users takes them,
	// without principalType and principalId.
	Assignments []AssignmentRequest `json:"assignments"`
	ExpiresAt   *time.Time          `json:"expiresAt,omitempty"`
	ExpiresIn   string              `json:"expiresIn,omitempty" enums:"1h,1d,3d,30d,never"`
	// Note is recorded with the grant and shown to the requester.
	Note string `json:"note,omitempty"`
} // @name GrantAccessRequestRequest

// DenyAccessRequestRequest denies a request.
type DenyAccessRequestRequest struct {
	// Reason is shown to the requester.
	Reason string `json:"reason" example:"Please ask through your manager."`
} // @name DenyAccessRequestRequest

// PendingCount is the number of pending requests the caller may decide.
type PendingCount struct {
	Count int64 `json:"count" example:"3"`
} // @name PendingAccessRequestCount

// AccessRemovalView is an earlier end of a person's access.
type AccessRemovalView struct {
	UserID        string    `json:"userId" format:"uuid"`
	RemovedAt     time.Time `json:"removedAt"`
	RemovedBy     string    `json:"removedBy"`
	RemovedByName string    `json:"removedByName"`
	Reason        string    `json:"reason"`
} // @name AccessRemoval

// AccessRequestDetail is a request with Roster's records of the requester.
type AccessRequestDetail struct {
	Request AccessRequestView `json:"request"`
	// Person is the requester's synced record; null when sync has not
	// brought it yet or the caller may not read people of the tenant.
	Person *PersonView `json:"person" extensions:"x-nullable"`
	// User is the requester's current user, such as an expired one. It is
	// null when there is none or the caller may not read users of the
	// tenant.
	User *UserView `json:"user" extensions:"x-nullable"`
	// EarlierRequests are the requester's other requests, newest first.
	EarlierRequests []AccessRequestView `json:"earlierRequests"`
	// Removals are earlier ends of the requester's access, newest first;
	// empty when the caller may not read users of the tenant.
	Removals []AccessRemovalView `json:"removals"`
} // @name AccessRequestDetail

func accessRequestView(r *accessrequest.Request, tenantNames map[string]string) AccessRequestView {
	return AccessRequestView{
		ID: r.ID, TenantID: r.TenantID, TenantName: tenantNames[r.TenantID], EntraTenantID: r.EntraTenantID, ObjectID: r.ObjectID,
		DisplayName: r.DisplayName, UserPrincipalName: r.UserPrincipalName, Justification: r.Justification, Status: r.Status,
		CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt, DecidedBy: r.DecidedBy, DecidedByName: r.DecidedByName,
		DecisionReason: r.DecisionReason, UserID: r.UserID, GrantExpiresAt: r.GrantExpiresAt,
	}
}

// SettingView is one instance-wide setting.
type SettingView struct {
	Key         string `json:"key" example:"accessRequests.enabled"`
	Kind        string `json:"kind" enums:"boolean,string,duration"`
	Description string `json:"description"`
	// Value is a boolean for booleans and a string otherwise; durations
	// read like "36h", "14d" or "never".
	Value   any `json:"value"`
	Default any `json:"default"`
	// Options, when not empty, are the only values the setting takes.
	Options []string `json:"options"`
	// Min and Max bound a duration; empty when unbounded.
	Min           string     `json:"min,omitempty" example:"1h"`
	Max           string     `json:"max,omitempty" example:"365d"`
	MaxLength     int        `json:"maxLength,omitempty"`
	Changed       bool       `json:"changed"`
	UpdatedBy     string     `json:"updatedBy"`
	UpdatedByName string     `json:"updatedByName"`
	UpdatedAt     *time.Time `json:"updatedAt" extensions:"x-nullable"`
} // @name Setting

// SettingList is every setting and the ETag to send when changing them.
type SettingList struct {
	Items []SettingView `json:"items"`
	ETag  string        `json:"etag" example:"\"4\""`
} // @name SettingList

// PatchSettingsRequest changes settings; keys not listed stay.
type PatchSettingsRequest struct {
	Values map[string]json.RawMessage `json:"values" swaggertype:"object"`
	Reason string                     `json:"reason,omitempty"`
} // @name PatchSettingsRequest

func settingView(s settings.Setting) SettingView {
	v := SettingView{
		Key: string(s.Key), Kind: string(s.Kind), Description: s.Description, Value: s.Value, Default: s.Default,
		Options: nonNil(s.Options), MaxLength: s.MaxLength, Changed: s.Changed, UpdatedBy: s.UpdatedBy,
		UpdatedByName: s.UpdatedByName, UpdatedAt: s.UpdatedAt,
	}
	if s.Min > 0 {
		v.Min = settings.FormatDuration(s.Min)
	}
	if s.Max > 0 {
		v.Max = settings.FormatDuration(s.Max)
	}
	return v
}
