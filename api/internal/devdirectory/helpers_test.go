package devdirectory_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rosterhq/roster/api/internal/devdirectory"
)

// Identifiers of the small test directory.
const (
	tenantA   = "11111111-1111-4111-8111-111111111111"
	tenantB   = "22222222-2222-4222-8222-222222222222"
	appID     = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
	appSecret = "test-secret"
	// appNoRoles is present in tenant A without app roles; appAbsent is
	// registered but present in no tenant.
	appNoRoles = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
	appAbsent  = "cccccccc-cccc-4ccc-8ccc-cccccccccccc"
)

// userID returns the id of the n-th test user.
func userID(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

func itoa(n int) string { return strconv.Itoa(n) }

// testFile returns a directory with users users in tenant A and one in B.
func testFile(users int) devdirectory.File {
	a := devdirectory.Tenant{
		TenantID: tenantA, DisplayName: "Tenant A", DefaultDomain: "a.example",
		Apps: []devdirectory.AppGrant{
			{AppID: appID, Roles: []string{"User.Read.All"}},
			{AppID: appNoRoles, Roles: nil},
		},
	}
	for i := 1; i <= users; i++ {
		a.Users = append(a.Users, testUser(i, "a.example"))
	}
	b := devdirectory.Tenant{
		TenantID: tenantB, DisplayName: "Tenant B", DefaultDomain: "b.example",
		Apps:  []devdirectory.AppGrant{{AppID: appID, Roles: []string{"User.Read.All"}}},
		Users: []devdirectory.User{testUser(500, "b.example")},
	}
	return devdirectory.File{Tenants: []devdirectory.Tenant{a, b}}
}

func testUser(n int, domain string) devdirectory.User {
	name := "user" + itoa(n)
	return devdirectory.User{
		ID:                userID(n),
		DisplayName:       "User " + itoa(n),
		GivenName:         "User",
		Surname:           itoa(n),
		UserPrincipalName: name + "@" + domain,
		Mail:              name + "@" + domain,
		JobTitle:          "Tester",
		BusinessPhones:    []string{"+1 555 0100"},
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeFile(t *testing.T, f devdirectory.File) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "directory.json")
	if err := os.WriteFile(path, mustJSON(t, f), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// env is a TLS test server running a TokenService and a Graph Handler on one
// listener, as `roster dev directory` does.
type env struct {
	dir    *devdirectory.Directory
	tokens *devdirectory.TokenService
	faults *devdirectory.Faults
	srv    *httptest.Server
	file   string
}

func newEnv(t *testing.T, users int, configure func(*devdirectory.Options)) *env {
	t.Helper()
	e := &env{file: writeFile(t, testFile(users)), faults: devdirectory.NewFaults()}
	var err error
	if e.dir, err = devdirectory.Load(e.file); err != nil {
		t.Fatal(err)
	}
	e.tokens, err = devdirectory.NewTokenService(devdirectory.TokenServiceOptions{
		Directory: e.dir,
		Apps: []devdirectory.App{
			{ClientID: appID, Secret: appSecret},
			{ClientID: appNoRoles, Secret: appSecret},
			{ClientID: appAbsent, Secret: appSecret},
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	opts := devdirectory.Options{
		Directory: e.dir, Authenticate: e.tokens.Authenticate,
		Faults: e.faults, Control: true, File: e.file,
	}
	if configure != nil {
		configure(&opts)
	}

	graph := devdirectory.Handler(opts)
	mux := http.NewServeMux()
	mux.Handle("/v1.0/", graph)
	mux.Handle("/_dev/", graph)
	mux.Handle("/", e.tokens.Handler())
	e.srv = httptest.NewTLSServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// token gets an access token for clientID in tenant tid with the client
// secret, through the token endpoint.
func (e *env) token(t *testing.T, tid, clientID string) string {
	t.Helper()
	status, body := e.postToken(t, tid, url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {clientID},
		"client_secret": {appSecret},
		"scope":         {"https://graph.microsoft.com/.default openid offline_access profile"},
	})
	if status != http.StatusOK {
		t.Fatalf("token for %s in %s: status %d: %s", clientID, tid, status, body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &tok); err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

func (e *env) postToken(t *testing.T, tenant string, form url.Values) (int, []byte) {
	t.Helper()
	resp, err := e.srv.Client().PostForm(e.srv.URL+"/"+tenant+"/oauth2/v2.0/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// do sends a request with an optional bearer token and returns the status,
// headers and body.
func (e *env) do(t *testing.T, method, rawURL, token string, body io.Reader, header ...string) (int, http.Header, []byte) {
	t.Helper()
	if strings.HasPrefix(rawURL, "/") {
		rawURL = e.srv.URL + rawURL
	}
	req, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, data
}

// page is a Graph collection response.
type page struct {
	Value     []map[string]any `json:"value"`
	NextLink  string           `json:"@odata.nextLink"`
	DeltaLink string           `json:"@odata.deltaLink"`
}

// graphError is a Graph error response.
type graphError struct {
	Error struct {
		Code       string            `json:"code"`
		Message    string            `json:"message"`
		InnerError map[string]string `json:"innerError"`
	} `json:"error"`
}

func decode[T any](t *testing.T, data []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return v
}

// enumerate follows nextLinks from rawURL and returns every entry and the
// final deltaLink, failing on any page that is not a 200.
func (e *env) enumerate(t *testing.T, rawURL, token string, header ...string) ([]map[string]any, string, int) {
	t.Helper()
	var all []map[string]any
	pages := 0
	for rawURL != "" {
		status, _, body := e.do(t, http.MethodGet, rawURL, token, nil, header...)
		if status != http.StatusOK {
			t.Fatalf("GET %s: status %d: %s", rawURL, status, body)
		}
		p := decode[page](t, body)
		pages++
		all = append(all, p.Value...)
		if p.NextLink == "" {
			return all, p.DeltaLink, pages
		}
		rawURL = p.NextLink
	}
	return all, "", pages
}

func newTLSServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	return srv
}
