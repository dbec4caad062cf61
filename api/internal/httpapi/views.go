package httpapi

import (
	"time"

	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// TenantView is a tenant as the API returns it.
type TenantView struct {
	ID            string   `json:"id" format:"uuid" example:"0b5e7c9a-3f1d-4e2b-8a6c-9d0e1f2a3b4c"`
	Name          string   `json:"name" example:"Fabrikam Manufacturing"`
	Kind          string   `json:"kind" enums:"home,customer" example:"customer"`
	EntraTenantID *string  `json:"entraTenantId" extensions:"x-nullable" format:"uuid" example:"2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02"`
	PrimaryDomain string   `json:"primaryDomain" example:"fabrikam.example"`
	Tags          []string `json:"tags" example:"managed-print"`
	SyncGuests    bool     `json:"syncGuests"`
	// ETag is the value to send in If-Match when updating this tenant.
	ETag      string       `json:"etag"`
	Linked    bool         `json:"linked"`
	CreatedAt time.Time    `json:"createdAt"`
	LastSync  *SyncRunView `json:"lastSync" extensions:"x-nullable"`
} // @name Tenant

// TenantList is a page of tenants.
type TenantList struct {
	Items      []TenantView `json:"items"`
	NextCursor *string      `json:"nextCursor" extensions:"x-nullable"`
} // @name TenantList

// CreateTenantRequest creates a customer tenant.
type CreateTenantRequest struct {
	Name          string `json:"name" example:"Fabrikam Manufacturing"`
	EntraTenantID string `json:"entraTenantId" example:"2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02"`
	PrimaryDomain string `json:"primaryDomain" example:"fabrikam.example"`
} // @name CreateTenantRequest

func tenantView(t *tenant.Tenant, last *dirsync.Run) TenantView {
	v := TenantView{
		ID: t.ID, Name: t.Name, Kind: t.Kind, EntraTenantID: t.EntraTenantID,
		PrimaryDomain: t.PrimaryDomain, Linked: t.Linked(), CreatedAt: t.CreatedAt, Tags: nonNil(t.Tags), SyncGuests: t.SyncGuests, ETag: etagOf(t.Version),
	}
	if last != nil {
		rv := syncRunView(last)
		v.LastSync = &rv
	}
	return v
}

// SyncCounts are what a run did to people.
type SyncCounts struct {
	Created  int `json:"created"`
	Updated  int `json:"updated"`
	Disabled int `json:"disabled"`
	Removed  int `json:"removed"`
	Restored int `json:"restored"`
} // @name SyncCounts

// SyncError says why a run failed and what to do.
type SyncError struct {
	Kind       string `json:"kind" example:"consent_missing"`
	Message    string `json:"message"`
	Hint       string `json:"hint"`
	HTTPStatus int    `json:"httpStatus,omitempty" example:"403"`
} // @name SyncError

// SyncRunView is a sync run as the API returns it.
type SyncRunView struct {
	ID            string     `json:"id" format:"uuid"`
	TenantID      string     `json:"tenantId" format:"uuid"`
	Status        string     `json:"status" enums:"queued,running,succeeded,failed,needs_confirmation,discarded"`
	Trigger       string     `json:"trigger" enums:"api,cli,schedule,retry"`
	Full          bool       `json:"full"`
	QueuedAt      time.Time  `json:"queuedAt"`
	StartedAt     *time.Time `json:"startedAt" extensions:"x-nullable"`
	FinishedAt    *time.Time `json:"finishedAt" extensions:"x-nullable"`
	PagesRead     int        `json:"pagesRead"`
	PeopleWritten int        `json:"peopleWritten"`
	Counts        SyncCounts `json:"counts"`
	Error         *SyncError `json:"error" extensions:"x-nullable"`
	SyncRunOperations
} // @name SyncRun

// SyncRunList is a page of runs, newest first.
type SyncRunList struct {
	Items      []SyncRunView `json:"items"`
	NextCursor *string       `json:"nextCursor" extensions:"x-nullable"`
} // @name SyncRunList

func syncRunView(r *dirsync.Run) SyncRunView {
	v := SyncRunView{
		ID: r.ID, TenantID: r.TenantID, Status: r.Status, Trigger: r.Trigger, Full: r.FullSync,
		QueuedAt: r.QueuedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
		PagesRead: r.PagesRead, PeopleWritten: r.PeopleWritten,
		Counts: SyncCounts{
			Created: r.CreatedCount, Updated: r.UpdatedCount, Disabled: r.DisabledCount,
			Removed: r.RemovedCount, Restored: r.RestoredCount,
		},
		SyncRunOperations: syncRunOperations(r),
	}
	if r.Status == dirsync.StatusFailed {
		de := &directory.Error{Kind: directory.ErrorKind(r.ErrorKind)}
		v.Error = &SyncError{Kind: r.ErrorKind, Message: r.ErrorMessage, Hint: de.Hint(), HTTPStatus: r.ErrorHTTPStatus}
		if r.ErrorKind == "not_linked" {
			v.Error.Hint = "Set the tenant's Entra tenant id before syncing."
		}
	}
	return v
}

// PersonView is a person as the API returns it. The fields listed in
// syncedFields come from Entra ID and are read-only: the next sync
// overwrites them.
type PersonView struct {
	ID                    string     `json:"id" format:"uuid"`
	TenantID              string     `json:"tenantId" format:"uuid"`
	TenantName            string     `json:"tenantName" example:"Fabrikam Manufacturing"`
	EntraTenantID         *string    `json:"entraTenantId" extensions:"x-nullable" format:"uuid"`
	ObjectID              *string    `json:"objectId" extensions:"x-nullable" format:"uuid"`
	Source                string     `json:"source" enums:"entra,manual"`
	DisplayName           string     `json:"displayName" example:"Adele Vance"`
	GivenName             string     `json:"givenName"`
	Surname               string     `json:"surname"`
	UserPrincipalName     string     `json:"userPrincipalName" example:"adele.vance@fabrikam.example"`
	Mail                  string     `json:"mail"`
	OtherMails            []string   `json:"otherMails"`
	JobTitle              string     `json:"jobTitle"`
	Department            string     `json:"department"`
	OfficeLocation        string     `json:"officeLocation"`
	MobilePhone           string     `json:"mobilePhone"`
	BusinessPhones        []string   `json:"businessPhones"`
	AccountEnabled        bool       `json:"accountEnabled"`
	UserType              string     `json:"userType" example:"Member"`
	OnPremisesSyncEnabled *bool      `json:"onPremisesSyncEnabled" extensions:"x-nullable"`
	EntraCreatedAt        *time.Time `json:"entraCreatedAt" extensions:"x-nullable"`
	Status                string     `json:"status" enums:"enabled,disabled,removed"`
	Guest                 bool       `json:"guest"`
	Tags                  []string   `json:"tags"`
	SyncedFields          []string   `json:"syncedFields"`
	LastSyncedAt          *time.Time `json:"lastSyncedAt" extensions:"x-nullable"`
	RemovedAt             *time.Time `json:"removedAt" extensions:"x-nullable"`
	CreatedAt             time.Time  `json:"createdAt"`
	UpdatedAt             time.Time  `json:"updatedAt"`
	// ETag is the value to send in If-Match when updating this person.
	ETag string `json:"etag" example:"\"3\""`
	// ContactEmail is the address to reach the person at: mail, else the
	// first of otherMails, else the user principal name.
	ContactEmail string `json:"contactEmail" example:"adele.vance@fabrikam.example"`
} // @name Person

// PersonList is a page of people.
type PersonList struct {
	Items      []PersonView `json:"items"`
	NextCursor *string      `json:"nextCursor" extensions:"x-nullable"`
} // @name PersonList

// PatchPersonRequest changes a person's local fields. Only tags can be
// changed; synced fields are refused with 422.
type PatchPersonRequest struct {
	Tags []string `json:"tags" example:"vip,laptop-refresh-2027"`
} // @name PatchPersonRequest

func personView(p *person.Person, tenantName string) PersonView {
	synced := person.SyncedFields
	if p.Source != person.SourceEntra {
		synced = []string{}
	}
	return PersonView{
		ID: p.ID, TenantID: p.TenantID, TenantName: tenantName, EntraTenantID: p.EntraTenantID,
		ObjectID: p.ObjectID, Source: p.Source, DisplayName: p.DisplayName, GivenName: p.GivenName,
		Surname: p.Surname, UserPrincipalName: p.UserPrincipalName, Mail: p.Mail,
		OtherMails: nonNil(p.OtherMails), JobTitle: p.JobTitle, Department: p.Department,
		OfficeLocation: p.OfficeLocation, MobilePhone: p.MobilePhone, BusinessPhones: nonNil(p.BusinessPhones),
		AccountEnabled: p.AccountEnabled, UserType: p.UserType, OnPremisesSyncEnabled: p.OnPremisesSyncEnabled,
		EntraCreatedAt: p.EntraCreatedAt, Status: p.Status, Guest: p.Guest(), Tags: nonNil(p.Tags),
		ContactEmail: p.ContactEmail(),
		SyncedFields: synced, LastSyncedAt: p.LastSyncedAt, RemovedAt: p.RemovedAt,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, ETag: etagOf(p.Version),
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MeView is who the token says the caller is.
type MeView struct {
	ObjectID string `json:"objectId" format:"uuid"`
	TenantID string `json:"tenantId" format:"uuid"`
	Name     string `json:"name" example:"Megan Bowen"`
	Username string `json:"username" example:"megan.bowen@northwind-it.example"`
	Kind     string `json:"kind" enums:"user,app"`
	AppID    string `json:"appId,omitempty"`
	// UserID is the caller's user id, when the caller is a user.
	UserID string      `json:"userId,omitempty" format:"uuid"`
	IsUser bool        `json:"isUser"`
	Tenant *TenantView `json:"tenant" extensions:"x-nullable"`
	// Permissions held in at least one tenant.
	Permissions []string `json:"permissions"`
	// AllTenants are the permissions held in every tenant, present and future.
	AllTenants []string `json:"allTenants"`
	// Tenants lists, per tenant, the permissions held there beyond AllTenants.
	Tenants []TenantPermissions `json:"tenants"`
	Access  AccessStatus        `json:"access"`
	// Impersonation is set while the caller acts in an impersonation
	// session: the fields above then describe the impersonated user.
	Impersonation *ImpersonationInfo `json:"impersonation,omitempty"`
} // @name Me

// ImpersonationInfo describes the running impersonation session.
type ImpersonationInfo struct {
	SessionID        string    `json:"sessionId" format:"uuid"`
	ImpersonatorID   string    `json:"impersonatorId"`
	ImpersonatorName string    `json:"impersonatorName"`
	EndsAt           time.Time `json:"endsAt"`
	ReadOnly         bool      `json:"readOnly"`
} // @name ImpersonationInfo

// TenantPermissions are permissions held in one tenant.
type TenantPermissions struct {
	TenantID    string   `json:"tenantId" format:"uuid"`
	Permissions []string `json:"permissions"`
} // @name TenantPermissions

// AccessStatus says whether the caller may act and, if not, why.
type AccessStatus struct {
	// Status is active, none (not a user), or the problem slug of a refusal:
	// user-disabled, user-expired, user-suspended, client-disabled, client-unregistered.
	Status    string     `json:"status" example:"active"`
	Detail    string     `json:"detail,omitempty"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
} // @name AccessStatus

// PatchTenantRequest changes a tenant; omitted fields stay.
type PatchTenantRequest struct {
	Name          *string  `json:"name,omitempty"`
	PrimaryDomain *string  `json:"primaryDomain,omitempty"`
	Tags          []string `json:"tags,omitempty"`
	SyncGuests    *bool    `json:"syncGuests,omitempty"`
} // @name PatchTenantRequest
