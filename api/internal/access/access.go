// Package access holds Roster's authorization model: the permission
// catalogue, the built-in roles, and the evaluation of role assignments into
// the permissions a caller holds in each tenant. It has no storage; package
// iam loads assignments and calls it.
package access

import (
	"github.com/rosterhq/roster/api/internal/auth"
)

// Permission is a verb on a resource, written resource:action.
type Permission string

// None marks a route that any authenticated caller may use, such as
// GET /api/v1/me; it is never granted or checked.
const None Permission = ""

// Principal is the authenticated caller of a request, before the lookup of
// its user or API client record.
type Principal struct {
	Claims *auth.Claims
	// Home is true when the caller's tenant is the MSP's home tenant.
	Home bool
}

// ID returns the identifier the audit trail records for the caller: the
// object id of a user, or "app:" and the client id of an application.
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
