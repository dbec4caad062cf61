package devdirectory_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/rosterhq/roster/api/internal/devdirectory"
)

func TestControlAPI(t *testing.T) {
	e := newEnv(t, 2, nil)
	base := "/_dev/directory/tenants/" + tenantA
	newUser := `{"displayName": "Ada Quinn", "userPrincipalName": "ada.quinn@a.example", "mail": "ada.quinn@a.example"}`

	steps := []struct {
		name   string
		method string
		path   string
		body   string
		status int
	}{
		{"list-tenants", http.MethodGet, "/_dev/directory/tenants", "", 200},
		{"put-user", http.MethodPut, base + "/users/" + userID(3), newUser, 200},
		{"put-user-id-mismatch", http.MethodPut, base + "/users/" + userID(4), `{"id": "` + userID(5) + `", "displayName": "X", "userPrincipalName": "x@a.example"}`, 400},
		{"put-user-invalid", http.MethodPut, base + "/users/" + userID(4), `{"displayName": "X", "userPrincipalName": "x"}`, 400},
		{"put-user-unknown-tenant", http.MethodPut, "/_dev/directory/tenants/nope/users/" + userID(4), newUser, 404},
		{"disable", http.MethodPost, base + "/users/" + userID(1) + "/disable", "", 204},
		{"enable-unknown", http.MethodPost, base + "/users/" + userID(9) + "/enable", "", 404},
		{"delete", http.MethodDelete, base + "/users/" + userID(2), "", 204},
		{"delete-again", http.MethodDelete, base + "/users/" + userID(2), "", 404},
		{"revoke-app", http.MethodDelete, base + "/apps/" + appID, "", 204},
		{"grant-app", http.MethodPut, base + "/apps/" + appAbsent, `{"roles": ["User.Read.All"]}`, 204},
		{"list-users", http.MethodGet, base + "/users", "", 200},
	}
	for _, s := range steps {
		var body io.Reader
		if s.body != "" {
			body = strings.NewReader(s.body)
		}
		status, _, resp := e.do(t, s.method, s.path, "", body)
		if status != s.status {
			t.Errorf("%s: %s %s = %d, want %d: %s", s.name, s.method, s.path, status, s.status, resp)
		}
	}

	users, _ := e.dir.Users(tenantA)
	if len(users) != 2 || users[0].Enabled() || users[1].DisplayName != "Ada Quinn" {
		t.Errorf("users after control calls = %+v, want disabled user 1 and Ada Quinn", users)
	}
	if _, present, _ := e.dir.AppRoles(tenantA, appID); present {
		t.Error("app still present after DELETE .../apps/{appId}")
	}
	if roles, present, _ := e.dir.AppRoles(tenantA, appAbsent); !present || len(roles) != 1 {
		t.Errorf("granted app: roles %v, present %v", roles, present)
	}
}

func TestControlReloadWithoutFile(t *testing.T) {
	e := newEnv(t, 1, func(o *devdirectory.Options) { o.File = "" })
	if status, _, _ := e.do(t, http.MethodPost, "/_dev/directory/reload", "", nil); status != http.StatusConflict {
		t.Errorf("reload without a file: %d, want 409", status)
	}
}
