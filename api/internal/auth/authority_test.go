package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Identifiers of the test directory.
const (
	homeTenant     = "7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01"
	linkedTenant   = "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02"
	unlinkedTenant = "9c1d4e7f-2a5b-4c8d-b3e6-5f7a9c1d3e03"
	apiClientID    = "5d1b7a3e-8f2c-4b6d-a9e0-1c3e5a7b9d10"
	apiURI         = "api://roster"
	spaClientID    = "6e2c8b4f-9a3d-4c7e-b0f1-2d4f6b8c0e11"
	userObjectID   = "0c7a1f52-3b8e-4d19-a6f0-5e2d8c4b7a31"
)

// testKey is an RSA signing key with its kid.
type testKey struct {
	kid     string
	private *rsa.PrivateKey
}

func newTestKey(t *testing.T, kid string) *testKey {
	t.Helper()
	private, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return &testKey{kid: kid, private: private}
}

// testAuthority is an Entra-like authority over TLS: per-tenant discovery
// documents that all point at one shared JWKS, as Entra's common keys do.
type testAuthority struct {
	server *httptest.Server

	discoveryFetches atomic.Int32
	jwksFetches      atomic.Int32

	mu        sync.Mutex
	published []*testKey
	failing   bool
	// jwksGate, when set, holds every JWKS request until it is closed, and
	// jwksHeld receives one value per held request.
	jwksGate chan struct{}
	jwksHeld chan struct{}
}

func newTestAuthority(t *testing.T, keys ...*testKey) *testAuthority {
	t.Helper()
	a := &testAuthority{published: keys}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{tenant}/v2.0/.well-known/openid-configuration", a.serveDiscovery)
	mux.HandleFunc("GET /common/discovery/v2.0/keys", a.serveKeys)
	a.server = httptest.NewTLSServer(mux)
	t.Cleanup(a.server.Close)
	return a
}

func (a *testAuthority) origin() string { return a.server.URL }

func (a *testAuthority) publish(keys ...*testKey) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.published = keys
}

func (a *testAuthority) setFailing(failing bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.failing = failing
}

// holdJWKS makes JWKS requests wait until the returned function is called.
func (a *testAuthority) holdJWKS() (held <-chan struct{}, release func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	gate := make(chan struct{})
	a.jwksGate = gate
	a.jwksHeld = make(chan struct{}, 100)
	return a.jwksHeld, func() { close(gate) }
}

func (a *testAuthority) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	a.discoveryFetches.Add(1)
	a.mu.Lock()
	failing := a.failing
	a.mu.Unlock()
	if failing {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}

	tenant := r.PathValue("tenant")
	writeJSON(w, map[string]any{
		"issuer":                 a.origin() + "/" + tenant + "/v2.0",
		"jwks_uri":               a.origin() + "/common/discovery/v2.0/keys",
		"authorization_endpoint": a.origin() + "/" + tenant + "/oauth2/v2.0/authorize",
		"token_endpoint":         a.origin() + "/" + tenant + "/oauth2/v2.0/token",
	})
}

func (a *testAuthority) serveKeys(w http.ResponseWriter, r *http.Request) {
	a.jwksFetches.Add(1)
	a.mu.Lock()
	gate, held, keys := a.jwksGate, a.jwksHeld, a.published
	a.mu.Unlock()
	if gate != nil {
		held <- struct{}{}
		<-gate
	}

	// Entra publishes its keys without alg.
	entries := make([]map[string]any, 0, len(keys))
	for _, k := range keys {
		entries = append(entries, map[string]any{
			"kty": "RSA",
			"use": "sig",
			"kid": k.kid,
			"n":   base64.RawURLEncoding.EncodeToString(k.private.N.Bytes()),
			"e":   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.private.E)).Bytes()),
		})
	}
	writeJSON(w, map[string]any{"keys": entries})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// sign returns claims signed with key as an RS256 JWT carrying key's kid.
func sign(t *testing.T, key *testKey, claims jwt.MapClaims) string {
	t.Helper()
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	token.Header["kid"] = key.kid
	signed, err := token.SignedString(key.private)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// userClaimsV2 are the claims of a delegated v2 token of the home tenant.
func (a *testAuthority) userClaimsV2() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"ver":                "2.0",
		"iss":                a.origin() + "/" + homeTenant + "/v2.0",
		"aud":                apiClientID,
		"tid":                homeTenant,
		"oid":                userObjectID,
		"sub":                "pairwise-subject",
		"name":               "Megan Bowen",
		"preferred_username": "megan.bowen@northwind-it.example",
		"scp":                "access_as_user",
		"azp":                spaClientID,
		"sid":                "session-1",
		"uti":                "unique-token-1",
		"iat":                now.Unix(),
		"nbf":                now.Unix(),
		"exp":                now.Add(time.Hour).Unix(),
	}
}

// with returns a copy of claims with changes applied; a nil value deletes.
func with(claims jwt.MapClaims, changes map[string]any) jwt.MapClaims {
	out := jwt.MapClaims{}
	for k, v := range claims {
		out[k] = v
	}
	for k, v := range changes {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// unsignedJWT joins a header and claims with an empty signature.
func unsignedJWT(t *testing.T, header, claims map[string]any) string {
	t.Helper()
	part := func(v map[string]any) string {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(raw)
	}
	return strings.Join([]string{part(header), part(claims), ""}, ".")
}

// fakeClock drives the verifier's key cache through refresh windows.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
