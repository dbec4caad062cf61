package devdirectory_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rosterhq/roster/api/internal/devdirectory"
)

// entraErr is the body of an Entra token or discovery error.
type entraErr struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
	Codes       []int  `json:"error_codes"`
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t, 1, nil)
	for _, tenant := range []string{tenantA, "a.example"} {
		status, _, body := e.do(t, http.MethodGet, "/"+tenant+"/v2.0/.well-known/openid-configuration", "", nil)
		if status != http.StatusOK {
			t.Fatalf("discovery for %s: %d %s", tenant, status, body)
		}
		doc := decode[map[string]any](t, body)
		base := e.srv.URL + "/" + tenantA
		want := map[string]string{
			"issuer":                 base + "/v2.0",
			"token_endpoint":         base + "/oauth2/v2.0/token",
			"authorization_endpoint": base + "/oauth2/v2.0/authorize",
			"jwks_uri":               base + "/discovery/v2.0/keys",
		}
		for k, v := range want {
			if doc[k] != v {
				t.Errorf("%s: %s = %v, want %s", tenant, k, doc[k], v)
			}
		}
	}

	status, _, body := e.do(t, http.MethodGet, "/"+tenantA+"/discovery/v2.0/keys", "", nil)
	keys := decode[struct {
		Keys []map[string]any `json:"keys"`
	}](t, body)
	if status != http.StatusOK || len(keys.Keys) != 1 || keys.Keys[0]["kty"] != "RSA" || keys.Keys[0]["kid"] == "" {
		t.Errorf("keys: %d %s", status, body)
	}
}

func TestDiscoveryUnknownTenant(t *testing.T) {
	e := newEnv(t, 1, nil)
	status, _, body := e.do(t, http.MethodGet, "/33333333-3333-4333-8333-333333333333/v2.0/.well-known/openid-configuration", "", nil)
	got := decode[entraErr](t, body)
	if status != http.StatusBadRequest || !slices.Equal(got.Codes, []int{90002}) || !strings.HasPrefix(got.Description, "AADSTS90002: ") {
		t.Errorf("unknown tenant: %d %s, want 400 AADSTS90002", status, body)
	}
}

func TestTokenClaims(t *testing.T) {
	e := newEnv(t, 1, nil)
	status, _, body := e.do(t, http.MethodPost, "/a.example/oauth2/v2.0/token", "", strings.NewReader(url.Values{
		"grant_type": {"client_credentials"}, "client_id": {appID}, "client_secret": {appSecret},
		"scope": {"https://graph.microsoft.com/.default openid profile offline_access"},
	}.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	if status != http.StatusOK {
		t.Fatalf("token: %d %s", status, body)
	}
	resp := decode[struct {
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
		AccessToken string `json:"access_token"`
	}](t, body)
	if resp.TokenType != "Bearer" || resp.ExpiresIn != 3600 {
		t.Errorf("token_type %q expires_in %d, want Bearer and 3600", resp.TokenType, resp.ExpiresIn)
	}

	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(resp.AccessToken, claims); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"aud": "https://graph.microsoft.com", "tid": tenantA, "appid": appID, "azp": appID,
		"idtyp": "app", "iss": e.srv.URL + "/" + tenantA + "/v2.0",
	}
	for k, v := range want {
		if claims[k] != v {
			t.Errorf("claim %s = %v, want %v", k, claims[k], v)
		}
	}
	if roles, _ := claims["roles"].([]any); len(roles) != 1 || roles[0] != "User.Read.All" {
		t.Errorf("roles = %v, want [User.Read.All]", claims["roles"])
	}
}

func TestTokenErrors(t *testing.T) {
	e := newEnv(t, 1, nil)
	form := func(edit func(url.Values)) url.Values {
		v := url.Values{
			"grant_type": {"client_credentials"}, "client_id": {appID}, "client_secret": {appSecret},
			"scope": {"https://graph.microsoft.com/.default"},
		}
		edit(v)
		return v
	}
	cases := []struct {
		name   string
		tenant string
		form   url.Values
		status int
		error  string
		code   int
	}{
		{"wrong-secret", tenantA, form(func(v url.Values) { v.Set("client_secret", "guess") }), 401, "invalid_client", 7000215},
		{"no-secret", tenantA, form(func(v url.Values) { v.Del("client_secret") }), 401, "invalid_client", 7000218},
		{"unknown-tenant", "33333333-3333-4333-8333-333333333333", form(func(url.Values) {}), 400, "invalid_request", 90002},
		{"app-not-in-tenant", tenantA, form(func(v url.Values) { v.Set("client_id", appAbsent) }), 400, "unauthorized_client", 700016},
		{"unregistered-app", tenantB, form(func(v url.Values) { v.Set("client_id", appNoRoles) }), 400, "unauthorized_client", 700016},
		{"grant-type", tenantA, form(func(v url.Values) { v.Set("grant_type", "password") }), 400, "unsupported_grant_type", 70003},
		{"scope-not-default", tenantA, form(func(v url.Values) { v.Set("scope", "User.Read") }), 400, "invalid_scope", 1002012},
		{"scope-other-resource", tenantA, form(func(v url.Values) { v.Set("scope", "https://vault.example/.default") }), 400, "invalid_resource", 500011},
		{"scope-missing", tenantA, form(func(v url.Values) { v.Del("scope") }), 400, "invalid_request", 900144},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.postToken(t, tc.tenant, tc.form)
			if status != tc.status {
				t.Fatalf("status = %d, want %d: %s", status, tc.status, body)
			}
			got := decode[entraErr](t, body)
			if got.Error != tc.error || !slices.Equal(got.Codes, []int{tc.code}) {
				t.Errorf("error %q codes %v, want %q [%d]", got.Error, got.Codes, tc.error, tc.code)
			}
			if !strings.HasPrefix(got.Description, "AADSTS") {
				t.Errorf("error_description %q does not start with AADSTS", got.Description)
			}
			if strings.Contains(string(body), appSecret) {
				t.Error("error body contains the client secret")
			}
		})
	}
}

func TestTokenForOwnOrigin(t *testing.T) {
	e := newEnv(t, 1, nil)
	status, body := e.postToken(t, tenantA, url.Values{
		"grant_type": {"client_credentials"}, "client_id": {appID}, "client_secret": {appSecret},
		"scope": {e.srv.URL + "/.default"},
	})
	if status != http.StatusOK {
		t.Fatalf("token for %s: %d %s", e.srv.URL, status, body)
	}
	token := decode[struct {
		AccessToken string `json:"access_token"`
	}](t, body).AccessToken
	if status, _, body := e.do(t, http.MethodGet, "/v1.0/users", token, nil); status != http.StatusOK {
		t.Errorf("Graph call with a token for the server's own origin: %d %s", status, body)
	}
}

// selfSigned returns a certificate and key for client assertions.
func selfSigned(t *testing.T) (*x509.Certificate, *rsa.PrivateKey) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "roster test"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

func assertion(t *testing.T, cert *x509.Certificate, key *rsa.PrivateKey, aud string) string {
	t.Helper()
	thumb := sha256.Sum256(cert.Raw)
	tok := jwt.NewWithClaims(jwt.SigningMethodPS256, jwt.MapClaims{
		"aud": aud, "iss": appID, "sub": appID, "jti": "1",
		"nbf": time.Now().Unix(), "exp": time.Now().Add(10 * time.Minute).Unix(),
	})
	tok.Header["x5t#S256"] = base64.StdEncoding.EncodeToString(thumb[:])
	signed, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func TestClientAssertion(t *testing.T) {
	cert, key := selfSigned(t)
	_, otherKey := selfSigned(t)
	dir, err := devdirectory.Parse(mustJSON(t, testFile(1)))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := devdirectory.NewTokenService(devdirectory.TokenServiceOptions{
		Directory: dir,
		Apps:      []devdirectory.App{{ClientID: appID, Certificates: []*x509.Certificate{cert}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{dir: dir, tokens: svc}
	e.srv = newTLSServer(t, svc.Handler())
	endpoint := e.srv.URL + "/" + tenantA + "/oauth2/v2.0/token"

	cases := []struct {
		name      string
		assertion string
		status    int
	}{
		{"valid", assertion(t, cert, key, endpoint), 200},
		{"wrong-key", assertion(t, cert, otherKey, endpoint), 401},
		{"wrong-audience", assertion(t, cert, key, "https://elsewhere.example/token"), 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.postToken(t, tenantA, url.Values{
				"grant_type": {"client_credentials"}, "client_id": {appID},
				"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
				"client_assertion":      {tc.assertion},
				"scope":                 {"https://graph.microsoft.com/.default"},
			})
			if status != tc.status {
				t.Fatalf("status = %d, want %d: %s", status, tc.status, body)
			}
			if tc.status != 200 {
				if got := decode[entraErr](t, body); got.Error != "invalid_client" || !slices.Equal(got.Codes, []int{700027}) {
					t.Errorf("error = %s, want invalid_client AADSTS700027", body)
				}
			}
		})
	}

	// An app with a certificate only has no secret to guess.
	status, body := e.postToken(t, tenantA, url.Values{
		"grant_type": {"client_credentials"}, "client_id": {appID}, "client_secret": {""},
		"scope": {"https://graph.microsoft.com/.default"},
	})
	if status != http.StatusUnauthorized {
		t.Errorf("empty secret for a certificate app: %d %s, want 401", status, body)
	}
}

func TestAuthenticateRejectsForgedTokens(t *testing.T) {
	e := newEnv(t, 1, nil)
	good := e.token(t, tenantA, appID)
	parts := strings.Split(good, ".")

	// Same claims with extra roles, keeping the genuine signature.
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	_ = json.Unmarshal(payload, &claims)
	claims["tid"] = tenantB
	edited, _ := json.Marshal(claims)
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(edited) + "." + parts[2]

	// A token signed with HS256 and the public key as secret (algorithm confusion).
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(claims))
	confused, _ := hs.SignedString([]byte("secret"))

	// A genuine token, but expired.
	expiredSvc, err := devdirectory.NewTokenService(devdirectory.TokenServiceOptions{Directory: e.dir, Apps: []devdirectory.App{{ClientID: appID, Secret: appSecret}}, Lifetime: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	expiredSrv := newTLSServer(t, expiredSvc.Handler())
	resp, err := expiredSrv.Client().PostForm(expiredSrv.URL+"/"+tenantA+"/oauth2/v2.0/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {appID}, "client_secret": {appSecret},
		"scope": {"https://graph.microsoft.com/.default"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var expiredResp struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&expiredResp)
	resp.Body.Close()

	time.Sleep(1100 * time.Millisecond) // let the 1ns token pass its expiry, which has whole seconds

	cases := map[string]struct {
		svc   *devdirectory.TokenService
		token string
	}{
		"tampered":  {e.tokens, tampered},
		"hs256":     {e.tokens, confused},
		"expired":   {expiredSvc, expiredResp.AccessToken},
		"other-key": {expiredSvc, good},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, "https://example.invalid/v1.0/users", nil)
			req.Header.Set("Authorization", "Bearer "+tc.token)
			tid, err := tc.svc.Authenticate(req)
			if err == nil {
				t.Fatalf("Authenticate accepted the token for tenant %s", tid)
			}
			if strings.Contains(err.Error(), tc.token) {
				t.Error("error contains the token")
			}
		})
	}
}
