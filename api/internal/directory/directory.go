// Package directory defines what Roster reads from an Entra ID directory,
// independent of the SDK that reads it. The Graph adapter (package graph)
// implements Reader with MSAL Go and msgraph-sdk-go; everything else depends on
// this package only, so that test binaries do not link the Graph SDK.
package directory

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// User is one user object as Microsoft Graph returns it from /users/delta,
// reduced to the fields Roster keeps. Pointer fields are nil when Graph
// omitted them, which a delta page does for properties that did not change.
type User struct {
	ObjectID              string
	DisplayName           *string
	GivenName             *string
	Surname               *string
	UserPrincipalName     *string
	Mail                  *string
	OtherMails            []string
	JobTitle              *string
	Department            *string
	OfficeLocation        *string
	MobilePhone           *string
	BusinessPhones        []string
	AccountEnabled        *bool
	UserType              *string
	OnPremisesSyncEnabled *bool
	CreatedDateTime       *time.Time

	// Removed is set for a delta entry carrying "@removed"; RemovedReason is
	// its reason ("changed" for a soft delete, "deleted" for a hard delete).
	Removed       bool
	RemovedReason string
}

// Page is one page of a delta enumeration.
type Page struct {
	Users []User
	// Number is the 1-based page number within the run.
	Number int
}

// DeltaResult is the outcome of a completed delta enumeration.
type DeltaResult struct {
	// DeltaLink is the absolute @odata.deltaLink to continue from next time.
	DeltaLink string
	// Full is true when the enumeration started from scratch, either because
	// no delta link was given or because the given one had expired; every
	// current user was then returned, so users not seen have left the directory.
	Full bool
}

// Reader reads users of one Entra tenant.
type Reader interface {
	// UsersDelta enumerates the users of tenantID. With an empty deltaLink it
	// enumerates everyone; otherwise it continues from deltaLink and returns
	// only changes. When Graph reports the delta link as expired, the reader
	// restarts with a full enumeration and sets DeltaResult.Full.
	// fn is called once per page, in order; an error from fn stops the
	// enumeration and is returned wrapped. Paging links never leave the call.
	UsersDelta(ctx context.Context, tenantID, deltaLink string, fn func(ctx context.Context, page Page) error) (DeltaResult, error)
}

// ErrorKind classifies a directory failure so that operators get an
// actionable message.
type ErrorKind string

// Kinds of directory failure.
const (
	KindConsentMissing ErrorKind = "consent_missing"   // app has no admin consent / permission in the tenant
	KindBadCredentials ErrorKind = "bad_credentials"   // wrong client secret or certificate
	KindAppNotInTenant ErrorKind = "app_not_in_tenant" // the application is not present in the tenant
	KindTenantNotFound ErrorKind = "tenant_not_found"  // the tenant id is unknown to the authority
	KindThrottled      ErrorKind = "throttled"         // Graph still returned 429 after retries
	KindUnavailable    ErrorKind = "unavailable"       // 5xx, timeouts, connection failures after retries
	KindDeltaExpired   ErrorKind = "delta_expired"     // delta link rejected (400 syncStateNotFound, 410)
	KindMalformed      ErrorKind = "malformed"         // unreadable answer
	KindOther          ErrorKind = "other"
)

// Error is a classified failure from the directory. Message is safe to show to
// administrators: it never contains a token or secret.
type Error struct {
	Kind       ErrorKind
	HTTPStatus int    // 0 when no HTTP response was received
	Code       string // Graph or AADSTS error code, when known
	Message    string
	RetryAfter time.Duration // for KindThrottled, from the Retry-After header
	Err        error
}

func (e *Error) Error() string {
	s := string(e.Kind)
	if e.HTTPStatus != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.HTTPStatus)
	}
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Hint returns what an administrator should do about the error.
func (e *Error) Hint() string {
	switch e.Kind {
	case KindConsentMissing:
		return "Grant admin consent for Roster's application (Microsoft Graph application permission User.Read.All) in this tenant, then sync again."
	case KindBadCredentials:
		return "Check ROSTER_GRAPH_CLIENT_ID and the client secret or certificate: the authority rejected them. Renew the secret if it has expired."
	case KindAppNotInTenant:
		return "Roster's application is not present in this tenant. An administrator of the tenant must consent to it (admin consent URL) before it can be synced."
	case KindTenantNotFound:
		return "The authority does not know this tenant id. Check the Entra tenant id of this tenant."
	case KindThrottled:
		return "Microsoft Graph is throttling requests for this tenant. The sync is retried later with backoff."
	case KindUnavailable:
		return "Microsoft Graph could not be reached or failed. The sync is retried later with backoff."
	case KindDeltaExpired:
		return "The stored delta link expired; the next run enumerates all users."
	default:
		return "See the error detail; the sync is retried later."
	}
}

// KindOf returns the kind of err if it is or wraps an *Error, and KindOther otherwise.
func KindOf(err error) ErrorKind {
	var de *Error
	if errors.As(err, &de) {
		return de.Kind
	}
	return KindOther
}
