package access

import "testing"

func TestEvaluate(t *testing.T) {
	a := TenantRef{ID: "a", Tags: []string{"Wave-1"}}
	b := TenantRef{ID: "b"}
	home := TenantRef{ID: "home"}
	tenants := []TenantRef{home, a, b}
	allow := func(s Scope, perms ...Permission) Grant {
		return Grant{AssignmentID: string(s.Type) + s.TenantID + s.Tag, RoleName: "r", Scope: s, Effect: Allow, Permissions: perms}
	}
	deny := func(s Scope, perms ...Permission) Grant {
		g := allow(s, perms...)
		g.Effect, g.AssignmentID = Deny, "deny-"+g.AssignmentID
		return g
	}
	cases := []struct {
		name    string
		subject Subject
		grants  []Grant
		perm    Permission
		tenant  string
		want    bool
	}{
		{"all-scope-allows", Subject{OwnTenantID: "home"}, []Grant{allow(Scope{Type: ScopeAll}, PeopleRead)}, PeopleRead, "b", true},
		{"tenant-scope-other-tenant", Subject{OwnTenantID: "home"}, []Grant{allow(Scope{Type: ScopeTenant, TenantID: "a"}, PeopleRead)}, PeopleRead, "b", false},
		{"tag-scope-case-insensitive", Subject{OwnTenantID: "home"}, []Grant{allow(Scope{Type: ScopeTag, Tag: "wave-1"}, PeopleRead)}, PeopleRead, "a", true},
		{"tag-scope-untagged", Subject{OwnTenantID: "home"}, []Grant{allow(Scope{Type: ScopeTag, Tag: "wave-1"}, PeopleRead)}, PeopleRead, "b", false},
		{"own-scope", Subject{OwnTenantID: "a", Customer: true}, []Grant{allow(Scope{Type: ScopeOwn}, PeopleRead)}, PeopleRead, "a", true},
		{"deny-wins", Subject{OwnTenantID: "home"}, []Grant{allow(Scope{Type: ScopeAll}, PeopleTag), deny(Scope{Type: ScopeTenant, TenantID: "a"}, PeopleTag)}, PeopleTag, "a", false},
		{"deny-elsewhere-keeps-allow", Subject{OwnTenantID: "home"}, []Grant{allow(Scope{Type: ScopeAll}, PeopleTag), deny(Scope{Type: ScopeTenant, TenantID: "a"}, PeopleTag)}, PeopleTag, "b", true},
		{"customer-never-msp-only", Subject{OwnTenantID: "a", Customer: true}, []Grant{allow(Scope{Type: ScopeOwn}, SettingsManage)}, SettingsManage, "a", false},
		{"customer-never-other-tenant", Subject{OwnTenantID: "a", Customer: true}, []Grant{allow(Scope{Type: ScopeAll}, PeopleRead)}, PeopleRead, "b", false},
		{"no-grant", Subject{OwnTenantID: "home"}, nil, PeopleRead, "home", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Evaluate(c.subject, c.grants, tenants)
			if got := e.Allowed(c.perm, c.tenant); got != c.want {
				t.Errorf("Allowed(%s, %s) = %v, want %v", c.perm, c.tenant, got, c.want)
			}
		})
	}
}

func TestEverywhereAndHoldsAcross(t *testing.T) {
	tenants := []TenantRef{{ID: "home"}, {ID: "a"}}
	allAllow := Grant{Scope: Scope{Type: ScopeAll}, Effect: Allow, Permissions: []Permission{UsersGrant, PeopleRead}}
	e := Evaluate(Subject{OwnTenantID: "home"}, []Grant{allAllow}, tenants)
	if !e.Everywhere(UsersGrant) {
		t.Error("all-scope allow is not everywhere")
	}
	if _, _, ok := e.HoldsAcross([]Permission{UsersGrant, PeopleRead}, Scope{Type: ScopeAll}, "home"); !ok {
		t.Error("holder of everything cannot grant across all tenants")
	}

	perTenant := Grant{Scope: Scope{Type: ScopeTenant, TenantID: "a"}, Effect: Allow, Permissions: []Permission{UsersGrant}}
	e = Evaluate(Subject{OwnTenantID: "home"}, []Grant{perTenant}, tenants)
	if p, _, ok := e.HoldsAcross([]Permission{UsersGrant}, Scope{Type: ScopeAll}, "home"); ok || p != UsersGrant {
		t.Errorf("tenant-scoped holder may grant everywhere: %v %s", ok, p)
	}
	if _, _, ok := e.HoldsAcross([]Permission{UsersGrant}, Scope{Type: ScopeTenant, TenantID: "a"}, "home"); !ok {
		t.Error("tenant-scoped holder cannot grant in its tenant")
	}
}

func TestBuiltinRolesUseCatalogue(t *testing.T) {
	for _, r := range Builtins {
		for _, p := range r.Permissions {
			if !Valid(p) {
				t.Errorf("built-in role %s has unknown permission %s", r.Name, p)
			}
		}
	}
	for _, p := range []Permission{AuditRead, UsersGrant, RolesManage} {
		for _, r := range Builtins {
			if r.ID == RoleMSPUser && contains(r.Permissions, p) {
				t.Errorf("MSP User holds %s", p)
			}
		}
	}
}

func contains(list []Permission, p Permission) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}
