// Package accessrequest stores self-registration requests: a person who
// signed in without access requests it, and a reviewer holding
// access-requests:decide in the person's tenant grants it (creating or
// reactivating the user) or denies it. Every step is audited and announced
// on the event hub.
package accessrequest

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Statuses of a request. Only a pending request changes.
const (
	StatusPending   = "pending"
	StatusGranted   = "granted"
	StatusDenied    = "denied"
	StatusWithdrawn = "withdrawn"
	StatusExpired   = "expired"
)

// Statuses lists every status, for filters.
var Statuses = []string{StatusPending, StatusGranted, StatusDenied, StatusWithdrawn, StatusExpired}

// Types of the events the service publishes.
const (
	EventCreated   = "access-request.created"
	EventDecided   = "access-request.decided"
	EventWithdrawn = "access-request.withdrawn"
	EventExpired   = "access-request.expired"
)

// Limits on requests.
const (
	// MaxPerDay is how many requests one person may make in 24 hours,
	// withdrawn ones included.
	MaxPerDay           = 3
	MaxJustificationLen = 2000
	MaxReasonLen        = 1000
)

// Errors returned by the service. Handlers map them to problems.
var (
	ErrNotFound     = errors.New("access request not found")
	ErrDisabled     = errors.New("access requests are switched off")
	ErrOpenRequest  = errors.New("an access request is already pending")
	ErrRateLimited  = errors.New("too many access requests")
	ErrDecided      = errors.New("access request is no longer pending")
	ErrActiveUser   = errors.New("you already have access")
	ErrBlockedUser  = errors.New("your access is blocked")
	ErrApplication  = errors.New("applications cannot request access")
	ErrNotPermitted = errors.New("permission not held in the request's tenant")
)

// Request is one person's request for access.
type Request struct {
	ID string `gorm:"primaryKey"`
	// TenantID is the Roster tenant of the requester's Entra tenant.
	TenantID          string
	EntraTenantID     string
	ObjectID          string
	DisplayName       string
	UserPrincipalName string
	Justification     string
	Status            string
	CreatedAt         time.Time
	DecidedAt         *time.Time
	// DecidedBy is the object id or application of the reviewer, the
	// requester for a withdrawal, or the system for an expiry.
	DecidedBy     string
	DecidedByName string
	// DecisionReason is the reviewer's note on a grant, the reason of a
	// denial, or why the request expired.
	DecisionReason string
	// PersonID, UserID and GrantExpiresAt are set when the request is
	// granted.
	PersonID       *string
	UserID         *string
	GrantExpiresAt *time.Time
}

// TableName is the table requests live in.
func (Request) TableName() string { return "access_requests" }

// Identity is who a request is from, as their access token states it.
type Identity struct {
	// TenantID is the Roster tenant of EntraTenantID.
	TenantID          string
	EntraTenantID     string
	ObjectID          string
	Name              string
	UserPrincipalName string
}

// Owner returns the key the event hub delivers a requester's own events by.
func (i Identity) Owner() string { return ownerKey(i.EntraTenantID, i.ObjectID) }

func ownerKey(entraTenantID, objectID string) string {
	return strings.ToLower(entraTenantID) + "/" + strings.ToLower(objectID)
}

// Owner returns the event hub key of the requester.
func (r *Request) Owner() string { return ownerKey(r.EntraTenantID, r.ObjectID) }

// ValidationError lists invalid input fields by JSON name.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	var parts []string
	for k, v := range e.Fields {
		parts = append(parts, k+": "+v)
	}
	sort.Strings(parts)
	return "invalid input: " + strings.Join(parts, "; ")
}

// DisabledError is ErrDisabled with whom to contact instead.
type DisabledError struct {
	Contact string
}

func (e *DisabledError) Error() string {
	return ErrDisabled.Error() + "; " + ContactSentence(e.Contact)
}

func (e *DisabledError) Unwrap() error { return ErrDisabled }

// ContactSentence returns the sentence telling people without access whom
// to contact, from the contact setting.
func ContactSentence(contact string) string {
	if contact == "" {
		return "ask your Roster administrator for access"
	}
	return "contact " + contact
}

// OpenRequestError is ErrOpenRequest naming the pending request.
type OpenRequestError struct {
	ID        string
	CreatedAt time.Time
}

func (e *OpenRequestError) Error() string {
	return fmt.Sprintf("access request %s, made %s, is still pending; withdraw it or wait for a decision", e.ID, e.CreatedAt.Format(time.RFC3339))
}

func (e *OpenRequestError) Unwrap() error { return ErrOpenRequest }

// RateLimitError is ErrRateLimited with the wait until the next request is
// accepted.
type RateLimitError struct {
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("at most %d access requests in 24 hours; the next is accepted in %s", MaxPerDay, e.RetryAfter.Round(time.Minute))
}

func (e *RateLimitError) Unwrap() error { return ErrRateLimited }

// DecidedError is ErrDecided with the request's outcome.
type DecidedError struct {
	ID        string
	Status    string
	By        string
	DecidedAt *time.Time
}

func (e *DecidedError) Error() string {
	msg := fmt.Sprintf("access request %s is %s", e.ID, e.Status)
	if e.By != "" {
		msg += " by " + e.By
	}
	if e.DecidedAt != nil {
		msg += " at " + e.DecidedAt.Format(time.RFC3339)
	}
	return msg
}

func (e *DecidedError) Unwrap() error { return ErrDecided }

// BlockedError is ErrBlockedUser with the user's status: a disabled or
// suspended user must be enabled by an administrator, not granted again.
type BlockedError struct {
	Status string
	Reason string
}

func (e *BlockedError) Error() string {
	msg := fmt.Sprintf("your access is %s", e.Status)
	if e.Reason != "" {
		msg += " (" + e.Reason + ")"
	}
	return msg + "; an administrator must enable it, so a new request cannot help"
}

func (e *BlockedError) Unwrap() error { return ErrBlockedUser }
