package devidp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
	"golang.org/x/net/html"

	"github.com/rosterhq/roster/api/internal/auth"
	"github.com/rosterhq/roster/api/internal/devdirectory"
)

func readBody(t *testing.T, response *http.Response) string {
	t.Helper()
	data, err := io.ReadAll(response.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDiscovery(t *testing.T) {
	s := startProvider(t, t.TempDir())
	tests := []struct {
		tenant     string
		wantIssuer string
	}{
		{tenant: homeTenant, wantIssuer: s.origin() + "/" + homeTenant + "/v2.0"},
		{tenant: "organizations", wantIssuer: s.origin() + "/{tenantid}/v2.0"},
		{tenant: "common", wantIssuer: s.origin() + "/{tenantid}/v2.0"},
	}
	for _, tt := range tests {
		t.Run(tt.tenant, func(t *testing.T) {
			response := s.get(t, s.origin()+"/"+tt.tenant+"/v2.0/.well-known/openid-configuration")
			if response.StatusCode != http.StatusOK {
				t.Fatalf("status = %d, want 200", response.StatusCode)
			}
			if got := response.Header.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("Access-Control-Allow-Origin = %q, want *", got)
			}
			var document map[string]any
			if err := json.NewDecoder(response.Body).Decode(&document); err != nil {
				t.Fatal(err)
			}

			base := s.origin() + "/" + tt.tenant
			want := map[string]string{
				"issuer":                 tt.wantIssuer,
				"authorization_endpoint": base + "/oauth2/v2.0/authorize",
				"token_endpoint":         base + "/oauth2/v2.0/token",
				"end_session_endpoint":   base + "/oauth2/v2.0/logout",
				"jwks_uri":               base + "/discovery/v2.0/keys",
			}
			for field, value := range want {
				if document[field] != value {
					t.Errorf("%s = %v, want %s", field, document[field], value)
				}
			}
			if methods, _ := document["code_challenge_methods_supported"].([]any); !slices.Contains(methods, any("S256")) {
				t.Errorf("code_challenge_methods_supported = %v, want S256", methods)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	s := startProvider(t, t.TempDir())
	response := s.get(t, s.origin()+"/"+homeTenant+"/discovery/v2.0/keys")
	if got := response.Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q, want *", got)
	}
	var set struct {
		Keys []map[string]any `json:"keys"`
	}
	if err := json.NewDecoder(response.Body).Decode(&set); err != nil {
		t.Fatal(err)
	}

	if len(set.Keys) != 1 {
		t.Fatalf("keys = %d, want 1", len(set.Keys))
	}
	key := set.Keys[0]
	if _, ok := key["alg"]; ok {
		t.Errorf("key has alg %v, want none (as Entra publishes)", key["alg"])
	}
	for _, field := range []string{"kid", "x5t", "n", "e", "x5c"} {
		if key[field] == nil || key[field] == "" {
			t.Errorf("key has no %s", field)
		}
	}
	if key["kty"] != "RSA" || key["use"] != "sig" {
		t.Errorf("kty, use = %v, %v; want RSA, sig", key["kty"], key["use"])
	}
}

func TestTokenPreflight(t *testing.T) {
	s := startProvider(t, t.TempDir())
	request, err := http.NewRequest(http.MethodOptions, s.origin()+"/organizations/oauth2/v2.0/token", nil)
	if err != nil {
		t.Fatal(err)
	}
	request.Header.Set("Origin", "http://localhost:5173")
	request.Header.Set("Access-Control-Request-Method", "POST")
	request.Header.Set("Access-Control-Request-Headers", "content-type")
	response, err := s.server.Client().Do(request)
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()

	if response.StatusCode != http.StatusNoContent {
		t.Errorf("status = %d, want 204", response.StatusCode)
	}
	if got := response.Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q, want *", got)
	}
	if got := response.Header.Get("Access-Control-Allow-Headers"); got != "content-type" {
		t.Errorf("Access-Control-Allow-Headers = %q, want content-type", got)
	}
}

func TestPickerPage(t *testing.T) {
	s := startProvider(t, t.TempDir())
	_, challenge := pkce("picker")
	params := authorizeParams(challenge)
	params.Set("login_hint", "ALEX.WILBER@northwind-it.example")
	response := s.get(t, s.origin()+"/organizations/oauth2/v2.0/authorize?"+params.Encode())
	if response.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", response.StatusCode)
	}
	document, err := html.Parse(response.Body)
	if err != nil {
		t.Fatal(err)
	}

	buttons := map[string]*html.Node{}
	var headings []string
	var searchLabelled, note bool
	walk(document, func(n *html.Node) {
		switch {
		case n.Data == "button" && attr(n, "name") == "account":
			buttons[accessibleName(n)] = n
		case n.Data == "h2":
			headings = append(headings, accessibleName(n))
		case n.Data == "label" && attr(n, "for") == "search":
			searchLabelled = true
		case attr(n, "role") == "note" && strings.Contains(accessibleName(n), "Development sign-in"):
			note = true
		}
	})

	for _, person := range []Person{megan, alex, diego} {
		name := person.DisplayName + " " + person.UserPrincipalName
		button, ok := buttons[name]
		if !ok {
			t.Errorf("no button named %q; buttons: %v", name, keys(buttons))
			continue
		}
		if got := attr(button, "value"); got != person.TenantID+"/"+person.ObjectID {
			t.Errorf("button %q value = %q, want tenant/object id", name, got)
		}
		_, autofocus := attrOK(button, "autofocus")
		if wantFocus := person == alex; autofocus != wantFocus {
			t.Errorf("button %q autofocus = %v, want %v (login_hint preselects)", name, autofocus, wantFocus)
		}
	}
	if want := []string{"Northwind IT Services", "Fabrikam Manufacturing"}; !slices.Equal(headings, want) {
		t.Errorf("tenant headings = %q, want %q (home tenant first)", headings, want)
	}
	if !searchLabelled {
		t.Error("search box has no label")
	}
	if !note {
		t.Error("page has no development sign-in note")
	}
}

func walk(n *html.Node, visit func(*html.Node)) {
	if n.Type == html.ElementNode {
		visit(n)
	}
	for child := n.FirstChild; child != nil; child = child.NextSibling {
		walk(child, visit)
	}
}

func attrOK(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func attr(n *html.Node, name string) string {
	value, _ := attrOK(n, name)
	return value
}

// accessibleName returns n's text without aria-hidden parts, with spaces
// collapsed: the accessible name of a button without aria-label.
func accessibleName(n *html.Node) string {
	var text strings.Builder
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		if n.Type == html.ElementNode && attr(n, "aria-hidden") == "true" {
			return
		}
		if n.Type == html.TextNode {
			text.WriteString(n.Data)
		}
		for child := n.FirstChild; child != nil; child = child.NextSibling {
			collect(child)
		}
	}
	collect(n)
	return strings.Join(strings.Fields(text.String()), " ")
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestMSALClientCredentials acquires tokens with MSAL Go, as Roster's Graph
// adapter and integrators' scripts do.
func TestMSALClientCredentials(t *testing.T) {
	s := startProvider(t, t.TempDir())
	ctx := context.Background()

	newClient := func(t *testing.T, clientID, secret, tenant string) confidential.Client {
		t.Helper()
		credential, err := confidential.NewCredFromSecret(secret)
		if err != nil {
			t.Fatal(err)
		}
		client, err := confidential.New(s.origin()+"/"+tenant, clientID, credential,
			confidential.WithInstanceDiscovery(false),
			confidential.WithHTTPClient(s.server.Client()))
		if err != nil {
			t.Fatal(err)
		}
		return client
	}

	t.Run("graph-token", func(t *testing.T) {
		client := newClient(t, graphClientID, graphSecret, customerTenant)
		result, err := client.AcquireTokenByCredential(ctx, []string{GraphAudience + "/.default"})
		if err != nil {
			t.Fatalf("AcquireTokenByCredential() error = %v", err)
		}

		request := httptest.NewRequest(http.MethodGet, s.origin()+"/v1.0/users", nil)
		request.Header.Set("Authorization", "Bearer "+result.AccessToken)
		tenantID, err := s.provider.VerifyGraphToken(request)
		if err != nil {
			t.Fatalf("VerifyGraphToken() error = %v", err)
		}
		if tenantID != customerTenant {
			t.Errorf("VerifyGraphToken() tenant = %q, want %q", tenantID, customerTenant)
		}

		claims := parseClaims(t, s.provider, result.AccessToken)
		if claims["aud"] != GraphAudience || claims["idtyp"] != "app" || claims["azp"] != graphClientID {
			t.Errorf("aud, idtyp, azp = %v, %v, %v; want %s, app, %s", claims["aud"], claims["idtyp"], claims["azp"], GraphAudience, graphClientID)
		}
		if _, err := s.verifier(t).Verify(ctx, result.AccessToken); !isCheck(err, auth.CheckAudience) {
			t.Errorf("Roster's verifier on a Graph token: error = %v, want check %q", err, auth.CheckAudience)
		}
	})

	t.Run("api-token", func(t *testing.T) {
		client := newClient(t, scriptClientID, scriptSecret, homeTenant)
		result, err := client.AcquireTokenByCredential(ctx, []string{apiURI + "/.default"})
		if err != nil {
			t.Fatalf("AcquireTokenByCredential() error = %v", err)
		}

		claims, err := s.verifier(t).Verify(ctx, result.AccessToken)
		if err != nil {
			t.Fatalf("Verify() error = %v", err)
		}
		if !claims.IsApp() || claims.AppID != scriptClientID || !slices.Equal(claims.Roles, []string{"People.Read.All"}) {
			t.Errorf("claims = %+v, want an app token of %s with role People.Read.All", claims, scriptClientID)
		}
		if claims.ObjectID != appObjectID(scriptClientID) {
			t.Errorf("ObjectID = %q, want the stable id derived from the client id", claims.ObjectID)
		}
	})

	t.Run("wrong-secret", func(t *testing.T) {
		client := newClient(t, graphClientID, "not-the-secret", homeTenant)
		_, err := client.AcquireTokenByCredential(ctx, []string{GraphAudience + "/.default"})
		if err == nil || !strings.Contains(err.Error(), "invalid_client") {
			t.Fatalf("AcquireTokenByCredential() error = %v, want invalid_client", err)
		}
		if strings.Contains(err.Error(), "not-the-secret") {
			t.Error("error contains the client secret")
		}
	})
}

func isCheck(err error, check auth.Check) bool {
	var rejected *auth.Error
	return errors.As(err, &rejected) && rejected.Check == check
}

func TestVerifyGraphToken(t *testing.T) {
	s := startProvider(t, t.TempDir())
	apiToken, err := s.provider.MintAccessToken(MintOptions{User: megan.UserPrincipalName})
	if err != nil {
		t.Fatal(err)
	}
	noRoles := s.provider.mustGraphToken(t, scriptClientID)
	withRoles := s.provider.mustGraphToken(t, graphClientID)

	tests := []struct {
		name          string
		authorization string
		wantTenant    string
		wantErr       error // nil for success; errAny for any error
	}{
		{name: "valid", authorization: "Bearer " + withRoles, wantTenant: homeTenant},
		{name: "missing", authorization: "", wantErr: devdirectory.ErrNoToken},
		{name: "not-bearer", authorization: "Basic " + withRoles, wantErr: devdirectory.ErrNoToken},
		{name: "api-audience", authorization: "Bearer " + apiToken, wantErr: errAny},
		{name: "tampered", authorization: "Bearer " + withRoles[:len(withRoles)-4] + "AAAA", wantErr: errAny},
		{name: "no-user-read-all", authorization: "Bearer " + noRoles, wantTenant: homeTenant, wantErr: devdirectory.ErrInsufficientPrivileges},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			request := httptest.NewRequest(http.MethodGet, s.origin()+"/v1.0/users", nil)
			if tt.authorization != "" {
				request.Header.Set("Authorization", tt.authorization)
			}
			tenantID, err := s.provider.VerifyGraphToken(request)

			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("VerifyGraphToken() error = %v", err)
			case tt.wantErr == errAny && err == nil:
				t.Fatal("VerifyGraphToken() error = nil, want an error")
			case tt.wantErr != nil && tt.wantErr != errAny && !errors.Is(err, tt.wantErr):
				t.Fatalf("VerifyGraphToken() error = %v, want %v", err, tt.wantErr)
			}
			if tenantID != tt.wantTenant {
				t.Errorf("tenant = %q, want %q", tenantID, tt.wantTenant)
			}
		})
	}
}

var errAny = errors.New("any error")

func (p *Provider) mustGraphToken(t *testing.T, clientID string) string {
	t.Helper()
	token, _, err := p.accessToken(grant{tenantID: homeTenant, app: p.apps[clientID], scopes: scopeRequest{resource: resourceGraph, permissions: []string{".default"}}})
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestMintAccessToken(t *testing.T) {
	s := startProvider(t, t.TempDir())
	verifier := s.verifier(t)

	tests := []struct {
		name        string
		opts        MintOptions
		wantVersion string
		wantTenant  string
		wantObject  string
		wantApp     bool
	}{
		{name: "user-v2", opts: MintOptions{User: "Megan.Bowen@northwind-it.example"}, wantVersion: "2.0", wantTenant: homeTenant, wantObject: megan.ObjectID},
		{name: "user-v1", opts: MintOptions{User: megan.UserPrincipalName, Version: "1.0"}, wantVersion: "1.0", wantTenant: homeTenant, wantObject: megan.ObjectID},
		{name: "user-customer", opts: MintOptions{User: diego.UserPrincipalName}, wantVersion: "2.0", wantTenant: customerTenant, wantObject: diego.ObjectID},
		{name: "app-v2", opts: MintOptions{App: scriptClientID}, wantVersion: "2.0", wantTenant: homeTenant, wantObject: appObjectID(scriptClientID), wantApp: true},
		{name: "app-v1-customer", opts: MintOptions{App: scriptClientID, TenantID: customerTenant, Version: "1.0"}, wantVersion: "1.0", wantTenant: customerTenant, wantObject: appObjectID(scriptClientID), wantApp: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := s.provider.MintAccessToken(tt.opts)
			if err != nil {
				t.Fatalf("MintAccessToken() error = %v", err)
			}
			claims, err := verifier.Verify(context.Background(), token)
			if err != nil {
				t.Fatalf("Verify() error = %v", err)
			}

			if claims.Version != tt.wantVersion {
				t.Errorf("Version = %q, want %q", claims.Version, tt.wantVersion)
			}
			if claims.TenantID != tt.wantTenant {
				t.Errorf("TenantID = %q, want %q", claims.TenantID, tt.wantTenant)
			}
			if claims.ObjectID != tt.wantObject {
				t.Errorf("ObjectID = %q, want %q", claims.ObjectID, tt.wantObject)
			}
			if claims.IsApp() != tt.wantApp {
				t.Errorf("IsApp() = %v, want %v", claims.IsApp(), tt.wantApp)
			}
			if !tt.wantApp && claims.PreferredUsername == "" {
				t.Error("user token has no preferred username (preferred_username or upn)")
			}
		})
	}
}

func TestMintAccessTokenErrors(t *testing.T) {
	s := startProvider(t, t.TempDir())
	tests := []struct {
		name     string
		opts     MintOptions
		wantText []string
	}{
		{name: "unknown-user", opts: MintOptions{User: "nobody@northwind-it.example"}, wantText: []string{`"nobody@northwind-it.example"`, megan.UserPrincipalName}},
		{name: "unknown-app", opts: MintOptions{App: "00000000-0000-4000-8000-000000000000"}, wantText: []string{"00000000-0000-4000-8000-000000000000", scriptClientID + " (Billing script)"}},
		{name: "neither", opts: MintOptions{}, wantText: []string{"exactly one"}},
		{name: "both", opts: MintOptions{User: megan.UserPrincipalName, App: scriptClientID}, wantText: []string{"exactly one"}},
		{name: "bad-version", opts: MintOptions{User: megan.UserPrincipalName, Version: "3.0"}, wantText: []string{`"3.0"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.provider.MintAccessToken(tt.opts)
			if err == nil {
				t.Fatal("MintAccessToken() error = nil")
			}
			for _, text := range tt.wantText {
				if !strings.Contains(err.Error(), text) {
					t.Errorf("error %q does not contain %q", err, text)
				}
			}
		})
	}
}

func TestKeyPersists(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	server := startProvider(t, dataDir)
	// A second Provider on the same DataDir stands for `roster dev token`
	// running in another process beside `roster serve --dev`.
	minter, err := New(testConfig(server.origin(), dataDir))
	if err != nil {
		t.Fatal(err)
	}

	info, err := os.Stat(filepath.Join(dataDir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("key file mode = %v, want 0600", mode)
	}
	if minter.key.kid != server.provider.key.kid {
		t.Errorf("kid = %s and %s, want one key for one DataDir", minter.key.kid, server.provider.key.kid)
	}
	if minter.key.x5t != server.provider.key.x5t {
		t.Errorf("x5t = %s and %s, want the same certificate thumbprint", minter.key.x5t, server.provider.key.x5t)
	}

	token, err := minter.MintAccessToken(MintOptions{User: megan.UserPrincipalName})
	if err != nil {
		t.Fatal(err)
	}
	claims, err := server.verifier(t).Verify(context.Background(), token)
	if err != nil {
		t.Fatalf("Verify() of a token minted by another Provider: %v", err)
	}
	if claims.ObjectID != megan.ObjectID {
		t.Errorf("ObjectID = %q, want %q", claims.ObjectID, megan.ObjectID)
	}
}

func TestNewConfig(t *testing.T) {
	tests := []struct {
		name    string
		change  func(c *Config)
		wantErr string
	}{
		{name: "http-issuer", change: func(c *Config) { c.Issuer = "http://127.0.0.1:8443" }, wantErr: "Issuer"},
		{name: "issuer-with-path", change: func(c *Config) { c.Issuer = "https://127.0.0.1:8443/idp" }, wantErr: "Issuer"},
		{name: "no-data-dir", change: func(c *Config) { c.DataDir = "" }, wantErr: "DataDir"},
		{name: "no-people", change: func(c *Config) { c.People = nil }, wantErr: "People"},
		{name: "audience-not-guid", change: func(c *Config) { c.APIAudience = "api://roster" }, wantErr: "APIAudience"},
		{name: "app-client-id", change: func(c *Config) { c.Apps = []App{{ClientID: "spa"}} }, wantErr: `"spa"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig("https://127.0.0.1:8443", t.TempDir())
			tt.change(&cfg)
			_, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New() error = %v, want one naming %s", err, tt.wantErr)
			}
		})
	}
}

func TestHandles(t *testing.T) {
	s := startProvider(t, t.TempDir())
	tests := []struct {
		path string
		want bool
	}{
		{"/" + homeTenant + "/v2.0/.well-known/openid-configuration", true},
		{"/common/oauth2/v2.0/authorize", true},
		{"/organizations/oauth2/v2.0/token", true},
		{"/" + customerTenant + "/discovery/v2.0/keys", true},
		{"/common/oauth2/v2.0/logout", true},
		{"/api/v1/people", false},
		{"/v1.0/users", false},
		{"/common/oauth2/v2.0/devicecode", false},
		{"/contoso/oauth2/v2.0/token", false},
		{"/", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			request := httptest.NewRequest(http.MethodGet, (&url.URL{Path: tt.path}).String(), nil)
			if got := s.provider.Handles(request); got != tt.want {
				t.Errorf("Handles(%s) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}
