package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/httpapi"
)

func problemType(t *testing.T, r response) string {
	t.Helper()
	p := r.problem(t)
	s, _ := p["type"].(string)
	return s
}

// TestPrivilegeEscalation tries to gain or hand out more than one holds.
func TestPrivilegeEscalation(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		f := newFixture(t, e)
		homePeople := f.members(e.home.ID)
		tenantAdminAUser := f.userOf(f.members(f.ids["A"])[1].ID)
		tadmin := f.tokens[tenantAdminA]

		var builderRole httpapi.RoleView
		f.mustDo(http.MethodPost, "/api/v1/roles", map[string]any{"name": "Role builders", "permissions": []string{"roles:manage", "roles:read", "people:read"}}, &builderRole, 201)
		builder := f.grant(homePeople[8], builderRole.ID, map[string]string{"type": "all"}, nil)

		var syncRole httpapi.RoleView
		f.mustDo(http.MethodPost, "/api/v1/roles", map[string]any{"name": "Syncers", "permissions": []string{"sync:run", "people:read"}}, &syncRole, 201)

		// An MSP technician who administers tenant A only.
		tech := f.grant(homePeople[9], access.RoleTenantAdministrator, map[string]string{"type": "tenant", "tenantId": f.ids["A"]}, nil)
		bUser := f.userOf(f.members(f.ids["B"])[1].ID)
		// A technician who administers the home tenant only, a user of the
		// home tenant, and a second MSP Administrator.
		homeAdmin := f.grant(homePeople[10], access.RoleTenantAdministrator, map[string]string{"type": "own"}, nil)
		f.grant(homePeople[11], access.RoleTenantUser, map[string]string{"type": "own"}, nil)
		homeUser := f.userOf(homePeople[11].ID)
		f.grant(homePeople[12], access.RoleMSPAdministrator, map[string]string{"type": "all"}, nil)
		wideAdmin := f.userOf(homePeople[12].ID)

		cases := []struct {
			name   string
			token  string
			method string
			path   string
			body   any
			status int
			typ    string
		}{
			{"self-grant-role", tadmin, http.MethodPost, "/api/v1/role-assignments", map[string]any{"items": []map[string]any{
				{"principalType": "user", "principalId": tenantAdminAUser, "roleId": access.RoleTenantAdministrator, "scope": map[string]string{"type": "tenant", "tenantId": f.ids["A"]}}}},
				403, "self-change"},
			{"grant-role-with-permission-not-held", tadmin, http.MethodPost, "/api/v1/users", map[string]any{"personIds": []string{f.takeFresh().ID},
				"assignments": []map[string]any{{"roleId": syncRole.ID, "scope": map[string]string{"type": "own"}}}},
				403, "privilege-escalation"},
			{"build-role-with-permission-not-held", builder, http.MethodPost, "/api/v1/roles", map[string]any{"name": "Escalate", "permissions": []string{"users:grant"}},
				403, "privilege-escalation"},
			{"customer-user-outside-own-tenant", tadmin, http.MethodPost, "/api/v1/role-assignments", map[string]any{"items": []map[string]any{
				{"principalType": "user", "principalId": f.ids["userA"], "roleId": access.RoleTenantUser, "scope": map[string]string{"type": "tenant", "tenantId": f.ids["B"]}}}},
				422, "validation"},
			{"customer-user-other-tenant-by-msp", f.admin, http.MethodPost, "/api/v1/role-assignments", map[string]any{"items": []map[string]any{
				{"principalType": "user", "principalId": f.ids["userA"], "roleId": access.RoleTenantUser, "scope": map[string]string{"type": "tenant", "tenantId": f.ids["B"]}}}},
				422, "customer-scope"},
			{"customer-user-msp-only-role", f.admin, http.MethodPost, "/api/v1/role-assignments", map[string]any{"items": []map[string]any{
				{"principalType": "user", "principalId": f.ids["userA"], "roleId": access.RoleMSPAdministrator, "scope": map[string]string{"type": "own"}}}},
				422, "customer-scope"},
			{"technician-assigns-in-other-tenant", tech, http.MethodPost, "/api/v1/role-assignments", map[string]any{"items": []map[string]any{
				{"principalType": "user", "principalId": bUser, "roleId": access.RoleTenantUser, "scope": map[string]string{"type": "own"}}}},
				404, "not-found"},
			{"technician-grants-role-not-held", tech, http.MethodPost, "/api/v1/users", map[string]any{"personIds": []string{f.takeFresh().ID},
				"assignments": []map[string]any{{"roleId": syncRole.ID, "scope": map[string]string{"type": "own"}}}},
				403, "privilege-escalation"},
			{"tag-scope-beyond-own-tenants", tech, http.MethodPost, "/api/v1/users", map[string]any{"personIds": []string{f.takeFresh().ID},
				"assignments": []map[string]any{{"roleId": access.RoleTenantUser, "scope": map[string]string{"type": "tag", "tag": "future"}}}},
				422, "customer-scope"},
			{"home-technician-tag-scope", homeAdmin, http.MethodPost, "/api/v1/role-assignments", map[string]any{"items": []map[string]any{
				{"principalType": "user", "principalId": homeUser, "roleId": access.RoleTenantUser, "scope": map[string]string{"type": "tag", "tag": "future"}}}},
				403, "privilege-escalation"},
			{"narrow-admin-disables-wide-admin", homeAdmin, http.MethodPost, "/api/v1/users/" + wideAdmin + "/disable", map[string]string{"reason": "coup"},
				403, "privilege-escalation"},
			{"narrow-admin-denies-wide-admin", homeAdmin, http.MethodPost, "/api/v1/role-assignments", map[string]any{"items": []map[string]any{
				{"principalType": "user", "principalId": wideAdmin, "roleId": access.RoleTenantUser, "scope": map[string]string{"type": "own"}, "effect": "deny"}}},
				403, "privilege-escalation"},
			{"tenant-admin-B-reaches-A", f.tokens[tenantAdminB], http.MethodPost, "/api/v1/users/" + f.ids["userA"] + "/disable", map[string]string{"reason": "x"},
				404, "not-found"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.do(c.method, c.path, c.token, c.body)
				if r.Status != c.status {
					t.Fatalf("status = %d, want %d: %s", r.Status, c.status, r.Body)
				}
				if got := problemType(t, r); got != "urn:roster:problem:"+c.typ {
					t.Errorf("type = %s, want %s", got, c.typ)
				}
			})
		}
	})
}

// TestLastAdministrator checks that the last user able to manage users and
// roles everywhere cannot be disabled, expired, removed or stripped.
func TestLastAdministrator(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		f := newFixture(t, e)
		homePeople := f.members(e.home.ID)
		// A second administrator, and a user manager who is not one.
		f.grant(homePeople[8], access.RoleMSPAdministrator, map[string]string{"type": "all"}, nil)
		second := f.userOf(homePeople[8].ID)
		// The actor is an MSP Administrator whose own access expires, so it
		// does not count as a lasting administrator.
		f.mustDo(http.MethodPost, "/api/v1/users", map[string]any{"personIds": []string{homePeople[9].ID}, "expiresAt": time.Now().Add(24 * time.Hour).UTC(),
			"assignments": []map[string]any{{"roleId": access.RoleMSPAdministrator, "scope": map[string]string{"type": "all"}}}}, nil, 201)
		manager := e.token(homePeople[9].UserPrincipalName)
		megan := f.userOf(f.personByUPN(adminUPN))

		// With two administrators, one can go.
		r := e.do(http.MethodPost, "/api/v1/users/"+megan+"/disable", manager, map[string]string{"reason": "rotation"})
		if r.Status != 200 {
			t.Fatalf("disable one of two administrators = %d %s", r.Status, r.Body)
		}

		var user httpapi.UserView
		e.do(http.MethodGet, "/api/v1/users/"+second, manager, nil).json(t, &user)
		var list httpapi.AssignmentList
		e.do(http.MethodGet, "/api/v1/role-assignments?userId="+second, manager, nil).json(t, &list)
		cases := []struct {
			name    string
			method  string
			path    string
			body    any
			headers []string
		}{
			{"disable", http.MethodPost, "/api/v1/users/" + second + "/disable", map[string]string{"reason": "x"}, nil},
			{"expire", http.MethodPatch, "/api/v1/users/" + second, map[string]any{"expiresAt": time.Now().Add(time.Hour).UTC()}, []string{"If-Match", user.ETag}},
			{"bulk-expire", http.MethodPost, "/api/v1/users/bulk-expiry", map[string]any{"userIds": []string{second}, "expiresAt": time.Now().Add(time.Hour).UTC()}, nil},
			{"remove", http.MethodDelete, "/api/v1/users/" + second, nil, nil},
			{"strip-role", http.MethodDelete, "/api/v1/role-assignments/" + list.Items[0].ID, nil, nil},
			{"deny-role", http.MethodPost, "/api/v1/role-assignments", map[string]any{"items": []map[string]any{
				{"principalType": "user", "principalId": second, "roleId": access.RoleTenantAdministrator, "scope": map[string]string{"type": "all"}, "effect": "deny"}}}, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.do(c.method, c.path, manager, c.body, c.headers...)
				if r.Status != 409 || problemType(t, r) != "urn:roster:problem:last-administrator" {
					t.Errorf("status = %d, want 409 last-administrator: %s", r.Status, r.Body)
				}
			})
		}
		if r := e.do(http.MethodGet, "/api/v1/users/"+second, manager, nil); !contains(r.Body, `"status":"active"`) {
			t.Errorf("last administrator changed: %s", r.Body)
		}
	})
}

// TestTenantScoping checks that a tenant's users see nothing of other tenants.
func TestTenantScoping(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		f := newFixture(t, e)
		var people httpapi.PersonList
		e.do(http.MethodGet, "/api/v1/people?limit=200", f.tokens[tenantUserA], nil).json(t, &people)
		if len(people.Items) == 0 {
			t.Fatal("tenant user of A sees no people")
		}
		for _, p := range people.Items {
			if p.TenantID != f.ids["A"] {
				t.Fatalf("tenant user of A sees %s of tenant %s", p.DisplayName, p.TenantName)
			}
		}
		var tenants httpapi.TenantList
		e.do(http.MethodGet, "/api/v1/tenants", f.tokens[tenantUserA], nil).json(t, &tenants)
		if len(tenants.Items) != 1 || tenants.Items[0].ID != f.ids["A"] {
			t.Errorf("tenant user of A lists tenants %+v", tenants.Items)
		}
		var b httpapi.PersonList
		e.do(http.MethodGet, "/api/v1/people?tenantId="+f.ids["B"], f.tokens[tenantUserA], nil).json(t, &b)
		if len(b.Items) != 0 {
			t.Errorf("filtering on tenant B returned %d people", len(b.Items))
		}
		var me httpapi.MeView
		e.do(http.MethodGet, "/api/v1/me", f.tokens[tenantUserA], nil).json(t, &me)
		if len(me.AllTenants) != 0 || len(me.Tenants) != 1 || me.Tenants[0].TenantID != f.ids["A"] {
			t.Errorf("me of tenant user = %+v", me)
		}
		var expired httpapi.MeView
		e.do(http.MethodGet, "/api/v1/me", f.tokens[expiredUser], nil).json(t, &expired)
		if expired.IsUser || expired.Access.Status != "user-expired" || expired.Access.ExpiresAt == nil {
			t.Errorf("me of expired user = %+v", expired)
		}
	})
}

// TestExplainAccess checks that the deny and the assignment that wins are named.
func TestExplainAccess(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		f := newFixture(t, e)
		denied := f.userOf(f.members(f.ids["A"])[3].ID)
		var ex httpapi.AccessExplanation
		r := e.do(http.MethodGet, "/api/v1/users/"+denied+"/access?tenantId="+f.ids["A"], f.admin, nil)
		r.json(t, &ex)
		found := 0
		for _, p := range ex.Permissions {
			switch p.Permission {
			case "people:tag":
				found++
				if p.Allowed || len(p.Denies) != 1 || len(p.Allows) != 1 || p.Winner == nil || *p.Winner != p.Denies[0].ID {
					t.Errorf("people:tag = %+v", p)
				}
			case "people:read":
				found++
				if !p.Allowed || p.Winner == nil {
					t.Errorf("people:read = %+v", p)
				}
			case "roles:manage":
				found++
				if p.Allowed {
					t.Errorf("roles:manage allowed for a customer user")
				}
			}
		}
		if found != 3 {
			t.Errorf("explanation lacks permissions: %s", r.Body)
		}
	})
}

func contains(b []byte, s string) bool { return len(b) > 0 && stringIndex(string(b), s) >= 0 }

func stringIndex(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func (f *fixture) personByUPN(upn string) string {
	f.t.Helper()
	var id string
	if err := f.e.db.Gorm.Table("people").Where("lower(user_principal_name) = lower(?)", upn).Pluck("id", &id).Error; err != nil || id == "" {
		f.t.Fatalf("no person %s", upn)
	}
	return id
}
