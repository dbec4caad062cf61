package devidp

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rosterhq/roster/api/internal/auth"
)

// Demo identifiers, as in the development directory.
const (
	homeTenant     = "7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01"
	customerTenant = "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02"
	apiClientID    = "5d1b7a3e-8f2c-4b6d-a9e0-1c3e5a7b9d10"
	apiURI         = "api://roster"
	spaClientID    = "6e2c8b4f-9a3d-4c7e-b0f1-2d4f6b8c0e11"
	spaRedirectURI = "http://localhost:5173/"
	graphClientID  = "3a9f5c1e-7b2d-4e8a-9c6f-0b2d4f6a8c12"
	graphSecret    = "dev-graph-secret"
	scriptClientID = "8c4e2a6f-1b3d-4f5a-9c7e-2d4f6a8b0c13"
	scriptSecret   = "dev-script-secret"
)

var (
	megan = Person{TenantID: homeTenant, ObjectID: "0c7a1f52-3b8e-4d19-a6f0-5e2d8c4b7a31", DisplayName: "Megan Bowen", UserPrincipalName: "megan.bowen@northwind-it.example"}
	alex  = Person{TenantID: homeTenant, ObjectID: "1d8b2a63-4c9f-4e2a-b7a1-6f3e9d5c8b42", DisplayName: "Alex Wilber", UserPrincipalName: "alex.wilber@northwind-it.example"}
	diego = Person{TenantID: customerTenant, ObjectID: "2e9c3b74-5daa-4f3b-88b2-7a4f0e6d9c53", DisplayName: "Diego Siciliani", UserPrincipalName: "diego.siciliani@fabrikam.example"}
)

func testConfig(origin, dataDir string) Config {
	return Config{
		Issuer:      origin,
		DataDir:     dataDir,
		People:      func() []Person { return []Person{megan, alex, diego} },
		TenantNames: map[string]string{homeTenant: "Northwind IT Services", customerTenant: "Fabrikam Manufacturing"},
		Apps: []App{
			{ClientID: spaClientID, DisplayName: "Roster", RedirectURIs: []string{spaRedirectURI}, TenantID: homeTenant},
			{ClientID: graphClientID, DisplayName: "Roster directory sync", Secret: graphSecret, TenantID: homeTenant, GraphRoles: []string{"User.Read.All"}},
			{ClientID: scriptClientID, DisplayName: "Billing script", Secret: scriptSecret, TenantID: homeTenant, Roles: []string{"People.Read.All"}},
		},
		APIAudience:      apiClientID,
		APIIdentifierURI: apiURI,
		Logger:           slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// testServer is a Provider served over TLS on 127.0.0.1.
type testServer struct {
	provider *Provider
	server   *httptest.Server
	// browser keeps cookies and does not follow redirects, so that tests
	// see every hop of the flow.
	browser *http.Client
}

func startProvider(t *testing.T, dataDir string) *testServer {
	t.Helper()
	var provider *Provider
	server := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		provider.ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)

	provider, err := New(testConfig(server.URL, dataDir))
	if err != nil {
		t.Fatal(err)
	}

	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	browser := server.Client()
	browser.Jar = jar
	browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &testServer{provider: provider, server: server, browser: browser}
}

func (s *testServer) origin() string { return s.server.URL }

// verifier returns Roster's verifier configured to trust this provider, as
// `roster serve --dev` configures it.
func (s *testServer) verifier(t *testing.T) *auth.Verifier {
	t.Helper()
	v, err := auth.NewVerifier(auth.Config{
		Authority:    s.origin(),
		V1IssuerHost: s.origin(),
		Audiences:    []string{apiClientID, apiURI},
		HomeTenantID: homeTenant,
		TenantAllowed: func(_ context.Context, tenantID string) (bool, error) {
			return tenantID == customerTenant, nil
		},
		HTTPClient: s.server.Client(),
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// postToken posts form to the token endpoint of tenant and decodes the JSON body.
func (s *testServer) postToken(t *testing.T, tenant string, form url.Values) (int, map[string]any) {
	t.Helper()
	response, err := s.server.Client().PostForm(s.origin()+"/"+tenant+"/oauth2/v2.0/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	body := map[string]any{}
	if err := json.NewDecoder(response.Body).Decode(&body); err != nil {
		t.Fatalf("token response is not JSON: %v", err)
	}
	return response.StatusCode, body
}

// pkce returns a code verifier and its S256 challenge.
func pkce(seed string) (verifier, challenge string) {
	verifier = base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat(seed, 40)))[:64]
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// authorizeParams are the parameters MSAL.js sends for a redirect sign-in.
func authorizeParams(challenge string) url.Values {
	return url.Values{
		"client_id":             {spaClientID},
		"response_type":         {"code"},
		"redirect_uri":          {spaRedirectURI},
		"scope":                 {apiURI + "/access_as_user openid profile offline_access"},
		"state":                 {"state-1"},
		"nonce":                 {"nonce-1"},
		"code_challenge":        {challenge},
		"code_challenge_method": {"S256"},
		"response_mode":         {"fragment"},
		"client_info":           {"1"},
	}
}

// signIn runs the authorize step as a browser would: it loads the picker,
// submits person and returns the redirect's parameters.
func (s *testServer) signIn(t *testing.T, tenant string, params url.Values, person Person) url.Values {
	t.Helper()
	endpoint := s.origin() + "/" + tenant + "/oauth2/v2.0/authorize"
	page := s.get(t, endpoint+"?"+params.Encode())
	if page.StatusCode != http.StatusOK {
		t.Fatalf("authorize page status = %d, want 200", page.StatusCode)
	}

	form := url.Values{"account": {person.TenantID + "/" + person.ObjectID}}
	for name, values := range params {
		form[name] = values
	}
	response, err := s.browser.PostForm(endpoint, form)
	if err != nil {
		t.Fatal(err)
	}
	response.Body.Close()
	if response.StatusCode != http.StatusFound {
		t.Fatalf("sign-in status = %d, want 302", response.StatusCode)
	}
	return redirectParams(t, response, params.Get("response_mode"))
}

func (s *testServer) get(t *testing.T, address string) *http.Response {
	t.Helper()
	response, err := s.browser.Get(address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { response.Body.Close() })
	return response
}

// redirectParams returns the parameters of a redirect to the SPA, read from
// the fragment or the query.
func redirectParams(t *testing.T, response *http.Response, mode string) url.Values {
	t.Helper()
	location, err := url.Parse(response.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(location.String(), spaRedirectURI) {
		t.Fatalf("redirect to %q, want the SPA's redirect URI %s", location, spaRedirectURI)
	}
	raw := location.RawQuery
	if mode == "fragment" {
		raw = location.Fragment
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	return values
}

// parseClaims verifies a token with the provider's key and returns its claims.
func parseClaims(t *testing.T, p *Provider, token string) jwt.MapClaims {
	t.Helper()
	claims := jwt.MapClaims{}
	_, err := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"})).ParseWithClaims(token, claims, func(*jwt.Token) (any, error) {
		return &p.key.private.PublicKey, nil
	})
	if err != nil {
		t.Fatalf("token does not verify with the provider's key: %v", err)
	}
	return claims
}
