package auth

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func newTestVerifier(t *testing.T, a *testAuthority) *Verifier {
	t.Helper()
	v, err := NewVerifier(Config{
		Authority:    a.origin(),
		V1IssuerHost: a.origin(),
		Audiences:    []string{apiClientID, apiURI},
		HomeTenantID: homeTenant,
		TenantAllowed: func(_ context.Context, tenantID string) (bool, error) {
			return tenantID == linkedTenant, nil
		},
		HTTPClient:            a.server.Client(),
		RefreshUnknownKIDRate: time.Hour,
		Logger:                slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVerify(t *testing.T) {
	key := newTestKey(t, "key-1")
	other := newTestKey(t, "key-other")
	a := newTestAuthority(t, key)
	v := newTestVerifier(t, a)
	user := a.userClaimsV2()
	now := time.Now()

	publicPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: mustMarshalPKIX(t, key)})
	hs256 := jwt.NewWithClaims(jwt.SigningMethodHS256, user)
	hs256.Header["kid"] = key.kid
	hs256Token, err := hs256.SignedString(publicPEM)
	if err != nil {
		t.Fatal(err)
	}
	rs384 := jwt.NewWithClaims(jwt.SigningMethodRS384, user)
	rs384.Header["kid"] = key.kid
	rs384Token, err := rs384.SignedString(key.private)
	if err != nil {
		t.Fatal(err)
	}
	wrongKeyWithKnownKID := sign(t, &testKey{kid: key.kid, private: other.private}, user)
	noKID := jwt.NewWithClaims(jwt.SigningMethodRS256, user)
	noKIDToken, err := noKID.SignedString(key.private)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name       string
		token      string
		wantCheck  Check  // empty for a valid token
		wantDetail string // substring of the error detail
		verify     func(t *testing.T, c *Claims)
	}{
		{
			name:  "valid-v2",
			token: sign(t, key, user),
			verify: func(t *testing.T, c *Claims) {
				want := Claims{
					Version: "2.0", Issuer: a.origin() + "/" + homeTenant + "/v2.0", TenantID: homeTenant,
					ObjectID: userObjectID, Name: "Megan Bowen", PreferredUsername: "megan.bowen@northwind-it.example",
					IDType: "user", AppID: spaClientID, SessionID: "session-1",
				}
				assertClaims(t, c, want)
				if strings.Join(c.Scopes, " ") != "access_as_user" {
					t.Errorf("Scopes = %q, want [access_as_user]", c.Scopes)
				}
				if c.IsApp() {
					t.Error("IsApp() = true for a delegated token")
				}
				if c.ExpiresAt.Unix() != user["exp"] || c.IssuedAt.Unix() != user["iat"] {
					t.Errorf("ExpiresAt, IssuedAt = %v, %v; want the exp and iat claims", c.ExpiresAt, c.IssuedAt)
				}
			},
		},
		{
			name: "valid-v1",
			token: sign(t, key, with(user, map[string]any{
				"ver": "1.0", "iss": a.origin() + "/" + homeTenant + "/", "aud": apiURI,
				"preferred_username": nil, "upn": "megan.bowen@northwind-it.example",
				"azp": nil, "appid": spaClientID, "sid": nil,
			})),
			verify: func(t *testing.T, c *Claims) {
				assertClaims(t, c, Claims{
					Version: "1.0", Issuer: a.origin() + "/" + homeTenant + "/", TenantID: homeTenant,
					ObjectID: userObjectID, Name: "Megan Bowen", PreferredUsername: "megan.bowen@northwind-it.example",
					IDType: "user", AppID: spaClientID, SessionID: "unique-token-1",
				})
			},
		},
		{
			name:  "valid-v1-unique-name",
			token: sign(t, key, with(user, map[string]any{"ver": "1.0", "iss": a.origin() + "/" + homeTenant + "/", "preferred_username": nil, "unique_name": "guest@fabrikam.example"})),
			verify: func(t *testing.T, c *Claims) {
				if c.PreferredUsername != "guest@fabrikam.example" {
					t.Errorf("PreferredUsername = %q, want the unique_name", c.PreferredUsername)
				}
			},
		},
		{
			name:  "audience-api-uri",
			token: sign(t, key, with(user, map[string]any{"aud": apiURI})),
		},
		{
			name:  "audience-guid",
			token: sign(t, key, with(user, map[string]any{"aud": apiClientID})),
		},
		{
			name: "linked-customer",
			token: sign(t, key, with(user, map[string]any{
				"tid": linkedTenant, "iss": a.origin() + "/" + linkedTenant + "/v2.0",
			})),
			verify: func(t *testing.T, c *Claims) {
				if c.TenantID != linkedTenant {
					t.Errorf("TenantID = %q, want %q", c.TenantID, linkedTenant)
				}
			},
		},
		{
			name: "app-without-idtyp",
			token: sign(t, key, with(user, map[string]any{
				"scp": nil, "name": nil, "preferred_username": nil, "sid": nil, "roles": []string{"Roster.Read.All"},
			})),
			verify: func(t *testing.T, c *Claims) {
				if !c.IsApp() || c.IDType != "app" {
					t.Errorf("IDType = %q, want app for a token without scp", c.IDType)
				}
				if strings.Join(c.Roles, ",") != "Roster.Read.All" {
					t.Errorf("Roles = %q, want [Roster.Read.All]", c.Roles)
				}
			},
		},
		{
			name:  "idtyp-wins",
			token: sign(t, key, with(user, map[string]any{"scp": nil, "idtyp": "user"})),
			verify: func(t *testing.T, c *Claims) {
				if c.IDType != "user" {
					t.Errorf("IDType = %q, want user from idtyp", c.IDType)
				}
			},
		},
		{
			name:  "expired-within-leeway",
			token: sign(t, key, with(user, map[string]any{"exp": now.Add(-time.Minute).Unix()})),
		},

		{name: "missing", token: "", wantCheck: CheckMissing},
		{name: "missing-blank", token: "  ", wantCheck: CheckMissing},
		{name: "malformed-one-part", token: "not-a-jwt", wantCheck: CheckMalformed},
		{name: "malformed-two-parts", token: "eyJhbGciOiJSUzI1NiJ9.e30", wantCheck: CheckMalformed},
		{name: "malformed-base64", token: "eyJhbGciOiJSUzI1NiJ9.%%%.c2ln", wantCheck: CheckMalformed},
		{name: "malformed-json", token: "bm90IGpzb24.e30.c2ln", wantCheck: CheckMalformed},
		{name: "malformed-no-exp", token: sign(t, key, with(user, map[string]any{"exp": nil})), wantCheck: CheckMalformed, wantDetail: "exp"},
		{name: "malformed-no-oid", token: sign(t, key, with(user, map[string]any{"oid": nil})), wantCheck: CheckMalformed, wantDetail: "oid"},
		{name: "malformed-too-large", token: strings.Repeat("a", maxTokenSize+1), wantCheck: CheckMalformed},
		{name: "alg-none", token: unsignedJWT(t, map[string]any{"alg": "none", "typ": "JWT"}, user), wantCheck: CheckAlgorithm, wantDetail: `"none"`},
		{name: "alg-missing", token: unsignedJWT(t, map[string]any{"typ": "JWT"}, user), wantCheck: CheckAlgorithm},
		{name: "alg-hs256-public-key", token: hs256Token, wantCheck: CheckAlgorithm, wantDetail: "HS256"},
		{name: "alg-rs384", token: rs384Token, wantCheck: CheckAlgorithm, wantDetail: "RS384"},
		{name: "tenant-missing", token: sign(t, key, with(user, map[string]any{"tid": nil})), wantCheck: CheckTenant, wantDetail: "no tid"},
		{name: "tenant-not-guid", token: sign(t, key, with(user, map[string]any{"tid": "contoso"})), wantCheck: CheckTenant, wantDetail: "contoso"},
		{
			name: "tenant-personal-account",
			token: sign(t, key, with(user, map[string]any{
				"tid": personalAccountTenantID, "iss": a.origin() + "/" + personalAccountTenantID + "/v2.0",
			})),
			wantCheck: CheckTenant, wantDetail: "personal Microsoft accounts",
		},
		{
			name: "tenant-unlinked",
			token: sign(t, key, with(user, map[string]any{
				"tid": unlinkedTenant, "iss": a.origin() + "/" + unlinkedTenant + "/v2.0",
			})),
			wantCheck: CheckTenant, wantDetail: unlinkedTenant + " is not linked",
		},
		{
			// A forged token must not learn whether its tenant is linked.
			name: "tenant-unlinked-forged",
			token: sign(t, &testKey{kid: key.kid, private: other.private}, with(user, map[string]any{
				"tid": unlinkedTenant, "iss": a.origin() + "/" + unlinkedTenant + "/v2.0",
			})),
			wantCheck: CheckSignature,
		},
		{
			name:      "issuer-other-tenant",
			token:     sign(t, key, with(user, map[string]any{"iss": a.origin() + "/" + linkedTenant + "/v2.0"})),
			wantCheck: CheckIssuer, wantDetail: linkedTenant,
		},
		{
			name:      "issuer-other-host",
			token:     sign(t, key, with(user, map[string]any{"iss": "https://login.microsoftonline.com/" + homeTenant + "/v2.0"})),
			wantCheck: CheckIssuer, wantDetail: "login.microsoftonline.com",
		},
		{
			name:      "issuer-version-mismatch",
			token:     sign(t, key, with(user, map[string]any{"ver": "1.0"})),
			wantCheck: CheckIssuer, wantDetail: `ver "1.0"`,
		},
		{
			name:      "audience-graph",
			token:     sign(t, key, with(user, map[string]any{"aud": "https://graph.microsoft.com"})),
			wantCheck: CheckAudience, wantDetail: "Microsoft Graph",
		},
		{
			name:      "audience-graph-guid",
			token:     sign(t, key, with(user, map[string]any{"aud": "00000003-0000-0000-c000-000000000000"})),
			wantCheck: CheckAudience, wantDetail: "Microsoft Graph",
		},
		{
			name:      "audience-other",
			token:     sign(t, key, with(user, map[string]any{"aud": "api://someone-else"})),
			wantCheck: CheckAudience, wantDetail: apiClientID + " or " + apiURI,
		},
		{name: "unknown-key", token: sign(t, &testKey{kid: "key-unknown", private: key.private}, user), wantCheck: CheckUnknownKey, wantDetail: "key-unknown"},
		{name: "unknown-key-no-kid", token: noKIDToken, wantCheck: CheckUnknownKey, wantDetail: "no kid"},
		{name: "signature", token: wrongKeyWithKnownKID, wantCheck: CheckSignature},
		{name: "signature-tampered", token: tamper(t, sign(t, key, user)), wantCheck: CheckSignature},
		{name: "expired", token: sign(t, key, with(user, map[string]any{"exp": now.Add(-10 * time.Minute).Unix()})), wantCheck: CheckExpired},
		{name: "not-yet-valid", token: sign(t, key, with(user, map[string]any{"nbf": now.Add(10 * time.Minute).Unix()})), wantCheck: CheckNotYetValid},
		{name: "issued-in-future", token: sign(t, key, with(user, map[string]any{"iat": now.Add(10 * time.Minute).Unix()})), wantCheck: CheckNotYetValid},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims, err := v.Verify(context.Background(), tt.token)

			if tt.wantCheck == "" {
				if err != nil {
					t.Fatalf("Verify() error = %v, want a valid token", err)
				}
				if tt.verify != nil {
					tt.verify(t, claims)
				}
				return
			}

			var rejected *Error
			if !errors.As(err, &rejected) {
				t.Fatalf("Verify() error = %v, want *Error with check %q", err, tt.wantCheck)
			}
			if rejected.Check != tt.wantCheck {
				t.Errorf("Check = %q (%s), want %q", rejected.Check, rejected.Detail, tt.wantCheck)
			}
			if !strings.Contains(rejected.Detail, tt.wantDetail) {
				t.Errorf("Detail = %q, want it to contain %q", rejected.Detail, tt.wantDetail)
			}
			if tt.token != "" && strings.Contains(err.Error(), tt.token[:min(len(tt.token), 60)]) {
				t.Errorf("error %q contains the token", err)
			}
			if claims != nil {
				t.Errorf("Verify() claims = %+v, want nil on error", claims)
			}
		})
	}
}

func assertClaims(t *testing.T, got *Claims, want Claims) {
	t.Helper()
	fields := []struct {
		name      string
		got, want string
	}{
		{"Version", got.Version, want.Version},
		{"Issuer", got.Issuer, want.Issuer},
		{"TenantID", got.TenantID, want.TenantID},
		{"ObjectID", got.ObjectID, want.ObjectID},
		{"Name", got.Name, want.Name},
		{"PreferredUsername", got.PreferredUsername, want.PreferredUsername},
		{"IDType", got.IDType, want.IDType},
		{"AppID", got.AppID, want.AppID},
		{"SessionID", got.SessionID, want.SessionID},
	}
	for _, f := range fields {
		if f.got != f.want {
			t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
		}
	}
}

func mustMarshalPKIX(t *testing.T, key *testKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(&key.private.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// tamper changes the payload of a signed token, keeping its signature.
func tamper(t *testing.T, token string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil {
		t.Fatal(err)
	}
	claims["name"] = "Someone Else"
	forged := unsignedJWT(t, map[string]any{"alg": "RS256", "kid": "key-1", "typ": "JWT"}, claims)
	return strings.TrimSuffix(forged, ".") + "." + parts[2]
}

func TestVerifyTenantLookupError(t *testing.T) {
	key := newTestKey(t, "key-1")
	a := newTestAuthority(t, key)
	v := newTestVerifier(t, a)
	lookupErr := errors.New("database is down")
	v.tenantLinked = func(context.Context, string) (bool, error) { return false, lookupErr }

	token := sign(t, key, with(a.userClaimsV2(), map[string]any{
		"tid": linkedTenant, "iss": a.origin() + "/" + linkedTenant + "/v2.0",
	}))
	_, err := v.Verify(context.Background(), token)

	if !errors.Is(err, lookupErr) {
		t.Fatalf("Verify() error = %v, want the lookup error wrapped", err)
	}
	var rejected *Error
	if errors.As(err, &rejected) {
		t.Errorf("Verify() returned *Error %v for a lookup failure, want a server error", rejected)
	}
}

func TestVerifyAuthorityUnavailable(t *testing.T) {
	key := newTestKey(t, "key-1")
	a := newTestAuthority(t, key)
	a.setFailing(true)
	v := newTestVerifier(t, a)

	_, err := v.Verify(context.Background(), sign(t, key, a.userClaimsV2()))

	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Verify() error = %v, want ErrUnavailable", err)
	}
	var rejected *Error
	if errors.As(err, &rejected) {
		t.Errorf("Verify() returned *Error %v for an unreachable authority, want ErrUnavailable only", rejected)
	}

	a.setFailing(false)
	if _, err := v.Verify(context.Background(), sign(t, key, a.userClaimsV2())); err != nil {
		t.Errorf("Verify() after recovery error = %v, want a valid token (failures must not be cached)", err)
	}
}

func TestVerifyCachesDiscoveryAndKeys(t *testing.T) {
	key := newTestKey(t, "key-1")
	a := newTestAuthority(t, key)
	v := newTestVerifier(t, a)
	home := sign(t, key, a.userClaimsV2())
	customer := sign(t, key, with(a.userClaimsV2(), map[string]any{
		"tid": linkedTenant, "iss": a.origin() + "/" + linkedTenant + "/v2.0",
	}))

	for range 3 {
		for _, token := range []string{home, customer} {
			if _, err := v.Verify(context.Background(), token); err != nil {
				t.Fatalf("Verify() error = %v", err)
			}
		}
	}

	if got := a.discoveryFetches.Load(); got != 2 {
		t.Errorf("discovery fetches = %d, want 2 (one per tenant)", got)
	}
	if got := a.jwksFetches.Load(); got != 1 {
		t.Errorf("JWKS fetches = %d, want 1 (tenants share the jwks_uri)", got)
	}
}

func TestVerifyKeyRollover(t *testing.T) {
	oldKey := newTestKey(t, "key-old")
	newKey := newTestKey(t, "key-new")
	a := newTestAuthority(t, oldKey)
	v := newTestVerifier(t, a)
	ctx := context.Background()

	if _, err := v.Verify(ctx, sign(t, oldKey, a.userClaimsV2())); err != nil {
		t.Fatalf("old key before rollover: %v", err)
	}

	a.publish(newKey)
	if _, err := v.Verify(ctx, sign(t, newKey, a.userClaimsV2())); err != nil {
		t.Fatalf("new key after rollover: %v", err)
	}
	if got := a.jwksFetches.Load(); got != 2 {
		t.Errorf("JWKS fetches = %d, want 2 (first use and one refresh)", got)
	}

	_, err := v.Verify(ctx, sign(t, oldKey, a.userClaimsV2()))
	var rejected *Error
	if !errors.As(err, &rejected) || rejected.Check != CheckUnknownKey {
		t.Fatalf("old key after rollover: error = %v, want check %q", err, CheckUnknownKey)
	}
}

func TestVerifyUnknownKIDFlood(t *testing.T) {
	key := newTestKey(t, "key-1")
	a := newTestAuthority(t, key)
	v := newTestVerifier(t, a)
	clock := &fakeClock{now: time.Now()}
	v.keys.now = clock.Now
	ctx := context.Background()

	if _, err := v.Verify(ctx, sign(t, key, a.userClaimsV2())); err != nil {
		t.Fatalf("Verify() error = %v", err)
	}

	flood := func(round int) {
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Go(func() {
				forged := sign(t, &testKey{kid: fmt.Sprintf("flood-%d-%d", round, i), private: key.private}, a.userClaimsV2())
				_, err := v.Verify(ctx, forged)
				var rejected *Error
				if !errors.As(err, &rejected) || rejected.Check != CheckUnknownKey {
					t.Errorf("Verify() error = %v, want check %q", err, CheckUnknownKey)
				}
			})
		}
		wg.Wait()
	}

	flood(1)
	flood(2)
	if got := a.jwksFetches.Load(); got != 2 {
		t.Errorf("JWKS fetches after two floods in one window = %d, want 2 (first use and one refresh)", got)
	}

	clock.Advance(time.Hour)
	flood(3)
	if got := a.jwksFetches.Load(); got != 3 {
		t.Errorf("JWKS fetches after the next window's flood = %d, want 3", got)
	}
}

func TestVerifyNotBlockedBySlowRefresh(t *testing.T) {
	key := newTestKey(t, "key-1")
	a := newTestAuthority(t, key)
	v := newTestVerifier(t, a)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	known := sign(t, key, a.userClaimsV2())
	if _, err := v.Verify(ctx, known); err != nil {
		t.Fatalf("Verify() error = %v", err)
	}

	held, release := a.holdJWKS()
	refreshDone := make(chan error, 2)
	for _, kid := range []string{"unknown-1", "unknown-2"} {
		go func() {
			_, err := v.Verify(ctx, sign(t, &testKey{kid: kid, private: key.private}, a.userClaimsV2()))
			refreshDone <- err
		}()
	}
	select {
	case <-held:
	case <-ctx.Done():
		t.Fatal("no JWKS refresh started for the unknown kid")
	}

	// The server holds the refresh until release, so a known kid that waited
	// for it would not finish within the bound below.
	knownDone := make(chan error, 1)
	go func() {
		_, err := v.Verify(ctx, known)
		knownDone <- err
	}()
	select {
	case err := <-knownDone:
		if err != nil {
			t.Errorf("Verify() with a known kid during a slow refresh: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("Verify() with a known kid waited for the slow refresh")
	}
	release()

	for range 2 {
		err := <-refreshDone
		var rejected *Error
		if !errors.As(err, &rejected) || rejected.Check != CheckUnknownKey {
			t.Errorf("unknown kid after the refresh: error = %v, want check %q", err, CheckUnknownKey)
		}
	}
	if got := a.jwksFetches.Load(); got != 2 {
		t.Errorf("JWKS fetches = %d, want 2 (concurrent unknown kids share one refresh)", got)
	}
}

func TestVerifyRefreshesStaleKeys(t *testing.T) {
	oldKey := newTestKey(t, "key-old")
	newKey := newTestKey(t, "key-new")
	a := newTestAuthority(t, oldKey)
	v := newTestVerifier(t, a)
	clock := &fakeClock{now: time.Now()}
	v.keys.now = clock.Now
	ctx := context.Background()
	if _, err := v.Verify(ctx, sign(t, oldKey, a.userClaimsV2())); err != nil {
		t.Fatalf("Verify() error = %v", err)
	}

	a.publish(oldKey, newKey)
	clock.Advance(keysMaxAge + time.Minute)
	if _, err := v.Verify(ctx, sign(t, oldKey, a.userClaimsV2())); err != nil {
		t.Fatalf("Verify() with stale keys error = %v, want the cached key to keep working", err)
	}

	deadline := time.Now().Add(5 * time.Second)
	for a.jwksFetches.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := a.jwksFetches.Load(); got != 2 {
		t.Fatalf("JWKS fetches = %d, want 2 (a background refresh of stale keys)", got)
	}
}

func TestNewVerifierConfig(t *testing.T) {
	valid := Config{Authority: "https://login.microsoftonline.com", Audiences: []string{apiClientID}, HomeTenantID: homeTenant}
	tests := []struct {
		name    string
		change  func(c *Config)
		wantErr string
	}{
		{name: "valid", change: func(*Config) {}},
		{name: "authority-http", change: func(c *Config) { c.Authority = "http://127.0.0.1:8080" }, wantErr: "Authority"},
		{name: "authority-empty", change: func(c *Config) { c.Authority = "" }, wantErr: "Authority"},
		{name: "v1-host-http", change: func(c *Config) { c.V1IssuerHost = "http://sts.windows.net" }, wantErr: "V1IssuerHost"},
		{name: "no-audiences", change: func(c *Config) { c.Audiences = nil }, wantErr: "Audiences"},
		{name: "home-not-guid", change: func(c *Config) { c.HomeTenantID = "northwind" }, wantErr: "HomeTenantID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.change(&cfg)
			_, err := NewVerifier(cfg)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("NewVerifier() error = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewVerifier() error = %v, want one naming %s", err, tt.wantErr)
			}
		})
	}
}
