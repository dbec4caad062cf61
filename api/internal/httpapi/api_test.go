package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/httpapi"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/openapi"
)

const fabrikamTID = devdirectory.FabrikamTenantID

func createFabrikam(t *testing.T, e *env, token string) httpapi.TenantView {
	t.Helper()
	r := e.do(http.MethodPost, "/api/v1/tenants", token, map[string]string{
		"name": "Fabrikam Manufacturing", "entraTenantId": fabrikamTID, "primaryDomain": "fabrikam.example",
	})
	if r.Status != http.StatusCreated {
		t.Fatalf("create tenant = %d %s", r.Status, r.Body)
	}
	var tv httpapi.TenantView
	r.json(t, &tv)
	if got := r.Header.Get("Location"); got != "/api/v1/tenants/"+tv.ID {
		t.Errorf("Location = %q", got)
	}
	return tv
}

func TestTenants(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		fab := createFabrikam(t, e, admin)
		if !fab.Linked || fab.Kind != "customer" || *fab.EntraTenantID != fabrikamTID {
			t.Errorf("created tenant = %+v", fab)
		}

		cases := []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"duplicate-link", map[string]string{"name": "Other", "entraTenantId": fabrikamTID}, 409, ""},
			{"home-tenant-link", map[string]string{"name": "Other", "entraTenantId": devdirectory.HomeTenantID}, 409, ""},
			{"duplicate-name", map[string]string{"name": "fabrikam manufacturing"}, 409, ""},
			{"bad-guid", map[string]string{"name": "X", "entraTenantId": "not-a-guid"}, 422, "entraTenantId"},
			{"personal-tenant", map[string]string{"name": "X", "entraTenantId": "9188040d-6c67-4c5b-b112-36a304b66dad"}, 422, "entraTenantId"},
			{"missing-name", map[string]string{"entraTenantId": devdirectory.TailspinTenantID}, 422, "name"},
			{"unknown-field", `{"name":"X","color":"red"}`, 400, ""},
			{"malformed", `{"name":`, 400, ""},
			{"empty", ``, 400, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.do(http.MethodPost, "/api/v1/tenants", admin, c.body)
				if r.Status != c.status {
					t.Fatalf("status = %d, want %d: %s", r.Status, c.status, r.Body)
				}
				p := r.problem(t)
				if p["requestId"] == "" || p["detail"] == "" {
					t.Errorf("problem lacks requestId or detail: %v", p)
				}
				if c.field != "" && !strings.Contains(string(r.Body), `"field":"`+c.field+`"`) {
					t.Errorf("problem does not name field %s: %s", c.field, r.Body)
				}
			})
		}

		list := e.do(http.MethodGet, "/api/v1/tenants?limit=1", admin, nil)
		var page httpapi.TenantList
		list.json(t, &page)
		if list.Status != 200 || len(page.Items) != 1 || page.NextCursor == nil {
			t.Fatalf("first page = %d %s", list.Status, list.Body)
		}
		next := e.do(http.MethodGet, "/api/v1/tenants?limit=1&cursor="+*page.NextCursor, admin, nil)
		var page2 httpapi.TenantList
		next.json(t, &page2)
		if len(page2.Items) != 1 || page2.Items[0].ID == page.Items[0].ID {
			t.Errorf("second page = %s", next.Body)
		}

		if r := e.do(http.MethodGet, "/api/v1/tenants/"+fab.ID, admin, nil); r.Status != 200 {
			t.Errorf("get tenant = %d", r.Status)
		}
		for _, path := range []string{"/api/v1/tenants/00000000-0000-0000-0000-000000000000", "/api/v1/tenants/nope"} {
			if r := e.do(http.MethodGet, path, admin, nil); r.Status != 404 {
				t.Errorf("GET %s = %d, want 404", path, r.Status)
			}
		}
	})
}

func TestQueryValidation(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		cases := []struct {
			path  string
			field string
		}{
			{"/api/v1/tenants?limt=5", "limt"},
			{"/api/v1/tenants?limit=0", "limit"},
			{"/api/v1/tenants?limit=201", "limit"},
			{"/api/v1/tenants?cursor=%21%21", "cursor"},
			{"/api/v1/people?status=gone", "status"},
			{"/api/v1/people?tenantId=abc", "tenantId"},
			{"/api/v1/people?cursor=xyz", "cursor"},
			{"/api/v1/people?q=" + strings.Repeat("a", 201), "q"},
			{"/api/v1/me?verbose=1", "verbose"},
		}
		for _, c := range cases {
			r := e.do(http.MethodGet, c.path, admin, nil)
			if r.Status != 400 {
				t.Errorf("GET %.60s = %d, want 400", c.path, r.Status)
				continue
			}
			if !strings.Contains(string(r.Body), `"field":"`+c.field+`"`) {
				t.Errorf("GET %.60s: problem does not name %s: %s", c.path, c.field, r.Body)
			}
		}
	})
}

func TestAuthentication(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		cases := []struct {
			name, header, check string
		}{
			{"missing", "", "missing"},
			{"not-bearer", "Basic dXNlcjpwYXNz", "malformed"},
			{"garbage", "Bearer abc.def", "malformed"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				req, _ := http.NewRequest(http.MethodGet, e.server.URL+"/api/v1/me", nil)
				if c.header != "" {
					req.Header.Set("Authorization", c.header)
				}
				resp, err := e.server.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
					t.Errorf("status = %d, WWW-Authenticate = %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
				}
			})
		}

		// A person of a customer tenant that is not linked yet.
		outsider, err := e.provider.MintAccessToken(devidpUser(t, e, fabrikamTID))
		if err != nil {
			t.Fatal(err)
		}
		r := e.do(http.MethodGet, "/api/v1/me", outsider, nil)
		if p := r.problem(t); r.Status != 401 || p["check"] != "tenant" {
			t.Errorf("unlinked tenant = %d %v", r.Status, p)
		}

		createFabrikam(t, e, e.token(adminUPN))
		r = e.do(http.MethodGet, "/api/v1/me", outsider, nil)
		var me httpapi.MeView
		r.json(t, &me)
		if r.Status != 200 || me.IsUser || len(me.Permissions) != 0 || me.Tenant == nil || me.Tenant.Name != "Fabrikam Manufacturing" {
			t.Errorf("me of linked outsider = %d %s", r.Status, r.Body)
		}
		if r := e.do(http.MethodGet, "/api/v1/people", outsider, nil); r.Status != 403 {
			t.Errorf("outsider people = %d, want 403", r.Status)
		}
	})
}

func TestMeAdmin(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		r := e.do(http.MethodGet, "/api/v1/me", e.token(adminUPN), nil)
		var me httpapi.MeView
		r.json(t, &me)
		if !me.IsUser || me.Username != adminUPN || me.Tenant == nil || me.Tenant.Kind != "home" || len(me.Permissions) != len(access.All) || len(me.AllTenants) != len(access.All) || me.Access.Status != "active" {
			t.Errorf("me = %s", r.Body)
		}
	})
}

func seedPeople(t *testing.T, e *env, tenantID string, n int) {
	t.Helper()
	users := make([]directory.User, n)
	for i := range users {
		name := fmt.Sprintf("Person %03d", i)
		upn := fmt.Sprintf("person%03d@fabrikam.example", i)
		enabled := i%10 != 0
		users[i] = directory.User{ObjectID: fmt.Sprintf("00000000-0000-0000-0000-%012d", i), DisplayName: &name,
			UserPrincipalName: &upn, Mail: &upn, AccountEnabled: &enabled}
	}
	_, err := person.ApplyPage(context.Background(), e.db.Gorm, person.SyncTarget{TenantID: tenantID, EntraTenantID: fabrikamTID, RunID: "00000000-0000-0000-0000-000000000001"}, users, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
}

func TestPeople(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		fab := createFabrikam(t, e, admin)
		seedPeople(t, e, fab.ID, 25)

		// Walk every page.
		seen := map[string]bool{}
		path := "/api/v1/people?limit=10&tenantId=" + fab.ID
		for pages := 0; path != ""; pages++ {
			if pages > 5 {
				t.Fatal("paging does not end")
			}
			r := e.do(http.MethodGet, path, admin, nil)
			var list httpapi.PersonList
			r.json(t, &list)
			for _, p := range list.Items {
				if seen[p.ID] {
					t.Errorf("person %s on two pages", p.ID)
				}
				seen[p.ID] = true
			}
			path = ""
			if list.NextCursor != nil {
				path = "/api/v1/people?limit=10&tenantId=" + fab.ID + "&cursor=" + *list.NextCursor
			}
		}
		if len(seen) != 25 {
			t.Errorf("paged through %d people, want 25", len(seen))
		}

		search := e.do(http.MethodGet, "/api/v1/people?q=PERSON007", admin, nil)
		var found httpapi.PersonList
		search.json(t, &found)
		if len(found.Items) != 1 || found.Items[0].DisplayName != "Person 007" || found.Items[0].TenantName != "Fabrikam Manufacturing" {
			t.Fatalf("search = %s", search.Body)
		}
		if e.do(http.MethodGet, "/api/v1/people?q=%25", admin, nil).Status != 200 {
			t.Error("search for % failed")
		}
		disabled := e.do(http.MethodGet, "/api/v1/people?status=disabled", admin, nil)
		var dl httpapi.PersonList
		disabled.json(t, &dl)
		if len(dl.Items) != 3 {
			t.Errorf("disabled people = %d, want 3", len(dl.Items))
		}

		id := found.Items[0].ID
		get := e.do(http.MethodGet, "/api/v1/people/"+id, admin, nil)
		etag := get.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}

		patch := func(body any, headers ...string) response {
			return e.do(http.MethodPatch, "/api/v1/people/"+id, admin, body, headers...)
		}
		r := patch(map[string]any{"tags": []string{" vip ", "Laptop refresh", "VIP"}}, "If-Match", etag)
		var tagged httpapi.PersonView
		r.json(t, &tagged)
		if r.Status != 200 || strings.Join(tagged.Tags, ",") != "Laptop refresh,vip" || r.Header.Get("ETag") == etag {
			t.Fatalf("patch = %d %s", r.Status, r.Body)
		}

		cases := []struct {
			name    string
			body    any
			headers []string
			status  int
		}{
			{"stale-etag", map[string]any{"tags": []string{}}, []string{"If-Match", etag}, 412},
			{"missing-if-match", map[string]any{"tags": []string{}}, nil, 428},
			{"synced-field", map[string]any{"displayName": "Changed"}, []string{"If-Match", tagged.ETag}, 422},
			{"unknown-field", map[string]any{"shoeSize": 9}, []string{"If-Match", tagged.ETag}, 422},
			{"tags-not-array", map[string]any{"tags": "vip"}, []string{"If-Match", tagged.ETag}, 422},
			{"tag-too-long", map[string]any{"tags": []string{strings.Repeat("x", 65)}}, []string{"If-Match", tagged.ETag}, 422},
			{"empty-tag", map[string]any{"tags": []string{" "}}, []string{"If-Match", tagged.ETag}, 422},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := patch(c.body, c.headers...)
				if r.Status != c.status {
					t.Errorf("status = %d, want %d: %s", r.Status, c.status, r.Body)
				}
				r.problem(t)
			})
		}
		if got := e.do(http.MethodGet, "/api/v1/people/"+id, admin, nil); !strings.Contains(string(got.Body), `"tags":["Laptop refresh","vip"]`) {
			t.Errorf("tags after refused patches = %s", got.Body)
		}
		if r := e.do(http.MethodGet, "/api/v1/people/"+fab.ID, admin, nil); r.Status != 404 {
			t.Errorf("unknown person = %d", r.Status)
		}
	})
}

func TestSyncEndpoints(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		fab := createFabrikam(t, e, admin)
		first := e.do(http.MethodPost, "/api/v1/tenants/"+fab.ID+"/sync", admin, nil)
		var run httpapi.SyncRunView
		first.json(t, &run)
		if first.Status != 202 || run.Status != "queued" || first.Header.Get("Location") != "/api/v1/sync-runs/"+run.ID {
			t.Fatalf("start = %d %s", first.Status, first.Body)
		}
		again := e.do(http.MethodPost, "/api/v1/tenants/"+fab.ID+"/sync", admin, nil)
		var run2 httpapi.SyncRunView
		again.json(t, &run2)
		if run2.ID != run.ID {
			t.Errorf("second start returned run %s, want the active %s", run2.ID, run.ID)
		}
		if r := e.do(http.MethodGet, "/api/v1/sync-runs/"+run.ID, admin, nil); r.Status != 200 {
			t.Errorf("get run = %d", r.Status)
		}
		runs := e.do(http.MethodGet, "/api/v1/tenants/"+fab.ID+"/sync-runs", admin, nil)
		var list httpapi.SyncRunList
		runs.json(t, &list)
		if len(list.Items) != 1 {
			t.Errorf("runs = %s", runs.Body)
		}

		manual := e.do(http.MethodPost, "/api/v1/tenants", admin, map[string]string{"name": "Corner Bakery"})
		var mt httpapi.TenantView
		manual.json(t, &mt)
		if r := e.do(http.MethodPost, "/api/v1/tenants/"+mt.ID+"/sync", admin, nil); r.Status != 409 {
			t.Errorf("sync of unlinked tenant = %d, want 409", r.Status)
		}
	})
}

func TestOperationalEndpoints(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		for _, path := range []string{"/healthz", "/readyz", "/openapi.yaml", "/docs", "/docs/swagger-ui-bundle.js"} {
			if r := e.do(http.MethodGet, path, "", nil); r.Status != 200 {
				t.Errorf("GET %s = %d", path, r.Status)
			}
		}
		if r := e.do(http.MethodGet, "/api/v1/nothing-here", e.token(adminUPN), nil); r.Status != 404 {
			t.Errorf("unknown API path = %d", r.Status)
		} else {
			r.problem(t)
		}
		big := `{"name":"` + strings.Repeat("x", 70<<10) + `"}`
		if r := e.do(http.MethodPost, "/api/v1/tenants", e.token(adminUPN), big); r.Status != 413 {
			t.Errorf("large body = %d, want 413", r.Status)
		}
	})
}

// TestRouteTable walks the router: every API route names a permission
// (only openRoutes are open to any signed-in caller) and is in openapi.yaml.
func TestRouteTable(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(openapi.Document)
	if err != nil {
		t.Fatal(err)
	}
	s := httpapi.New(httpapi.Deps{Logger: dbtestLogger()})
	for _, r := range s.Routes() {
		if r.Permission == access.None && !openRoutes[r.Method+" "+r.Path] {
			t.Errorf("%s %s declares no permission", r.Method, r.Path)
		}
		path := openAPIPath(r.Path)
		item := doc.Paths.Find(path)
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("%s %s is not in openapi.yaml", r.Method, path)
		}
	}
	for _, er := range s.Echo().Routes() {
		if strings.HasPrefix(er.Path, "/api/v1/") && er.Path != "/api/v1/*" && !inRoutes(s.Routes(), er.Method, er.Path) {
			t.Errorf("%s %s is registered without a permission", er.Method, er.Path)
		}
	}
}

func inRoutes(routes []httpapi.Route, method, path string) bool {
	for _, r := range routes {
		if r.Method == method && r.Path == path {
			return true
		}
	}
	return false
}

func openAPIPath(echoPath string) string {
	parts := strings.Split(echoPath, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") {
			parts[i] = "{" + p[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

// TestHostileInput sends values PostgreSQL or the parser would choke on.
func TestHostileInput(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		cases := []struct {
			name, method, path string
			body               any
			status             int
		}{
			{"nul-in-body", http.MethodPost, "/api/v1/tenants", `{"name":"a\u0000b"}`, 400},
			{"nul-in-query", http.MethodGet, "/api/v1/people?q=a%00b", nil, 400},
			{"invalid-utf8-query", http.MethodGet, "/api/v1/people?q=%ff", nil, 400},
			{"wrong-type", http.MethodPost, "/api/v1/tenants", `{"name":5}`, 400},
			{"tenant-tag-control-character", http.MethodPatch, "/api/v1/tenants/" + e.home.ID, `{"tags":["a\u0007b"]}`, 422},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.do(c.method, c.path, admin, c.body)
				if r.Status != c.status {
					t.Errorf("= %d, want %d: %s", r.Status, c.status, r.Body)
				}
				r.problem(t)
			})
		}
	})
}

func TestTenantPatchETag(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		fab := createFabrikam(t, e, admin)
		path := "/api/v1/tenants/" + fab.ID
		first := e.do(http.MethodPatch, path, admin, map[string]any{"tags": []string{"wave-1"}}, "If-Match", fab.ETag)
		if first.Status != 200 || first.Header.Get("ETag") == fab.ETag {
			t.Fatalf("patch with the current ETag = %d %s", first.Status, first.Body)
		}
		if r := e.do(http.MethodPatch, path, admin, map[string]any{"tags": []string{"wave-2"}}, "If-Match", fab.ETag); r.Status != 412 {
			t.Errorf("patch with a stale ETag = %d, want 412", r.Status)
		}
		var got httpapi.TenantView
		e.do(http.MethodGet, path, admin, nil).json(t, &got)
		if len(got.Tags) != 1 || got.Tags[0] != "wave-1" {
			t.Errorf("tags after the refused patch = %v", got.Tags)
		}
	})
}
