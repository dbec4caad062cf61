package devdirectory_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/devdirectory"
)

func ids(entries []map[string]any) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e["id"].(string))
	}
	sort.Strings(out)
	return out
}

func TestDeltaFullEnumerationPages(t *testing.T) {
	e := newEnv(t, 25, nil)
	token := e.token(t, tenantA, appID)

	cases := []struct {
		name      string
		url       string
		header    []string
		wantPages int
	}{
		{"top", "/v1.0/users/delta()?$top=10", nil, 3},
		{"prefer", "/v1.0/users/delta()", []string{"Prefer", "odata.maxpagesize=7"}, 4},
		{"default-size", "/v1.0/users/delta()", nil, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			all, deltaLink, pages := e.enumerate(t, tc.url, token, tc.header...)
			if len(all) != 25 {
				t.Errorf("enumerated %d users, want 25", len(all))
			}
			if pages != tc.wantPages {
				t.Errorf("pages = %d, want %d", pages, tc.wantPages)
			}
			if !strings.HasPrefix(deltaLink, e.srv.URL+"/v1.0/users/delta()?$deltatoken=") {
				t.Errorf("deltaLink = %q, want an absolute link to this server", deltaLink)
			}
			if got := ids(all); got[0] != userID(1) || got[24] != userID(25) {
				t.Errorf("ids run from %s to %s, want users 1 to 25", got[0], got[24])
			}
		})
	}
}

func TestDeltaNextLinkIsAbsolute(t *testing.T) {
	e := newEnv(t, 3, nil)
	token := e.token(t, tenantA, appID)
	status, _, body := e.do(t, http.MethodGet, "/v1.0/users/delta()?$top=2", token, nil)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	p := decode[page](t, body)
	if !strings.HasPrefix(p.NextLink, e.srv.URL+"/v1.0/users/delta()?$skiptoken=") || p.DeltaLink != "" {
		t.Errorf("nextLink = %q, deltaLink = %q; want an absolute nextLink only", p.NextLink, p.DeltaLink)
	}
}

func TestDeltaContinuationReturnsChanges(t *testing.T) {
	e := newEnv(t, 6, nil)
	token := e.token(t, tenantA, appID)
	_, deltaLink, _ := e.enumerate(t, "/v1.0/users/delta()?$select=displayName,accountEnabled&$top=2", token)

	changed := testUser(1, "a.example")
	changed.JobTitle = "Lead"
	if err := e.dir.UpsertUser(tenantA, changed); err != nil {
		t.Fatal(err)
	}
	if err := e.dir.SetAccountEnabled(tenantA, userID(3), false); err != nil {
		t.Fatal(err)
	}
	if err := e.dir.DeleteUser(tenantA, userID(5)); err != nil {
		t.Fatal(err)
	}
	if err := e.dir.UpsertUser(tenantA, testUser(7, "a.example")); err != nil {
		t.Fatal(err)
	}
	if err := e.dir.DeleteUser(tenantB, userID(500)); err != nil { // another tenant's change
		t.Fatal(err)
	}

	all, next, _ := e.enumerate(t, deltaLink, token)
	if got, want := ids(all), []string{userID(1), userID(3), userID(5), userID(7)}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("changed ids = %v, want %v", got, want)
	}
	for _, u := range all {
		switch u["id"] {
		case userID(5):
			removed, _ := u["@removed"].(map[string]any)
			if removed["reason"] != "changed" || len(u) != 2 {
				t.Errorf("deleted user entry = %v, want id and @removed reason changed only", u)
			}
		case userID(3):
			if u["accountEnabled"] != false {
				t.Errorf("disabled user entry = %v, want accountEnabled false", u)
			}
		default:
			// The $select of the first request stays in force.
			if _, ok := u["jobTitle"]; ok || u["displayName"] == nil {
				t.Errorf("entry %v, want only the selected properties", u)
			}
		}
	}

	again, _, _ := e.enumerate(t, next, token)
	if len(again) != 0 {
		t.Errorf("delta after no change returned %v, want nothing", ids(again))
	}
}

func TestDeltaChangeDuringPagingReturnedNextRound(t *testing.T) {
	e := newEnv(t, 4, nil)
	token := e.token(t, tenantA, appID)
	_, _, body := e.do(t, http.MethodGet, "/v1.0/users/delta()?$top=2", token, nil)
	first := decode[page](t, body)

	// User 1 was on the first page; it changes before the client reads on.
	if err := e.dir.SetAccountEnabled(tenantA, userID(1), false); err != nil {
		t.Fatal(err)
	}
	rest, deltaLink, _ := e.enumerate(t, first.NextLink, token)
	if len(first.Value)+len(rest) != 4 {
		t.Fatalf("round returned %d users, want 4", len(first.Value)+len(rest))
	}
	changes, _, _ := e.enumerate(t, deltaLink, token)
	if got := ids(changes); len(got) != 1 || got[0] != userID(1) {
		t.Errorf("next round = %v, want user 1, which changed while paging", got)
	}
}

func TestDeltaFirstEnumerationSkipsTombstones(t *testing.T) {
	e := newEnv(t, 3, nil)
	if err := e.dir.DeleteUser(tenantA, userID(2)); err != nil {
		t.Fatal(err)
	}
	all, _, _ := e.enumerate(t, "/v1.0/users/delta()", e.token(t, tenantA, appID))
	for _, u := range all {
		if _, removed := u["@removed"]; removed || u["id"] == userID(2) {
			t.Errorf("first enumeration returned %v", u)
		}
	}
	if len(all) != 2 {
		t.Errorf("first enumeration returned %d users, want 2", len(all))
	}
}

func TestSelect(t *testing.T) {
	e := newEnv(t, 1, nil)
	token := e.token(t, tenantA, appID)
	cases := []struct {
		name string
		url  string
		want []string
	}{
		{"delta-select", "/v1.0/users/delta()?$select=displayName,ACCOUNTENABLED,otherMails", []string{"accountEnabled", "displayName", "id", "otherMails"}},
		{"users-select", "/v1.0/users?$select=mail", []string{"id", "mail"}},
		{"users-default", "/v1.0/users", []string{"businessPhones", "displayName", "givenName", "id", "jobTitle", "mail", "mobilePhone", "officeLocation", "surname", "userPrincipalName"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			all, _, _ := e.enumerate(t, tc.url, token)
			var keys []string
			for k := range all[0] {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if strings.Join(keys, ",") != strings.Join(tc.want, ",") {
				t.Errorf("properties = %v, want %v", keys, tc.want)
			}
		})
	}
}

func TestSelectTypesAndNulls(t *testing.T) {
	e := newEnv(t, 1, nil)
	all, _, _ := e.enumerate(t, "/v1.0/users?$select=otherMails,mobilePhone,accountEnabled,onPremisesSyncEnabled,userType", e.token(t, tenantA, appID))
	u := all[0]
	if list, ok := u["otherMails"].([]any); !ok || len(list) != 0 {
		t.Errorf("otherMails = %#v, want []", u["otherMails"])
	}
	if v, ok := u["mobilePhone"]; !ok || v != nil {
		t.Errorf("mobilePhone = %#v, want null", v)
	}
	if u["accountEnabled"] != true || u["userType"] != "Member" || u["onPremisesSyncEnabled"] != nil {
		t.Errorf("entry = %v", u)
	}
}

func TestBadRequests(t *testing.T) {
	e := newEnv(t, 2, nil)
	token := e.token(t, tenantA, appID)
	cases := []struct {
		name     string
		url      string
		status   int
		wantCode string
	}{
		{"unknown-property", "/v1.0/users/delta()?$select=shoeSize", 400, "Request_BadRequest"},
		{"top-too-big", "/v1.0/users?$top=1000", 400, "Request_BadRequest"},
		{"top-zero", "/v1.0/users/delta()?$top=0", 400, "Request_BadRequest"},
		{"filter", "/v1.0/users?$filter=accountEnabled%20eq%20true", 400, "Request_UnsupportedQuery"},
		{"unknown-segment", "/v1.0/groups", 400, "BadRequest"},
		{"users-skiptoken", "/v1.0/users?$skiptoken=abc", 400, "Request_BadRequest"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, header, body := e.do(t, http.MethodGet, tc.url, token, nil)
			if status != tc.status {
				t.Fatalf("status = %d, want %d: %s", status, tc.status, body)
			}
			ge := decode[graphError](t, body)
			if ge.Error.Code != tc.wantCode {
				t.Errorf("code = %q, want %q", ge.Error.Code, tc.wantCode)
			}
			if ge.Error.InnerError["request-id"] == "" || ge.Error.InnerError["date"] == "" || header.Get("request-id") == "" {
				t.Errorf("error lacks request-id or date: %s", body)
			}
		})
	}
}

func TestUsersListPages(t *testing.T) {
	e := newEnv(t, 12, nil)
	all, deltaLink, pages := e.enumerate(t, "/v1.0/users?$top=5&$select=displayName", e.token(t, tenantA, appID))
	if len(all) != 12 || pages != 3 || deltaLink != "" {
		t.Errorf("users list: %d users in %d pages, deltaLink %q; want 12 in 3 and none", len(all), pages, deltaLink)
	}
}

// forge re-signs nothing: it edits a signed token's payload and keeps the old
// signature, as an attacker without the key would.
func forge(t *testing.T, link, param string, edit func(map[string]any)) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	token := u.Query().Get(param)
	payloadB64, sig, _ := strings.Cut(token, ".")
	payload, err := base64.RawURLEncoding.DecodeString(payloadB64)
	if err != nil {
		t.Fatalf("token payload is not base64url: %v", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	edit(claims)
	payload, _ = json.Marshal(claims)
	q := u.Query()
	q.Set(param, base64.RawURLEncoding.EncodeToString(payload)+"."+sig)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestDeltaTokenForgeryRejected(t *testing.T) {
	e := newEnv(t, 3, nil)
	tokenA := e.token(t, tenantA, appID)
	_, deltaLink, _ := e.enumerate(t, "/v1.0/users/delta()", tokenA)
	_, _, body := e.do(t, http.MethodGet, "/v1.0/users/delta()?$top=1", tokenA, nil)
	nextLink := decode[page](t, body).NextLink

	cases := []struct {
		name   string
		url    string
		bearer string
	}{
		{"since-edited", forge(t, deltaLink, "$deltatoken", func(c map[string]any) { c["s"] = 0 }), tokenA},
		{"tenant-edited", forge(t, deltaLink, "$deltatoken", func(c map[string]any) { c["t"] = tenantB }), e.token(t, tenantB, appID)},
		{"other-tenant", deltaLink, e.token(t, tenantB, appID)},
		{"skiptoken-as-deltatoken", strings.Replace(nextLink, "$skiptoken", "$deltatoken", 1), tokenA},
		{"garbage", "/v1.0/users/delta()?$deltatoken=abc.def", tokenA},
		{"truncated-signature", deltaLink[:len(deltaLink)-3], tokenA},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := e.do(t, http.MethodGet, tc.url, tc.bearer, nil)
			if status != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400: %s", status, body)
			}
			if code := decode[graphError](t, body).Error.Code; code != "syncStateNotFound" {
				t.Errorf("code = %q, want syncStateNotFound", code)
			}
		})
	}

	// The untouched link still works.
	if status, _, body := e.do(t, http.MethodGet, deltaLink, tokenA, nil); status != http.StatusOK {
		t.Errorf("genuine delta link: status %d: %s", status, body)
	}
}

func TestDeltaTokenFromOtherInstanceRejected(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	first := newEnv(t, 2, func(o *devdirectory.Options) { o.DeltaKey = key })
	_, deltaLink, _ := first.enumerate(t, "/v1.0/users/delta()", first.token(t, tenantA, appID))

	// Same key, but a fresh directory whose sequence numbers mean something else.
	second := newEnv(t, 2, func(o *devdirectory.Options) { o.DeltaKey = key })
	link := strings.Replace(deltaLink, first.srv.URL, second.srv.URL, 1)
	status, _, body := second.do(t, http.MethodGet, link, second.token(t, tenantA, appID), nil)
	if status != http.StatusBadRequest || decode[graphError](t, body).Error.Code != "syncStateNotFound" {
		t.Errorf("status %d %s, want 400 syncStateNotFound", status, body)
	}
}

func TestDeltaTokenTTL(t *testing.T) {
	e := newEnv(t, 2, func(o *devdirectory.Options) { o.DeltaTokenTTL = time.Second })
	token := e.token(t, tenantA, appID)
	_, deltaLink, _ := e.enumerate(t, "/v1.0/users/delta()", token)
	time.Sleep(2100 * time.Millisecond) // token ages are whole seconds
	status, _, body := e.do(t, http.MethodGet, deltaLink, token, nil)
	if status != http.StatusBadRequest || decode[graphError](t, body).Error.Code != "syncStateNotFound" {
		t.Errorf("expired delta link: status %d %s, want 400 syncStateNotFound", status, body)
	}
}

func TestGraphAuthentication(t *testing.T) {
	e := newEnv(t, 1, nil)
	other := newEnv(t, 1, nil) // same tenants, different signing key
	cases := []struct {
		name   string
		bearer string
		status int
		code   string
	}{
		{"no-token", "", 401, "InvalidAuthenticationToken"},
		{"garbage", "not.a.jwt", 401, "InvalidAuthenticationToken"},
		{"foreign-key", other.token(t, tenantA, appID), 401, "InvalidAuthenticationToken"},
		{"no-roles", e.token(t, tenantA, appNoRoles), 403, "Authorization_RequestDenied"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := e.do(t, http.MethodGet, "/v1.0/users/delta()", tc.bearer, nil)
			if status != tc.status {
				t.Fatalf("status = %d, want %d: %s", status, tc.status, body)
			}
			ge := decode[graphError](t, body)
			if ge.Error.Code != tc.code {
				t.Errorf("code = %q, want %q", ge.Error.Code, tc.code)
			}
			if tc.bearer != "" && strings.Contains(string(body), tc.bearer) {
				t.Error("error body contains the token")
			}
		})
	}
}

func TestTenantComesFromToken(t *testing.T) {
	e := newEnv(t, 3, nil)
	all, _, _ := e.enumerate(t, "/v1.0/users", e.token(t, tenantB, appID))
	if got := ids(all); len(got) != 1 || got[0] != userID(500) {
		t.Errorf("tenant B listing = %v, want only user 500", got)
	}
}

func TestReloadThenDeltaSeesOnlyEdit(t *testing.T) {
	e := newEnv(t, 5, nil)
	token := e.token(t, tenantA, appID)
	_, deltaLink, _ := e.enumerate(t, "/v1.0/users/delta()", token)

	f := testFile(5)
	f.Tenants[0].Users[3].Department = "Quality"
	if err := os.WriteFile(e.file, mustJSON(t, f), 0o600); err != nil {
		t.Fatal(err)
	}
	status, _, body := e.do(t, http.MethodPost, "/_dev/directory/reload", "", nil)
	if status != http.StatusOK {
		t.Fatalf("reload: status %d: %s", status, body)
	}
	if sum := decode[devdirectory.ReloadSummary](t, body); sum.UsersUpdated != 1 || sum.UsersAdded+sum.UsersDeleted != 0 {
		t.Errorf("reload summary = %+v, want one update", sum)
	}

	changes, _, _ := e.enumerate(t, deltaLink, token)
	if got := ids(changes); len(got) != 1 || got[0] != userID(4) {
		t.Errorf("delta after reload = %v, want user 4 only", got)
	}
}
