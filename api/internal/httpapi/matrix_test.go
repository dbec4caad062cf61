package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/devidp"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/httpapi"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/settings"
)

// The principals of the matrix, in the column order of the expectations.
const (
	mspAdmin = iota
	mspUser
	auditor
	tenantAdminA
	tenantUserA
	tenantAdminB
	deniedTagA // Tenant Administrator of A with people:tag denied there
	expiredUser
	disabledUser
	suspendedUser // person disabled upstream
	apiReader     // API client holding Auditor in all tenants
	notAUser
	principalCount
)

var principalNames = [principalCount]string{"msp-admin", "msp-user", "auditor", "tenant-admin-A", "tenant-user-A",
	"tenant-admin-B", "denied-tag-A", "expired", "disabled", "suspended", "api-reader", "not-a-user"}

// matrixRoute is one route of the table: how to make a request for it and
// the status each principal gets, in principal order.
type matrixRoute struct {
	prepare func(f *fixture) (path string, body any, headers []string)
	expect  string
}

// matrix lists every API route. A route missing here fails the test: add a
// line with the status each principal must get.
var matrix = map[string]matrixRoute{
	//                                                                  adm uA  aud tAA tUA tAB dnA exp dis sus api non
	"GET /api/v1/me":                            {get("/api/v1/me"), "200 200 200 200 200 200 200 200 200 200 200 200"},
	"GET /api/v1/tenants":                       {get("/api/v1/tenants"), "200 200 200 200 200 200 200 403 403 403 200 403"},
	"POST /api/v1/tenants":                      {newTenant, "201 403 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/tenants/:id":                   {get("/api/v1/tenants/{A}"), "200 200 200 200 200 404 200 403 403 403 200 403"},
	"PATCH /api/v1/tenants/:id":                 {patchTenantA, "200 403 403 403 403 403 403 403 403 403 403 403"},
	"POST /api/v1/tenants/:id/sync":             {post("/api/v1/tenants/{A}/sync", nil), "202 202 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/tenants/:id/sync-runs":         {get("/api/v1/tenants/{A}/sync-runs"), "200 200 200 200 403 404 200 403 403 403 200 403"},
	"GET /api/v1/sync-runs/:id":                 {get("/api/v1/sync-runs/{run}"), "200 200 200 200 403 404 200 403 403 403 200 403"},
	"POST /api/v1/sync-runs/:id/confirm":        {post("/api/v1/sync-runs/{run}/confirm", nil), "409 403 403 403 403 403 403 403 403 403 403 403"},
	"POST /api/v1/sync-runs/:id/discard":        {post("/api/v1/sync-runs/{run}/discard", nil), "409 403 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/sync-runs/:id/pending-changes": {get("/api/v1/sync-runs/{run}/pending-changes"), "200 200 200 200 403 404 200 403 403 403 200 403"},
	"POST /api/v1/sync":                         {post("/api/v1/sync", nil), "202 202 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/sync-health":                   {get("/api/v1/sync-health"), "200 200 200 200 403 200 200 403 403 403 200 403"},
	"POST /api/v1/tenants/:id/check-consent":    {post("/api/v1/tenants/{A}/check-consent", nil), "200 200 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/customer-discovery":            {get("/api/v1/customer-discovery"), "200 403 403 403 403 403 403 403 403 403 403 403"},
	"POST /api/v1/customer-discovery/link":      {post("/api/v1/customer-discovery/link", map[string]bool{"all": true}), "200 403 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/people":                        {get("/api/v1/people"), "200 200 200 200 200 200 200 403 403 403 200 403"},
	"GET /api/v1/people/:id":                    {get("/api/v1/people/{personA}"), "200 200 200 200 200 404 200 403 403 403 200 403"},
	"PATCH /api/v1/people/:id":                  {tagPersonA, "200 200 403 200 403 404 403 403 403 403 403 403"},
	"GET /api/v1/permissions":                   {get("/api/v1/permissions"), "200 200 200 200 403 200 200 403 403 403 200 403"},
	"GET /api/v1/roles":                         {get("/api/v1/roles"), "200 200 200 200 403 200 200 403 403 403 200 403"},
	"POST /api/v1/roles":                        {newRole, "201 403 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/roles/:id":                     {get("/api/v1/roles/{role}"), "200 200 200 200 403 200 200 403 403 403 200 403"},
	"PATCH /api/v1/roles/:id":                   {patchRole, "200 403 403 403 403 403 403 403 403 403 403 403"},
	"DELETE /api/v1/roles/:id":                  {deleteFreshRole, "204 403 403 403 403 403 403 403 403 403 403 403"},
	"POST /api/v1/roles/:id/clone":              {cloneRole, "201 403 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/users":                         {get("/api/v1/users"), "200 200 200 200 403 200 200 403 403 403 200 403"},
	"POST /api/v1/users":                        {grantFreshPerson, "201 403 403 201 403 404 201 403 403 403 403 403"},
	"POST /api/v1/users/bulk-expiry":            {bulkExpiry, "200 403 403 200 403 404 200 403 403 403 403 403"},
	"GET /api/v1/users/:id":                     {get("/api/v1/users/{userA}"), "200 200 200 200 403 404 200 403 403 403 200 403"},
	"PATCH /api/v1/users/:id":                   {patchUserA, "200 403 403 200 403 404 200 403 403 403 403 403"},
	"DELETE /api/v1/users/:id":                  {removeFreshUser, "204 403 403 204 403 404 204 403 403 403 403 403"},
	"POST /api/v1/users/:id/disable":            {disableUserA, "200 403 403 200 403 404 200 403 403 403 403 403"},
	"POST /api/v1/users/:id/enable":             {enableUserA, "200 403 403 200 403 404 200 403 403 403 403 403"},
	"GET /api/v1/users/:id/access":              {get("/api/v1/users/{userA}/access?tenantId={A}"), "200 200 200 200 403 404 200 403 403 403 200 403"},
	"GET /api/v1/role-assignments":              {get("/api/v1/role-assignments"), "200 200 200 200 403 200 200 403 403 403 200 403"},
	"POST /api/v1/role-assignments":             {assignFreshUser, "201 403 403 201 403 404 201 403 403 403 403 403"},
	"POST /api/v1/role-assignments/bulk-delete": {bulkDeleteAssignment, "204 403 403 204 403 404 204 403 403 403 403 403"},
	"DELETE /api/v1/role-assignments/:id":       {deleteAssignment, "204 403 403 204 403 404 204 403 403 403 403 403"},
	"GET /api/v1/impersonation-sessions":        {get("/api/v1/impersonation-sessions"), "200 200 200 200 403 200 200 403 403 403 200 403"},
	"POST /api/v1/impersonation-sessions":       {startImpersonation, "201 403 403 403 403 403 403 403 403 403 403 403"},
	"DELETE /api/v1/impersonation-sessions/:id": {stopImpersonation, "204 403 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/audit-events":                  {get("/api/v1/audit-events"), "200 403 200 200 403 200 200 403 403 403 200 403"},
	"GET /api/v1/audit-events/export":           {get("/api/v1/audit-events/export?format=ndjson"), "200 403 200 200 403 200 200 403 403 403 200 403"},
	"POST /api/v1/access-requests":              {post("/api/v1/access-requests", map[string]string{"justification": "matrix"}), "409 409 409 409 409 409 409 201 409 409 403 201"},
	"GET /api/v1/access-requests/mine":          {get("/api/v1/access-requests/mine"), "200 200 200 200 200 200 200 200 200 200 200 200"},
	"POST /api/v1/access-requests/:id/withdraw": {withdrawNotAUsersRequest, "404 404 404 404 404 404 404 404 404 404 404 200"},
	"GET /api/v1/access-requests":               {get("/api/v1/access-requests"), "200 200 200 200 403 200 200 403 403 403 200 403"},
	"GET /api/v1/access-requests/pending-count": {get("/api/v1/access-requests/pending-count"), "200 200 200 200 403 200 200 403 403 403 200 403"},
	"GET /api/v1/access-requests/:id":           {getRequestA, "200 200 200 200 403 404 200 403 403 403 200 403"},
	"POST /api/v1/access-requests/:id/grant":    {grantFreshRequest, "200 403 403 200 403 404 200 403 403 403 403 403"},
	"POST /api/v1/access-requests/:id/deny":     {denyFreshRequest, "200 403 403 200 403 404 200 403 403 403 403 403"},
	"GET /api/v1/events":                        {get("/api/v1/events?timeout=50ms"), "200 200 200 200 200 200 200 200 403 403 200 200"},
	"GET /api/v1/settings":                      {get("/api/v1/settings"), "200 200 200 403 403 403 403 403 403 403 200 403"},
	"PATCH /api/v1/settings":                    {patchSettings, "200 403 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/api-clients":                   {get("/api/v1/api-clients"), "200 200 200 403 403 403 403 403 403 403 200 403"},
	"POST /api/v1/api-clients":                  {newClient, "201 403 403 403 403 403 403 403 403 403 403 403"},
	"GET /api/v1/api-clients/:id":               {get("/api/v1/api-clients/{client}"), "200 200 200 403 403 403 403 403 403 403 200 403"},
	"PATCH /api/v1/api-clients/:id":             {patchClient, "200 403 403 403 403 403 403 403 403 403 403 403"},
	"DELETE /api/v1/api-clients/:id":            {deleteFreshClient, "204 403 403 403 403 403 403 403 403 403 403 403"},
}

// TestAuthorizationMatrix runs every API route as every kind of principal.
func TestAuthorizationMatrix(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		f := newFixture(t, e)
		s := httpapi.New(httpapi.Deps{Logger: dbtestLogger()})
		for _, r := range s.Routes() {
			key := r.Method + " " + r.Path
			route, ok := matrix[key]
			if !ok {
				t.Errorf("%s is not in the authorization matrix; add it with the status each principal gets", key)
				continue
			}
			want := strings.Fields(route.expect)
			if len(want) != principalCount {
				t.Fatalf("%s: %d expectations, want %d", key, len(want), principalCount)
			}
			for p := 0; p < principalCount; p++ {
				path, body, headers := route.prepare(f)
				resp := e.do(r.Method, path, f.tokens[p], body, headers...)
				if got := strconv.Itoa(resp.Status); got != want[p] {
					t.Errorf("%s as %s = %s, want %s: %.300s", key, principalNames[p], got, want[p], resp.Body)
				}
			}
		}
		for key := range matrix {
			if !hasRoute(s.Routes(), key) {
				t.Errorf("matrix lists %s, which the router does not have", key)
			}
		}
	})
}

func hasRoute(routes []httpapi.Route, key string) bool {
	for _, r := range routes {
		if r.Method+" "+r.Path == key {
			return true
		}
	}
	return false
}

// fixture holds the tenants, people, users and tokens of the matrix.
type fixture struct {
	t      *testing.T
	e      *env
	admin  string
	tokens [principalCount]string
	ids    map[string]string
	// fresh lists people of tenant A with no access yet, used up by routes
	// that consume one.
	fresh []httpapi.PersonView
	seq   int
}

func newFixture(t *testing.T, e *env) *fixture {
	t.Helper()
	f := &fixture{t: t, e: e, admin: e.token(adminUPN), ids: map[string]string{}}
	a := createFabrikam(t, e, f.admin)
	f.ids["A"] = a.ID
	var b httpapi.TenantView
	f.mustDo(http.MethodPost, "/api/v1/tenants", map[string]string{"name": "Tailspin Toys", "entraTenantId": devdirectory.TailspinTenantID}, &b, 201)
	f.ids["B"] = b.ID
	var home struct{ ID string }
	f.ids["home"] = e.home.ID
	_ = home

	demo := devdirectory.NewDemo()
	f.seed(devdirectory.HomeTenantID, e.home.ID, demo)
	f.seed(devdirectory.FabrikamTenantID, a.ID, demo)
	f.seed(devdirectory.TailspinTenantID, b.ID, demo)

	homePeople := f.members(e.home.ID)
	aPeople := f.members(a.ID)
	bPeople := f.members(b.ID)
	f.ids["personA"] = aPeople[0].ID

	var run httpapi.SyncRunView
	f.mustDo(http.MethodPost, "/api/v1/tenants/"+a.ID+"/sync", nil, &run, 202)
	f.ids["run"] = run.ID

	var taggers httpapi.RoleView
	f.mustDo(http.MethodPost, "/api/v1/roles", map[string]any{"name": "Taggers", "permissions": []string{"people:tag"}}, &taggers, 201)
	f.ids["role"] = taggers.ID

	all := map[string]string{"type": "all"}
	own := map[string]string{"type": "own"}
	f.tokens[mspAdmin] = f.admin
	f.tokens[mspUser] = f.grant(homePeople[1], access.RoleMSPUser, all, nil)
	f.tokens[auditor] = f.grant(homePeople[2], access.RoleAuditor, all, nil)
	f.tokens[tenantAdminA] = f.grant(aPeople[1], access.RoleTenantAdministrator, own, nil)
	f.tokens[tenantUserA] = f.grant(aPeople[2], access.RoleTenantUser, own, nil)
	f.tokens[tenantAdminB] = f.grant(bPeople[1], access.RoleTenantAdministrator, own, nil)
	f.tokens[deniedTagA] = f.grant(aPeople[3], access.RoleTenantAdministrator, own,
		[]map[string]any{{"roleId": taggers.ID, "scope": own, "effect": "deny"}})
	f.tokens[expiredUser] = f.grant(homePeople[4], access.RoleMSPUser, all, nil)
	f.tokens[disabledUser] = f.grant(homePeople[5], access.RoleMSPUser, all, nil)
	f.tokens[suspendedUser] = f.grant(homePeople[6], access.RoleMSPUser, all, nil)
	f.tokens[notAUser] = e.token(homePeople[7].UserPrincipalName)

	expired := f.userOf(homePeople[4].ID)
	if err := e.db.Gorm.Exec("UPDATE users SET expires_at = ? WHERE id = ?", time.Now().UTC().Add(-time.Hour), expired).Error; err != nil {
		t.Fatal(err)
	}
	f.mustDo(http.MethodPost, "/api/v1/users/"+f.userOf(homePeople[5].ID)+"/disable", map[string]string{"reason": "left"}, nil, 200)
	if err := e.db.Gorm.Exec("UPDATE people SET status = 'disabled', account_enabled = false WHERE id = ?", homePeople[6].ID).Error; err != nil {
		t.Fatal(err)
	}

	var client httpapi.APIClientView
	f.mustDo(http.MethodPost, "/api/v1/api-clients", map[string]string{"clientId": scriptAppID, "displayName": "Reporting script"}, &client, 201)
	f.ids["client"] = client.ID
	f.mustDo(http.MethodPost, "/api/v1/role-assignments", map[string]any{"items": []map[string]any{
		{"principalType": "client", "principalId": client.ID, "roleId": access.RoleAuditor, "scope": all}}}, nil, 201)
	tok, err := e.provider.MintAccessToken(devidp.MintOptions{App: scriptAppID})
	if err != nil {
		t.Fatal(err)
	}
	f.tokens[apiReader] = tok

	f.fresh = aPeople[10:]
	f.ids["userA"] = f.grantUser(f.takeFresh(), access.RoleTenantUser)
	f.ids["impTarget"] = f.grantUser(f.takeFresh(), access.RoleTenantUser)
	return f
}

func (f *fixture) mustDo(method, path string, body, out any, status int) response {
	f.t.Helper()
	r := f.e.do(method, path, f.admin, body)
	if r.Status != status {
		f.t.Fatalf("%s %s = %d, want %d: %s", method, path, r.Status, status, r.Body)
	}
	if out != nil {
		r.json(f.t, out)
	}
	return r
}

// seed writes the demo directory's people of one tenant, as a sync would.
func (f *fixture) seed(entraTID, tenantID string, demo *devdirectory.Directory) {
	f.t.Helper()
	users, err := demo.Users(entraTID)
	if err != nil {
		f.t.Fatal(err)
	}
	page := make([]directory.User, 0, len(users))
	for _, u := range users {
		u := u
		enabled := u.Enabled()
		page = append(page, directory.User{ObjectID: u.ID, DisplayName: &u.DisplayName, UserPrincipalName: &u.UserPrincipalName,
			Mail: &u.Mail, AccountEnabled: &enabled, UserType: &u.UserType})
	}
	_, err = person.ApplyPage(context.Background(), f.e.db.Gorm, person.SyncTarget{TenantID: tenantID, EntraTenantID: entraTID, RunID: "00000000-0000-0000-0000-0000000000ff"}, page, time.Now().UTC())
	if err != nil {
		f.t.Fatal(err)
	}
}

// members returns the enabled members of a tenant, not guests, excluding
// the bootstrap administrator.
func (f *fixture) members(tenantID string) []httpapi.PersonView {
	f.t.Helper()
	var out []httpapi.PersonView
	path := "/api/v1/people?status=enabled&limit=200&tenantId=" + tenantID
	var list httpapi.PersonList
	f.mustDo(http.MethodGet, path, nil, &list, 200)
	for _, p := range list.Items {
		if !p.Guest && !strings.EqualFold(p.UserPrincipalName, adminUPN) {
			out = append(out, p)
		}
	}
	return out
}

func (f *fixture) grant(p httpapi.PersonView, roleID string, scope map[string]string, extra []map[string]any) string {
	f.t.Helper()
	assignments := append([]map[string]any{{"roleId": roleID, "scope": scope}}, extra...)
	f.mustDo(http.MethodPost, "/api/v1/users", map[string]any{"personIds": []string{p.ID}, "assignments": assignments}, nil, 201)
	return f.e.token(p.UserPrincipalName)
}

func (f *fixture) userOf(personID string) string {
	f.t.Helper()
	var id string
	if err := f.e.db.Gorm.Table("users").Where("person_id = ?", personID).Pluck("id", &id).Error; err != nil || id == "" {
		f.t.Fatalf("no user for person %s: %v", personID, err)
	}
	return id
}

func (f *fixture) takeFresh() httpapi.PersonView {
	f.t.Helper()
	if len(f.fresh) == 0 {
		f.t.Fatal("out of fresh people in tenant A")
	}
	p := f.fresh[0]
	f.fresh = f.fresh[1:]
	return p
}

// grantUser makes a fresh person of A a user with roleID in its own tenant.
func (f *fixture) grantUser(p httpapi.PersonView, roleID string) string {
	f.grant(p, roleID, map[string]string{"type": "own"}, nil)
	return f.userOf(p.ID)
}

func (f *fixture) expand(path string) string {
	for k, v := range f.ids {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	return path
}

func (f *fixture) next() int { f.seq++; return f.seq }

func get(path string) func(*fixture) (string, any, []string) {
	return func(f *fixture) (string, any, []string) { return f.expand(path), nil, nil }
}

func post(path string, body any) func(*fixture) (string, any, []string) {
	return func(f *fixture) (string, any, []string) { return f.expand(path), body, nil }
}

func etag(f *fixture, path string) string {
	r := f.e.do(http.MethodGet, path, f.admin, nil)
	return r.Header.Get("ETag")
}

func newTenant(f *fixture) (string, any, []string) {
	return "/api/v1/tenants", map[string]string{"name": fmt.Sprintf("Customer %d", f.next())}, nil
}

func patchTenantA(f *fixture) (string, any, []string) {
	return f.expand("/api/v1/tenants/{A}"), map[string]any{"tags": []string{fmt.Sprintf("wave-%d", f.next())}}, nil
}

func tagPersonA(f *fixture) (string, any, []string) {
	path := f.expand("/api/v1/people/{personA}")
	return path, map[string]any{"tags": []string{fmt.Sprintf("t%d", f.next())}}, []string{"If-Match", etag(f, path)}
}

func newRole(f *fixture) (string, any, []string) {
	return "/api/v1/roles", map[string]any{"name": fmt.Sprintf("Role %d", f.next()), "permissions": []string{"people:read"}}, nil
}

func patchRole(f *fixture) (string, any, []string) {
	path := f.expand("/api/v1/roles/{role}")
	return path, map[string]any{"name": "Taggers", "description": fmt.Sprintf("rev %d", f.next()), "permissions": []string{"people:tag"}}, []string{"If-Match", etag(f, path)}
}

func deleteFreshRole(f *fixture) (string, any, []string) {
	var r httpapi.RoleView
	f.mustDo(http.MethodPost, "/api/v1/roles", map[string]any{"name": fmt.Sprintf("Doomed %d", f.next()), "permissions": []string{"people:read"}}, &r, 201)
	return "/api/v1/roles/" + r.ID, nil, nil
}

func cloneRole(f *fixture) (string, any, []string) {
	return f.expand("/api/v1/roles/{role}/clone"), map[string]string{"name": fmt.Sprintf("Clone %d", f.next())}, nil
}

func grantFreshPerson(f *fixture) (string, any, []string) {
	p := f.takeFresh()
	return "/api/v1/users", map[string]any{"personIds": []string{p.ID},
		"assignments": []map[string]any{{"roleId": access.RoleTenantUser, "scope": map[string]string{"type": "own"}}}}, nil
}

func bulkExpiry(f *fixture) (string, any, []string) {
	return "/api/v1/users/bulk-expiry", map[string]any{"userIds": []string{f.ids["userA"]}, "expiresAt": time.Now().Add(48 * time.Hour).UTC()}, nil
}

func patchUserA(f *fixture) (string, any, []string) {
	path := f.expand("/api/v1/users/{userA}")
	return path, map[string]any{"expiresAt": time.Now().Add(72 * time.Hour).UTC()}, []string{"If-Match", etag(f, path)}
}

func removeFreshUser(f *fixture) (string, any, []string) {
	return "/api/v1/users/" + f.grantUser(f.takeFresh(), access.RoleTenantUser) + "?reason=matrix", nil, nil
}

func disableUserA(f *fixture) (string, any, []string) {
	f.e.do(http.MethodPost, f.expand("/api/v1/users/{userA}/enable"), f.admin, map[string]string{"reason": "reset"})
	return f.expand("/api/v1/users/{userA}/disable"), map[string]string{"reason": "matrix"}, nil
}

func enableUserA(f *fixture) (string, any, []string) {
	f.e.do(http.MethodPost, f.expand("/api/v1/users/{userA}/disable"), f.admin, map[string]string{"reason": "reset"})
	return f.expand("/api/v1/users/{userA}/enable"), map[string]string{"reason": "matrix"}, nil
}

func assignFreshUser(f *fixture) (string, any, []string) {
	user := f.grantUser(f.takeFresh(), access.RoleTenantUser)
	return "/api/v1/role-assignments", map[string]any{"items": []map[string]any{
		{"principalType": "user", "principalId": user, "roleId": access.RoleTenantUser, "scope": map[string]string{"type": "tenant", "tenantId": f.ids["A"]}}}}, nil
}

func freshAssignment(f *fixture) string {
	user := f.grantUser(f.takeFresh(), access.RoleTenantUser)
	var list httpapi.AssignmentList
	f.mustDo(http.MethodGet, "/api/v1/role-assignments?userId="+user, nil, &list, 200)
	return list.Items[0].ID
}

func bulkDeleteAssignment(f *fixture) (string, any, []string) {
	return "/api/v1/role-assignments/bulk-delete", map[string]any{"ids": []string{freshAssignment(f)}, "reason": "matrix"}, nil
}

func deleteAssignment(f *fixture) (string, any, []string) {
	return "/api/v1/role-assignments/" + freshAssignment(f), nil, nil
}

func newClient(f *fixture) (string, any, []string) {
	return "/api/v1/api-clients", map[string]string{"clientId": fmt.Sprintf("00000000-0000-4000-9000-%012d", f.next()), "displayName": "Script"}, nil
}

func patchClient(f *fixture) (string, any, []string) {
	path := f.expand("/api/v1/api-clients/{client}")
	return path, map[string]string{"owner": fmt.Sprintf("team %d", f.next())}, []string{"If-Match", etag(f, path)}
}

func deleteFreshClient(f *fixture) (string, any, []string) {
	var c httpapi.APIClientView
	f.mustDo(http.MethodPost, "/api/v1/api-clients", map[string]string{"clientId": fmt.Sprintf("00000000-0000-4000-8000-%012d", f.next()), "displayName": "Doomed"}, &c, 201)
	return "/api/v1/api-clients/" + c.ID, nil, nil
}

// enableImpersonation turns impersonation on and ends the administrator's
// running session, so that a new one can start.
func enableImpersonation(f *fixture, mode string) {
	f.t.Helper()
	ctx := context.Background()
	list, revision, err := f.e.settings.List(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	_ = list
	changes := map[settings.Key]json.RawMessage{settings.ImpersonationEnabled: json.RawMessage("true"), settings.ImpersonationMode: json.RawMessage(strconv.Quote(mode))}
	if err := f.e.settings.Update(ctx, revision, changes, "test"); err != nil {
		f.t.Fatal(err)
	}
	if err := f.e.db.Gorm.Exec("UPDATE impersonation_sessions SET ended_at = ?, end_reason = 'test' WHERE ended_at IS NULL", time.Now().UTC()).Error; err != nil {
		f.t.Fatal(err)
	}
}

func startImpersonation(f *fixture) (string, any, []string) {
	enableImpersonation(f, "read-only")
	return "/api/v1/impersonation-sessions", map[string]any{"targetUserId": f.ids["impTarget"], "reason": "matrix"}, nil
}

func stopImpersonation(f *fixture) (string, any, []string) {
	enableImpersonation(f, "read-only")
	var sess httpapi.ImpersonationSessionView
	f.mustDo(http.MethodPost, "/api/v1/impersonation-sessions", map[string]any{"targetUserId": f.ids["impTarget"], "reason": "matrix"}, &sess, 201)
	return "/api/v1/impersonation-sessions/" + sess.ID, nil, nil
}
