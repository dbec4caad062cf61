package access

import (
	"fmt"
	"strings"
)

// ScopeType is the kind of tenant set an assignment covers.
type ScopeType string

// Scope types.
const (
	ScopeAll    ScopeType = "all"    // every tenant, present and future
	ScopeTenant ScopeType = "tenant" // one tenant
	ScopeTag    ScopeType = "tag"    // the tenants carrying a tag
	ScopeOwn    ScopeType = "own"    // the holder's own tenant
)

// Scope is the tenants an assignment applies to.
type Scope struct {
	Type     ScopeType
	TenantID string // for ScopeTenant
	Tag      string // for ScopeTag
}

// String returns the scope as people read it.
func (s Scope) String() string {
	switch s.Type {
	case ScopeTenant:
		return "tenant " + s.TenantID
	case ScopeTag:
		return "tenants tagged " + s.Tag
	case ScopeOwn:
		return "own tenant"
	}
	return "all tenants"
}

// Validate checks that the scope's fields fit its type.
func (s Scope) Validate() error {
	switch s.Type {
	case ScopeAll, ScopeOwn:
		if s.TenantID != "" || s.Tag != "" {
			return fmt.Errorf("scope %q takes neither tenantId nor tag", s.Type)
		}
	case ScopeTenant:
		if s.TenantID == "" || s.Tag != "" {
			return fmt.Errorf("scope tenant needs tenantId and no tag")
		}
	case ScopeTag:
		if strings.TrimSpace(s.Tag) == "" || s.TenantID != "" {
			return fmt.Errorf("scope tag needs tag and no tenantId")
		}
	default:
		return fmt.Errorf("scope type %q is not one of all, tenant, tag, own", s.Type)
	}
	return nil
}

// Covers reports whether the scope includes tenant t for a holder whose own
// tenant is own.
func (s Scope) Covers(t TenantRef, own string) bool {
	switch s.Type {
	case ScopeAll:
		return true
	case ScopeTenant:
		return s.TenantID == t.ID
	case ScopeOwn:
		return own != "" && own == t.ID
	case ScopeTag:
		for _, tag := range t.Tags {
			if strings.EqualFold(tag, s.Tag) {
				return true
			}
		}
	}
	return false
}

// Effect is allow or deny; a deny wins.
type Effect string

// Effects.
const (
	Allow Effect = "allow"
	Deny  Effect = "deny"
)

// Grant is one role assignment with its role's permissions.
type Grant struct {
	AssignmentID string
	RoleID       string
	RoleName     string
	Scope        Scope
	Effect       Effect
	Permissions  []Permission
}

func (g Grant) has(p Permission) bool {
	for _, q := range g.Permissions {
		if q == p {
			return true
		}
	}
	return false
}

// TenantRef is a tenant as evaluation sees it: its id and tags.
type TenantRef struct {
	ID   string
	Tags []string
}

// Subject is the holder of the grants.
type Subject struct {
	// OwnTenantID is the Roster tenant the holder belongs to.
	OwnTenantID string
	// Customer is true for holders from a customer tenant: they hold
	// permissions only in their own tenant and never MSP-only ones.
	Customer bool
}

// Effective is the set of permissions a subject holds in each tenant.
type Effective struct {
	subject  Subject
	grants   []Grant
	tenants  []TenantRef
	allowed  map[string]map[Permission]bool
	everyOne map[Permission]bool
}

// Evaluate computes the subject's permissions in every tenant: the allows of
// the grants covering a tenant minus their denies.
func Evaluate(subject Subject, grants []Grant, tenants []TenantRef) *Effective {
	e := &Effective{subject: subject, grants: grants, tenants: tenants, allowed: map[string]map[Permission]bool{}}
	for _, t := range tenants {
		set := map[Permission]bool{}
		for _, p := range All {
			if e.decide(t, p).Allowed {
				set[p] = true
			}
		}
		if len(set) > 0 {
			e.allowed[t.ID] = set
		}
	}
	e.everyOne = e.computeEverywhere()
	return e
}

// Decision explains one permission in one tenant.
type Decision struct {
	Allowed bool
	Allows  []Grant // covering grants that allow it
	Denies  []Grant // covering grants that deny it
	// Reason is the explanation, in a sentence for administrators.
	Reason string
}

func (e *Effective) decide(t TenantRef, p Permission) Decision {
	var d Decision
	if e.subject.Customer && MSPOnly(p) {
		d.Reason = "only users of the MSP's own tenant can hold this permission"
		return d
	}
	if e.subject.Customer && t.ID != e.subject.OwnTenantID {
		d.Reason = "a customer tenant's user holds permissions only in their own tenant"
		return d
	}
	for _, g := range e.grants {
		if !g.has(p) || !g.Scope.Covers(t, e.subject.OwnTenantID) {
			continue
		}
		if g.Effect == Deny {
			d.Denies = append(d.Denies, g)
		} else {
			d.Allows = append(d.Allows, g)
		}
	}
	switch {
	case len(d.Denies) > 0:
		d.Reason = fmt.Sprintf("denied by the %s role assignment (%s); a deny wins over any allow", d.Denies[0].RoleName, d.Denies[0].Scope)
	case len(d.Allows) > 0:
		d.Allowed = true
		d.Reason = fmt.Sprintf("allowed by the %s role assignment (%s)", d.Allows[0].RoleName, d.Allows[0].Scope)
	default:
		d.Reason = "no role assignment covering this tenant grants it"
	}
	return d
}

// computeEverywhere returns the permissions held through an all-tenant allow
// with no deny anywhere, which also covers tenants created later.
func (e *Effective) computeEverywhere() map[Permission]bool {
	out := map[Permission]bool{}
	if e.subject.Customer {
		return out
	}
	for _, g := range e.grants {
		if g.Effect == Allow && g.Scope.Type == ScopeAll {
			for _, p := range g.Permissions {
				out[p] = true
			}
		}
	}
	for _, g := range e.grants {
		if g.Effect == Deny {
			for _, p := range g.Permissions {
				delete(out, p)
			}
		}
	}
	return out
}

// Explain returns the decision for p in tenant t.
func (e *Effective) Explain(t TenantRef, p Permission) Decision { return e.decide(t, p) }

// Allowed reports whether p is held in the tenant.
func (e *Effective) Allowed(p Permission, tenantID string) bool { return e.allowed[tenantID][p] }

// Any reports whether p is held in at least one tenant.
func (e *Effective) Any(p Permission) bool {
	for _, set := range e.allowed {
		if set[p] {
			return true
		}
	}
	return e.everyOne[p]
}

// Everywhere reports whether p is held in every tenant, present and future.
func (e *Effective) Everywhere(p Permission) bool { return e.everyOne[p] }

// Tenants returns the ids of the tenants where p is held.
func (e *Effective) Tenants(p Permission) []string {
	out := []string{}
	for _, t := range e.tenants {
		if e.allowed[t.ID][p] {
			out = append(out, t.ID)
		}
	}
	return out
}

// InTenant returns the permissions held in a tenant.
func (e *Effective) InTenant(tenantID string) []Permission { return Sorted(e.allowed[tenantID]) }

// Union returns every permission held somewhere.
func (e *Effective) Union() []Permission {
	set := map[Permission]bool{}
	for _, s := range e.allowed {
		for p := range s {
			set[p] = true
		}
	}
	for p := range e.everyOne {
		set[p] = true
	}
	return Sorted(set)
}

// EverywhereList returns the permissions held in every tenant.
func (e *Effective) EverywhereList() []Permission { return Sorted(e.everyOne) }

// Covered returns the tenants a scope covers for this subject.
func (e *Effective) Covered(s Scope) []TenantRef {
	var out []TenantRef
	for _, t := range e.tenants {
		if s.Covers(t, e.subject.OwnTenantID) {
			out = append(out, t)
		}
	}
	return out
}

// HoldsAcross reports whether the subject holds every permission in every
// tenant the scope covers. For an all-tenant or tag scope it must hold them
// everywhere, so that granting cannot reach tenants created or tagged later. It
// returns the first permission and tenant that fail.
func (e *Effective) HoldsAcross(perms []Permission, s Scope, holderOwnTenant string) (Permission, string, bool) {
	for _, p := range perms {
		// A tag covers every tenant that will ever carry it, so granting
		// with one needs the permission everywhere, as an all-tenant scope does.
		if (s.Type == ScopeAll || s.Type == ScopeTag) && !e.everyOne[p] {
			return p, "", false
		}
		for _, t := range e.tenants {
			if s.Covers(t, holderOwnTenant) && !e.allowed[t.ID][p] {
				return p, t.ID, false
			}
		}
	}
	return "", "", true
}
