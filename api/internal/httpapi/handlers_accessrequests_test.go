package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/devidp"
	"github.com/rosterhq/roster/api/internal/httpapi"
)

// requester is a demo person who signs in to ask for access.
type requester struct {
	person devdirectory.Person
	token  string
}

// newRequester returns the i-th enabled demo person of an Entra tenant with
// a token. These tests do not sync, so the person is not in Roster yet.
func newRequester(t *testing.T, e *env, entraTenantID string, i int) requester {
	t.Helper()
	var people []devdirectory.Person
	for _, p := range devdirectory.NewDemo().People() {
		if p.TenantID == entraTenantID && !strings.EqualFold(p.UserPrincipalName, adminUPN) && !strings.Contains(p.UserPrincipalName, "#EXT#") {
			people = append(people, p)
		}
	}
	if i >= len(people) {
		t.Fatalf("tenant %s has %d demo people, not %d", entraTenantID, len(people), i+1)
	}
	return requester{person: people[i], token: e.token(people[i].UserPrincipalName)}
}

// requestAccess makes a request and fails the test unless it is created.
func (e *env) requestAccess(t *testing.T, token, justification string) httpapi.AccessRequestView {
	t.Helper()
	r := e.do(http.MethodPost, "/api/v1/access-requests", token, map[string]string{"justification": justification})
	if r.Status != http.StatusCreated {
		t.Fatalf("request access = %d %s", r.Status, r.Body)
	}
	var v httpapi.AccessRequestView
	r.json(t, &v)
	if got := r.Header.Get("Location"); got != "/api/v1/access-requests/"+v.ID {
		t.Errorf("Location = %q", got)
	}
	return v
}

func grantBody(roleID string, scope map[string]string, expiresIn string) map[string]any {
	body := map[string]any{"assignments": []map[string]any{{"roleId": roleID, "scope": scope}}, "note": "welcome"}
	if expiresIn != "" {
		body["expiresIn"] = expiresIn
	}
	return body
}

var ownScope = map[string]string{"type": "own"}

// grantRequest grants a request and fails the test unless it succeeds.
func (e *env) grantRequest(t *testing.T, token, id string, body map[string]any) httpapi.AccessRequestView {
	t.Helper()
	r := e.do(http.MethodPost, "/api/v1/access-requests/"+id+"/grant", token, body)
	if r.Status != http.StatusOK {
		t.Fatalf("grant %s = %d %s", id, r.Status, r.Body)
	}
	var v httpapi.AccessRequestView
	r.json(t, &v)
	return v
}

func (e *env) mine(t *testing.T, token string) httpapi.MyAccessRequests {
	t.Helper()
	r := e.do(http.MethodGet, "/api/v1/access-requests/mine", token, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("mine = %d %s", r.Status, r.Body)
	}
	var v httpapi.MyAccessRequests
	r.json(t, &v)
	return v
}

func (e *env) auditCount(t *testing.T, action, targetID string) int64 {
	t.Helper()
	var n int64
	if err := e.db.Gorm.Table("audit_events").Where("action = ? AND target_id = ?", action, targetID).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRequestFromLinkedTenant(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		fab := createFabrikam(t, e, admin)
		adele := newRequester(t, e, fabrikamTID, 0)

		req := e.requestAccess(t, adele.token, "I run the Detroit helpdesk.")
		if req.Status != "pending" || req.TenantID != fab.ID || req.TenantName != "Fabrikam Manufacturing" {
			t.Errorf("request = %+v", req)
		}
		if req.ObjectID != adele.person.ObjectID || req.UserPrincipalName != adele.person.UserPrincipalName || req.DisplayName != adele.person.Name {
			t.Errorf("request does not carry the token's identity: %+v", req)
		}
		if e.auditCount(t, "access-request.created", req.ID) != 1 {
			t.Error("creation not audited")
		}

		mine := e.mine(t, adele.token)
		if len(mine.Items) != 1 || mine.Items[0].ID != req.ID || mine.CanRequest || !strings.Contains(mine.Reason, req.ID) {
			t.Errorf("mine = %+v", mine)
		}
		var count httpapi.PendingCount
		e.do(http.MethodGet, "/api/v1/access-requests/pending-count", admin, nil).json(t, &count)
		if count.Count != 1 {
			t.Errorf("pending count = %d, want 1", count.Count)
		}
		var list httpapi.AccessRequestList
		e.do(http.MethodGet, "/api/v1/access-requests?status=pending&tenantId="+fab.ID, admin, nil).json(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != req.ID {
			t.Errorf("pending list = %+v", list)
		}

		granted := e.grantRequest(t, admin, req.ID, grantBody(access.RoleTenantUser, ownScope, "1d"))
		if granted.Status != "granted" || granted.UserID == nil || granted.GrantExpiresAt == nil || granted.DecisionReason != "welcome" {
			t.Fatalf("granted = %+v", granted)
		}
		if d := time.Until(*granted.GrantExpiresAt); d < 23*time.Hour || d > 25*time.Hour {
			t.Errorf("expiry in %s, want about 1 day", d)
		}
		if e.auditCount(t, "access-request.granted", req.ID) != 1 || e.auditCount(t, "user.granted", *granted.UserID) != 1 {
			t.Error("grant not audited with the user")
		}

		// The requester is in, and sees only their tenant.
		var me httpapi.MeView
		e.do(http.MethodGet, "/api/v1/me", adele.token, nil).json(t, &me)
		if !me.IsUser || me.UserID != *granted.UserID || me.Access.Status != "active" {
			t.Errorf("me after grant = %+v", me)
		}
		var tenants httpapi.TenantList
		e.do(http.MethodGet, "/api/v1/tenants", adele.token, nil).json(t, &tenants)
		if len(tenants.Items) != 1 || tenants.Items[0].ID != fab.ID {
			t.Errorf("requester sees tenants %+v, want only Fabrikam", tenants.Items)
		}
		var person httpapi.PersonView
		if r := e.do(http.MethodGet, "/api/v1/users/"+*granted.UserID, admin, nil); r.Status != 200 {
			t.Errorf("new user = %d %s", r.Status, r.Body)
		} else {
			var u httpapi.UserView
			r.json(t, &u)
			e.do(http.MethodGet, "/api/v1/people/"+u.PersonID, admin, nil).json(t, &person)
		}
		if person.ObjectID == nil || *person.ObjectID != adele.person.ObjectID || person.TenantID != fab.ID {
			t.Errorf("person created from the request = %+v", person)
		}
		if mine := e.mine(t, adele.token); mine.Items[0].Status != "granted" || mine.CanRequest {
			t.Errorf("mine after grant = %+v", mine)
		}
	})
}

func TestRequestFromHomeTenant(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		alex := newRequester(t, e, devdirectory.HomeTenantID, 0)
		req := e.requestAccess(t, alex.token, "")
		if req.TenantID != e.home.ID || req.Justification != "" {
			t.Errorf("request = %+v", req)
		}
		granted := e.grantRequest(t, admin, req.ID, grantBody(access.RoleMSPUser, map[string]string{"type": "all"}, "never"))
		if granted.GrantExpiresAt != nil {
			t.Errorf("never gave expiry %v", granted.GrantExpiresAt)
		}
		var me httpapi.MeView
		e.do(http.MethodGet, "/api/v1/me", alex.token, nil).json(t, &me)
		if !me.IsUser || !strings.Contains(strings.Join(me.AllTenants, " "), "people:read") {
			t.Errorf("me after grant = %+v", me)
		}
	})
}

func TestRequestFromUnlinkedTenant(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		outsider := newRequester(t, e, devdirectory.WoodgroveTenantID, 0)
		r := e.do(http.MethodPost, "/api/v1/access-requests", outsider.token, map[string]string{"justification": "hello"})
		p := r.problem(t)
		if r.Status != http.StatusUnauthorized || p["check"] != "tenant" {
			t.Fatalf("unlinked tenant = %d %v", r.Status, p)
		}
		if detail, _ := p["detail"].(string); !strings.Contains(detail, devdirectory.WoodgroveTenantID) || !strings.Contains(detail, "link") {
			t.Errorf("detail does not name the tenant to link: %q", detail)
		}
	})
}

func TestRequestRejections(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		createFabrikam(t, e, admin)

		pending := newRequester(t, e, fabrikamTID, 0)
		first := e.requestAccess(t, pending.token, "")
		disabled := userFromRequest(t, e, newRequester(t, e, fabrikamTID, 1), "")
		if r := e.do(http.MethodPost, "/api/v1/users/"+disabled.userID+"/disable", admin, map[string]string{"reason": "left the team"}); r.Status != 200 {
			t.Fatalf("disable = %d %s", r.Status, r.Body)
		}
		suspended := userFromRequest(t, e, newRequester(t, e, fabrikamTID, 2), "")
		if err := e.db.Gorm.Exec("UPDATE people SET status = 'disabled' WHERE id = ?", suspended.personID).Error; err != nil {
			t.Fatal(err)
		}
		appToken, err := e.provider.MintAccessToken(devidp.MintOptions{App: scriptAppID})
		if err != nil {
			t.Fatal(err)
		}

		cases := []struct {
			name   string
			token  string
			body   any
			status int
			slug   string
			detail string
		}{
			{"active-user", admin, nil, 409, "already-user", "already have access"},
			{"second-open", pending.token, nil, 409, "access-request-pending", first.ID},
			{"disabled-user", disabled.token, nil, 409, "access-blocked", "left the team"},
			{"suspended-user", suspended.token, nil, 409, "access-blocked", "suspended"},
			{"application", appToken, nil, 403, "not-a-person", "API client"},
			{"long-justification", newRequester(t, e, fabrikamTID, 3).token, map[string]string{"justification": strings.Repeat("x", 2001)}, 422, "validation", "justification"},
			{"unknown-field", newRequester(t, e, fabrikamTID, 3).token, `{"reason":"x"}`, 400, "invalid-body", "reason"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.do(http.MethodPost, "/api/v1/access-requests", c.token, c.body)
				p := r.problem(t)
				if r.Status != c.status || p["type"] != "urn:roster:problem:"+c.slug {
					t.Fatalf("status %d type %v, want %d %s: %s", r.Status, p["type"], c.status, c.slug, r.Body)
				}
				if detail, _ := p["detail"].(string); !strings.Contains(detail, c.detail) {
					t.Errorf("detail %q does not mention %q", detail, c.detail)
				}
			})
		}
	})
}

// grantedUser is a requester who was granted Tenant User in their tenant.
type grantedUser struct {
	token, userID, personID string
}

// userFromRequest makes a requester a Tenant User through a granted
// request, with expiresIn ("" for the default).
func userFromRequest(t *testing.T, e *env, who requester, expiresIn string) grantedUser {
	t.Helper()
	req := e.requestAccess(t, who.token, "")
	granted := e.grantRequest(t, e.token(adminUPN), req.ID, grantBody(access.RoleTenantUser, ownScope, expiresIn))
	var personID string
	if err := e.db.Gorm.Table("users").Where("id = ?", *granted.UserID).Pluck("person_id", &personID).Error; err != nil {
		t.Fatal(err)
	}
	return grantedUser{token: who.token, userID: *granted.UserID, personID: personID}
}

func TestRequestsSwitchedOff(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		patch := map[string]any{"values": map[string]any{"accessRequests.enabled": false, "accessRequests.contact": "the Northwind service desk"}}
		if r := e.do(http.MethodPatch, "/api/v1/settings", admin, patch, "If-Match", settingsETag(t, e)); r.Status != 200 {
			t.Fatalf("switch off = %d %s", r.Status, r.Body)
		}
		alex := newRequester(t, e, devdirectory.HomeTenantID, 0)
		r := e.do(http.MethodPost, "/api/v1/access-requests", alex.token, nil)
		p := r.problem(t)
		if r.Status != 403 || p["type"] != "urn:roster:problem:access-requests-disabled" || !strings.Contains(p["detail"].(string), "the Northwind service desk") {
			t.Errorf("switched off = %d %v", r.Status, p)
		}
		mine := e.mine(t, alex.token)
		if mine.RequestsEnabled || mine.CanRequest || mine.Contact != "the Northwind service desk" {
			t.Errorf("mine = %+v", mine)
		}
	})
}

func TestRequestRateLimit(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		alex := newRequester(t, e, devdirectory.HomeTenantID, 0)
		for i := range 3 {
			req := e.requestAccess(t, alex.token, fmt.Sprintf("attempt %d", i))
			if r := e.do(http.MethodPost, "/api/v1/access-requests/"+req.ID+"/withdraw", alex.token, nil); r.Status != 200 {
				t.Fatalf("withdraw = %d %s", r.Status, r.Body)
			}
		}
		r := e.do(http.MethodPost, "/api/v1/access-requests", alex.token, nil)
		if p := r.problem(t); r.Status != http.StatusTooManyRequests || p["type"] != "urn:roster:problem:access-requests-rate-limited" {
			t.Fatalf("fourth request = %d %v", r.Status, p)
		}
		retry, err := strconv.Atoi(r.Header.Get("Retry-After"))
		if err != nil || retry < 86000 || retry > 86400 {
			t.Errorf("Retry-After = %q, want about 86400 seconds", r.Header.Get("Retry-After"))
		}
		mine := e.mine(t, alex.token)
		if mine.CanRequest || mine.RequestsLeft != 0 || mine.NextRequestAt == nil || len(mine.Items) != 3 || mine.Items[0].Status != "withdrawn" {
			t.Errorf("mine = %+v", mine)
		}
		if e.auditCount(t, "access-request.withdrawn", mine.Items[0].ID) != 1 {
			t.Error("withdrawal not audited")
		}
	})
}

func TestWithdrawOthersRequest(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		alex, other := newRequester(t, e, devdirectory.HomeTenantID, 0), newRequester(t, e, devdirectory.HomeTenantID, 1)
		req := e.requestAccess(t, alex.token, "")
		if r := e.do(http.MethodPost, "/api/v1/access-requests/"+req.ID+"/withdraw", other.token, nil); r.Status != 404 {
			t.Errorf("withdraw another's request = %d, want 404", r.Status)
		}
		if r := e.do(http.MethodPost, "/api/v1/access-requests/"+req.ID+"/withdraw", alex.token, nil); r.Status != 200 {
			t.Errorf("withdraw = %d %s", r.Status, r.Body)
		}
		if r := e.do(http.MethodPost, "/api/v1/access-requests/"+req.ID+"/withdraw", alex.token, nil); r.Status != 409 {
			t.Errorf("withdraw twice = %d, want 409", r.Status)
		}
	})
}

func TestGrantScope(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		createFabrikam(t, e, admin)
		var tailspin httpapi.TenantView
		e.do(http.MethodPost, "/api/v1/tenants", admin, map[string]string{"name": "Tailspin Toys", "entraTenantId": devdirectory.TailspinTenantID}).json(t, &tailspin)
		// A role with a permission Tenant Administrators do not hold.
		var syncers httpapi.RoleView
		e.do(http.MethodPost, "/api/v1/roles", admin, map[string]any{"name": "Sync runners", "permissions": []string{"sync:run"}}).json(t, &syncers)

		// A Fabrikam Tenant Administrator, made one through a request.
		reviewerReq := e.requestAccess(t, newRequester(t, e, fabrikamTID, 0).token, "")
		e.grantRequest(t, admin, reviewerReq.ID, grantBody(access.RoleTenantAdministrator, ownScope, ""))
		reviewer := newRequester(t, e, fabrikamTID, 0).token

		cases := []struct {
			name   string
			tenant string
			body   map[string]any
			status int
			slug   string
		}{
			{"own-tenant-user", fabrikamTID, grantBody(access.RoleTenantUser, ownScope, "3d"), 200, ""},
			{"own-tenant-admin", fabrikamTID, grantBody(access.RoleTenantAdministrator, map[string]string{"type": "tenant", "tenantId": reviewerReq.TenantID}, "30d"), 200, ""},
			{"other-tenant-scope", fabrikamTID, grantBody(access.RoleTenantUser, map[string]string{"type": "tenant", "tenantId": tailspin.ID}, ""), 422, "validation"},
			{"all-tenants-scope", fabrikamTID, grantBody(access.RoleTenantUser, map[string]string{"type": "all"}, ""), 422, "customer-scope"},
			{"permission-not-held", fabrikamTID, grantBody(syncers.ID, ownScope, ""), 403, "privilege-escalation"},
			{"other-tenant-request", devdirectory.TailspinTenantID, grantBody(access.RoleTenantUser, ownScope, ""), 404, "not-found"},
			{"no-assignments", fabrikamTID, map[string]any{"assignments": []any{}}, 422, "validation"},
			{"bad-preset", fabrikamTID, grantBody(access.RoleTenantUser, ownScope, "7d"), 422, "validation"},
		}
		next := map[string]int{fabrikamTID: 1, devdirectory.TailspinTenantID: 0}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				who := newRequester(t, e, c.tenant, next[c.tenant])
				next[c.tenant]++
				req := e.requestAccess(t, who.token, "")
				r := e.do(http.MethodPost, "/api/v1/access-requests/"+req.ID+"/grant", reviewer, c.body)
				if r.Status != c.status {
					t.Fatalf("grant = %d, want %d: %s", r.Status, c.status, r.Body)
				}
				if c.slug != "" {
					if p := r.problem(t); p["type"] != "urn:roster:problem:"+c.slug {
						t.Errorf("type = %v, want %s", p["type"], c.slug)
					}
				}
				var after httpapi.AccessRequestDetail
				e.do(http.MethodGet, "/api/v1/access-requests/"+req.ID, admin, nil).json(t, &after)
				if want := map[bool]string{true: "granted", false: "pending"}[c.status == 200]; after.Request.Status != want {
					t.Errorf("request is %s after the grant, want %s (all or nothing)", after.Request.Status, want)
				}
				if c.status != 200 && after.User != nil {
					t.Errorf("a failed grant left user %s", after.User.ID)
				}
			})
		}

		// The reviewer cannot decide their own request, nor see Tailspin's.
		var list httpapi.AccessRequestList
		e.do(http.MethodGet, "/api/v1/access-requests?limit=200", reviewer, nil).json(t, &list)
		for _, item := range list.Items {
			if item.TenantID == tailspin.ID {
				t.Errorf("Fabrikam reviewer sees Tailspin request %s", item.ID)
			}
		}
	})
}

func TestDeny(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		alex := newRequester(t, e, devdirectory.HomeTenantID, 0)
		req := e.requestAccess(t, alex.token, "please")
		path := "/api/v1/access-requests/" + req.ID

		if r := e.do(http.MethodPost, path+"/deny", admin, map[string]string{"reason": "  "}); r.Status != 422 {
			t.Errorf("deny without reason = %d, want 422", r.Status)
		}
		r := e.do(http.MethodPost, path+"/deny", admin, map[string]string{"reason": "Ask your manager first."})
		var denied httpapi.AccessRequestView
		r.json(t, &denied)
		if r.Status != 200 || denied.Status != "denied" || denied.DecidedByName == "" || denied.DecidedAt == nil {
			t.Fatalf("deny = %d %s", r.Status, r.Body)
		}
		if mine := e.mine(t, alex.token); mine.Items[0].DecisionReason != "Ask your manager first." || !mine.CanRequest {
			t.Errorf("requester sees %+v", mine)
		}
		for _, action := range []string{"deny", "grant"} {
			body := any(map[string]string{"reason": "again"})
			if action == "grant" {
				body = grantBody(access.RoleTenantUser, ownScope, "")
			}
			r := e.do(http.MethodPost, path+"/"+action, admin, body)
			if p := r.problem(t); r.Status != 409 || p["type"] != "urn:roster:problem:access-request-decided" {
				t.Errorf("%s after deny = %d %v", action, r.Status, p)
			}
		}
		if e.auditCount(t, "access-request.denied", req.ID) != 1 {
			t.Error("denial not audited")
		}
		var me httpapi.MeView
		if e.do(http.MethodGet, "/api/v1/me", alex.token, nil).json(t, &me); me.IsUser {
			t.Error("denied requester is a user")
		}
	})
}

func TestConcurrentDecisions(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		second := userFromRequest(t, e, newRequester(t, e, devdirectory.HomeTenantID, 0), "never")
		// The second reviewer becomes an MSP Administrator too.
		if r := e.do(http.MethodPost, "/api/v1/role-assignments", admin, map[string]any{"items": []map[string]any{
			{"principalType": "user", "principalId": second.userID, "roleId": access.RoleMSPAdministrator, "scope": map[string]string{"type": "all"}}}}); r.Status != 201 {
			t.Fatalf("assign = %d %s", r.Status, r.Body)
		}
		reviewers := []string{admin, second.token}

		for i := 1; i <= 4; i++ {
			req := e.requestAccess(t, newRequester(t, e, devdirectory.HomeTenantID, i).token, "")
			statuses := make([]int, 2)
			var wg sync.WaitGroup
			for j, token := range reviewers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// Odd rounds race two grants, even rounds a grant and a denial.
					if j == 1 && i%2 == 0 {
						statuses[j] = e.do(http.MethodPost, "/api/v1/access-requests/"+req.ID+"/deny", token, map[string]string{"reason": "race"}).Status
						return
					}
					statuses[j] = e.do(http.MethodPost, "/api/v1/access-requests/"+req.ID+"/grant", token, grantBody(access.RoleTenantUser, ownScope, "1d")).Status
				}()
			}
			wg.Wait()
			if !(statuses[0] == 200 && statuses[1] == 409) && !(statuses[0] == 409 && statuses[1] == 200) {
				t.Errorf("round %d: statuses %v, want one 200 and one 409", i, statuses)
			}
			var users int64
			e.db.Gorm.Table("users").Joins("JOIN people ON people.id = users.person_id").Where("people.object_id = ?", req.ObjectID).Count(&users)
			granted := e.auditCount(t, "access-request.granted", req.ID)
			denied := e.auditCount(t, "access-request.denied", req.ID)
			if granted+denied != 1 || users != granted {
				t.Errorf("round %d: %d grants, %d denials and %d users recorded", i, granted, denied, users)
			}
		}
	})
}

func TestExpireStaleRequests(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		stale := e.requestAccess(t, newRequester(t, e, devdirectory.HomeTenantID, 0).token, "")
		fresh := e.requestAccess(t, newRequester(t, e, devdirectory.HomeTenantID, 1).token, "")
		if err := e.db.Gorm.Exec("UPDATE access_requests SET created_at = ? WHERE id = ?", time.Now().UTC().Add(-15*24*time.Hour), stale.ID).Error; err != nil {
			t.Fatal(err)
		}

		// Two replicas sweeping at once expire the request once.
		counts := make([]int, 2)
		var wg sync.WaitGroup
		for i := range counts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := e.accessRequests.ExpireStale(ctx)
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			}()
		}
		wg.Wait()
		if counts[0]+counts[1] != 1 {
			t.Errorf("sweeps expired %v, want 1 in total", counts)
		}
		var detail httpapi.AccessRequestDetail
		e.do(http.MethodGet, "/api/v1/access-requests/"+stale.ID, e.token(adminUPN), nil).json(t, &detail)
		if detail.Request.Status != "expired" || !strings.Contains(detail.Request.DecisionReason, "14d") {
			t.Errorf("stale request = %+v", detail.Request)
		}
		if e.auditCount(t, "access-request.expired", stale.ID) != 1 {
			t.Error("expiry not audited once")
		}
		e.do(http.MethodGet, "/api/v1/access-requests/"+fresh.ID, e.token(adminUPN), nil).json(t, &detail)
		if detail.Request.Status != "pending" {
			t.Errorf("fresh request = %s, want pending", detail.Request.Status)
		}

		// A shorter max age applies at the next sweep.
		patch := map[string]any{"values": map[string]any{"accessRequests.pendingMaxAge": "1h"}}
		if r := e.do(http.MethodPatch, "/api/v1/settings", e.token(adminUPN), patch, "If-Match", settingsETag(t, e)); r.Status != 200 {
			t.Fatalf("settings = %d %s", r.Status, r.Body)
		}
		if err := e.db.Gorm.Exec("UPDATE access_requests SET created_at = ? WHERE id = ?", time.Now().UTC().Add(-2*time.Hour), fresh.ID).Error; err != nil {
			t.Fatal(err)
		}
		if n, err := e.accessRequests.ExpireStale(ctx); err != nil || n != 1 {
			t.Errorf("second sweep = %d, %v; want 1", n, err)
		}
	})
}

func TestAccessRequestDetail(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		alex := newRequester(t, e, devdirectory.HomeTenantID, 0)
		user := userFromRequest(t, e, alex, "1h")
		var oldAssignments []string
		e.db.Gorm.Table("role_assignments").Where("principal_id = ?", user.userID).Pluck("id", &oldAssignments)

		// Expired access: the person may ask again and is reactivated.
		if err := e.db.Gorm.Exec("UPDATE users SET expires_at = ? WHERE id = ?", time.Now().UTC().Add(-time.Minute), user.userID).Error; err != nil {
			t.Fatal(err)
		}
		again := e.requestAccess(t, alex.token, "back from leave")
		var detail httpapi.AccessRequestDetail
		e.do(http.MethodGet, "/api/v1/access-requests/"+again.ID, admin, nil).json(t, &detail)
		if detail.Person == nil || detail.Person.ID != user.personID {
			t.Errorf("detail person = %+v", detail.Person)
		}
		if detail.User == nil || detail.User.ID != user.userID || detail.User.Status != "expired" {
			t.Errorf("detail user = %+v", detail.User)
		}
		if len(detail.EarlierRequests) != 1 || detail.EarlierRequests[0].Status != "granted" {
			t.Errorf("earlier requests = %+v", detail.EarlierRequests)
		}

		granted := e.grantRequest(t, admin, again.ID, grantBody(access.RoleAuditor, map[string]string{"type": "all"}, "30d"))
		if *granted.UserID != user.userID {
			t.Errorf("reactivation made user %s, want %s", *granted.UserID, user.userID)
		}
		var u httpapi.UserView
		e.do(http.MethodGet, "/api/v1/users/"+user.userID, admin, nil).json(t, &u)
		if u.Status != "active" || len(u.Assignments) != 1 || u.Assignments[0].RoleID != access.RoleAuditor || u.Assignments[0].ID == oldAssignments[0] {
			t.Errorf("reactivated user = %+v", u)
		}
		if e.auditCount(t, "user.reactivated", user.userID) != 1 {
			t.Error("reactivation not audited")
		}

		// Removed access: the detail shows the removal.
		if r := e.do(http.MethodDelete, "/api/v1/users/"+user.userID+"?reason=contract+ended", admin, nil); r.Status != 204 {
			t.Fatalf("remove = %d %s", r.Status, r.Body)
		}
		third := e.requestAccess(t, alex.token, "new contract")
		e.do(http.MethodGet, "/api/v1/access-requests/"+third.ID, admin, nil).json(t, &detail)
		if detail.User != nil || len(detail.Removals) != 1 || detail.Removals[0].Reason != "contract ended" || detail.Removals[0].UserID != user.userID {
			t.Errorf("detail after removal: user %+v, removals %+v", detail.User, detail.Removals)
		}
	})
}

// TestGrantBlockedUser grants a request whose requester's user was disabled
// after they asked: the grant must not re-enable them.
func TestGrantBlockedUser(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		user := userFromRequest(t, e, newRequester(t, e, devdirectory.HomeTenantID, 0), "1h")
		if err := e.db.Gorm.Exec("UPDATE users SET expires_at = ? WHERE id = ?", time.Now().UTC().Add(-time.Minute), user.userID).Error; err != nil {
			t.Fatal(err)
		}
		req := e.requestAccess(t, user.token, "")
		if r := e.do(http.MethodPost, "/api/v1/users/"+user.userID+"/disable", admin, map[string]string{"reason": "under review"}); r.Status != 200 {
			t.Fatalf("disable = %d %s", r.Status, r.Body)
		}
		r := e.do(http.MethodPost, "/api/v1/access-requests/"+req.ID+"/grant", admin, grantBody(access.RoleTenantUser, ownScope, ""))
		if p := r.problem(t); r.Status != 409 || p["type"] != "urn:roster:problem:user-blocked" {
			t.Errorf("grant = %d %v", r.Status, p)
		}
		var u httpapi.UserView
		if e.do(http.MethodGet, "/api/v1/users/"+user.userID, admin, nil).json(t, &u); u.Status != "disabled" {
			t.Errorf("user is %s after the refused grant, want disabled", u.Status)
		}
	})
}

func TestListAccessRequests(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		var ids []string
		for i := range 3 {
			ids = append(ids, e.requestAccess(t, newRequester(t, e, devdirectory.HomeTenantID, i).token, "").ID)
		}
		if err := e.db.Gorm.Exec("UPDATE access_requests SET created_at = ? WHERE id = ?", time.Now().UTC().Add(-8*24*time.Hour), ids[0]).Error; err != nil {
			t.Fatal(err)
		}

		cases := []struct {
			query string
			want  []string
		}{
			{"", []string{ids[2], ids[1], ids[0]}},
			{"?sort=createdAt", []string{ids[0], ids[1], ids[2]}},
			{"?olderThan=7d", []string{ids[0]}},
			{"?newerThan=24h", []string{ids[2], ids[1]}},
			{"?status=granted", nil},
			{"?tenantId=" + e.home.ID + "&status=pending", []string{ids[2], ids[1], ids[0]}},
		}
		for _, c := range cases {
			var list httpapi.AccessRequestList
			e.do(http.MethodGet, "/api/v1/access-requests"+c.query, admin, nil).json(t, &list)
			var got []string
			for _, item := range list.Items {
				got = append(got, item.ID)
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("%q = %v, want %v", c.query, got, c.want)
			}
		}

		var page httpapi.AccessRequestList
		e.do(http.MethodGet, "/api/v1/access-requests?limit=2", admin, nil).json(t, &page)
		if len(page.Items) != 2 || page.NextCursor == nil {
			t.Fatalf("first page = %+v", page)
		}
		var rest httpapi.AccessRequestList
		e.do(http.MethodGet, "/api/v1/access-requests?limit=2&cursor="+*page.NextCursor, admin, nil).json(t, &rest)
		if len(rest.Items) != 1 || rest.Items[0].ID != ids[0] || rest.NextCursor != nil {
			t.Errorf("second page = %+v", rest)
		}

		for _, bad := range []string{"?status=open", "?olderThan=soon", "?sort=name", "?tenantId=x", "?colour=red"} {
			if r := e.do(http.MethodGet, "/api/v1/access-requests"+bad, admin, nil); r.Status != 400 {
				t.Errorf("%s = %d, want 400", bad, r.Status)
			}
		}
	})
}

func TestSettingsEndpoints(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		r := e.do(http.MethodGet, "/api/v1/settings", admin, nil)
		var list httpapi.SettingList
		r.json(t, &list)
		if r.Header.Get("ETag") != list.ETag || list.ETag == "" {
			t.Errorf("ETag header %q, body %q", r.Header.Get("ETag"), list.ETag)
		}
		byKey := map[string]httpapi.SettingView{}
		for _, s := range list.Items {
			byKey[s.Key] = s
		}
		if s := byKey["accessRequests.enabled"]; s.Value != true || s.Kind != "boolean" || s.Changed {
			t.Errorf("accessRequests.enabled = %+v", s)
		}
		if s := byKey["accessRequests.defaultGrantExpiry"]; s.Value != "30d" || len(s.Options) != 5 {
			t.Errorf("accessRequests.defaultGrantExpiry = %+v", s)
		}

		patch := map[string]any{"values": map[string]any{"accessRequests.defaultGrantExpiry": "3d"}, "reason": "shorter grants"}
		cases := []struct {
			name    string
			body    any
			headers []string
			status  int
		}{
			{"missing-if-match", patch, nil, 428},
			{"unknown-key", map[string]any{"values": map[string]any{"accessRequests.colour": "red"}}, []string{"If-Match", list.ETag}, 422},
			{"wrong-type", map[string]any{"values": map[string]any{"accessRequests.enabled": "no"}}, []string{"If-Match", list.ETag}, 422},
			{"applied", patch, []string{"If-Match", list.ETag}, 200},
			{"stale", patch, []string{"If-Match", list.ETag}, 412},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if r := e.do(http.MethodPatch, "/api/v1/settings", admin, c.body, c.headers...); r.Status != c.status {
					t.Errorf("status = %d, want %d: %s", r.Status, c.status, r.Body)
				}
			})
		}

		// The new default expiry applies to a grant that names none.
		req := e.requestAccess(t, newRequester(t, e, devdirectory.HomeTenantID, 0).token, "")
		granted := e.grantRequest(t, admin, req.ID, grantBody(access.RoleTenantUser, ownScope, ""))
		if granted.GrantExpiresAt == nil || time.Until(*granted.GrantExpiresAt) < 71*time.Hour || time.Until(*granted.GrantExpiresAt) > 73*time.Hour {
			t.Errorf("default expiry = %v, want in 3 days", granted.GrantExpiresAt)
		}
	})
}

func settingsETag(t *testing.T, e *env) string {
	t.Helper()
	var list httpapi.SettingList
	e.do(http.MethodGet, "/api/v1/settings", e.token(adminUPN), nil).json(t, &list)
	return list.ETag
}

// The matrix's requests for the access request routes.

// freshRequest makes a request of a fresh person of tenant A.
func freshRequest(f *fixture) string {
	f.t.Helper()
	p := f.takeFresh()
	r := f.e.do(http.MethodPost, "/api/v1/access-requests", f.e.token(p.UserPrincipalName), map[string]string{"justification": "matrix"})
	if r.Status != http.StatusCreated {
		f.t.Fatalf("request access = %d %s", r.Status, r.Body)
	}
	var v httpapi.AccessRequestView
	r.json(f.t, &v)
	return v.ID
}

func getRequestA(f *fixture) (string, any, []string) {
	if f.ids["requestA"] == "" {
		f.ids["requestA"] = freshRequest(f)
	}
	return f.expand("/api/v1/access-requests/{requestA}"), nil, nil
}

func grantFreshRequest(f *fixture) (string, any, []string) {
	return "/api/v1/access-requests/" + freshRequest(f) + "/grant", grantBody(access.RoleTenantUser, ownScope, "1d"), nil
}

func denyFreshRequest(f *fixture) (string, any, []string) {
	return "/api/v1/access-requests/" + freshRequest(f) + "/deny", map[string]string{"reason": "matrix"}, nil
}

// withdrawNotAUsersRequest returns the withdrawal of the not-a-user
// principal's pending request, making one if needed: only they may withdraw
// it.
func withdrawNotAUsersRequest(f *fixture) (string, any, []string) {
	token := f.tokens[notAUser]
	mine := f.e.mine(f.t, token)
	for _, item := range mine.Items {
		if item.Status == "pending" {
			return "/api/v1/access-requests/" + item.ID + "/withdraw", nil, nil
		}
	}
	return "/api/v1/access-requests/" + f.e.requestAccess(f.t, token, "matrix").ID + "/withdraw", nil, nil
}

func patchSettings(f *fixture) (string, any, []string) {
	body := map[string]any{"values": map[string]any{"accessRequests.contact": fmt.Sprintf("service desk %d", f.next())}}
	return "/api/v1/settings", body, []string{"If-Match", etag(f, "/api/v1/settings")}
}

// openRoutes are the routes any signed-in caller may use, user or not:
// who they are, and asking for access and following the request.
var openRoutes = map[string]bool{
	"GET /api/v1/me":                            true,
	"POST /api/v1/access-requests":              true,
	"GET /api/v1/access-requests/mine":          true,
	"POST /api/v1/access-requests/:id/withdraw": true,
	"GET /api/v1/events":                        true,
}

// asRequester returns the header that makes a request as p instead of the
// administrator.
func asRequester(f *fixture, p httpapi.PersonView) []string {
	return []string{"Authorization", "Bearer " + f.e.token(p.UserPrincipalName)}
}

func init() {
	// The administrator has access, so the audit walk makes and withdraws
	// a fresh person's request instead.
	auditSetups["POST /api/v1/access-requests"] = func(f *fixture) (string, any, []string) {
		return "/api/v1/access-requests", map[string]string{"justification": "audit walk"}, asRequester(f, f.takeFresh())
	}
	auditSetups["POST /api/v1/access-requests/:id/withdraw"] = func(f *fixture) (string, any, []string) {
		p := f.takeFresh()
		header := asRequester(f, p)
		req := f.e.requestAccess(f.t, strings.TrimPrefix(header[1], "Bearer "), "audit walk")
		return "/api/v1/access-requests/" + req.ID + "/withdraw", nil, header
	}
}
