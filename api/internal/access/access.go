// Package access decides who may do what. Until the role model exists, the
// people listed in ROSTER_BOOTSTRAP_ADMINS may do everything and everyone
// else nothing; every route still names the permission it needs, so that the
// role model only has to replace Authorizer.
package access

import (
	"strings"

	"github.com/rosterhq/roster/api/internal/auth"
)

// Permission is a verb on a resource, written resource:action.
type Permission string

// Permissions the API checks.
const (
	TenantsRead   Permission = "tenants:read"
	TenantsCreate Permission = "tenants:create"
	SyncRead      Permission = "sync:read"
	SyncRun       Permission = "sync:run"
	PeopleRead    Permission = "people:read"
	PeopleTag     Permission = "people:tag"
)

// All lists every permission, in a stable order.
var All = []Permission{TenantsRead, TenantsCreate, SyncRead, SyncRun, PeopleRead, PeopleTag}

// Principal is the authenticated caller of a request.
type Principal struct {
	Claims *auth.Claims
	// Home is true when the caller's tenant is the MSP's home tenant.
	Home bool
}

// ID returns the identifier the audit trail records for the caller: the
// object id of a user, or the client id of an application.
func (p *Principal) ID() string {
	if p.Claims.IsApp() {
		return "app:" + p.Claims.AppID
	}
	return p.Claims.ObjectID
}

// DisplayName returns the caller's name as the token states it.
func (p *Principal) DisplayName() string {
	if p.Claims.Name != "" {
		return p.Claims.Name
	}
	if p.Claims.PreferredUsername != "" {
		return p.Claims.PreferredUsername
	}
	return p.ID()
}

// Authorizer answers permission checks.
type Authorizer interface {
	// Permissions returns what the principal may do anywhere; an empty result
	// means the caller is signed in but has no access.
	Permissions(p *Principal) []Permission
	// Allowed reports whether the principal holds perm.
	Allowed(p *Principal, perm Permission) bool
}

// Bootstrap grants every permission to home-tenant callers whose object id
// or user principal name is in the list, and nothing to anyone else.
type Bootstrap struct {
	admins map[string]bool
}

// NewBootstrap returns an authorizer for the given object ids and user
// principal names (compared case-insensitively).
func NewBootstrap(admins []string) *Bootstrap {
	b := &Bootstrap{admins: map[string]bool{}}
	for _, a := range admins {
		b.admins[strings.ToLower(strings.TrimSpace(a))] = true
	}
	return b
}

func (b *Bootstrap) isAdmin(p *Principal) bool {
	if p == nil || !p.Home {
		return false
	}
	c := p.Claims
	if c.ObjectID != "" && b.admins[strings.ToLower(c.ObjectID)] {
		return true
	}
	return !c.IsApp() && c.PreferredUsername != "" && b.admins[strings.ToLower(c.PreferredUsername)]
}

// Permissions implements Authorizer.
func (b *Bootstrap) Permissions(p *Principal) []Permission {
	if b.isAdmin(p) {
		return append([]Permission(nil), All...)
	}
	return []Permission{}
}

// Allowed implements Authorizer.
func (b *Bootstrap) Allowed(p *Principal, _ Permission) bool { return b.isAdmin(p) }

// None marks a route that any authenticated caller may use, such as
// GET /api/v1/me; it is never granted or checked.
const None Permission = ""
