package httpapi_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/devidp"
)

// TestTokenFailuresOverHTTP sends one token per verification failure and
// checks that each gets a 401 problem naming its own check.
func TestTokenFailuresOverHTTP(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		key, kid := idpKey(t, e)
		admin, err := e.provider.MintAccessToken(devidp.MintOptions{User: adminUPN})
		if err != nil {
			t.Fatal(err)
		}
		home := devdirectory.HomeTenantID
		now := time.Now()
		base := func() jwt.MapClaims {
			return jwt.MapClaims{
				"ver": "2.0", "iss": e.server.URL + "/" + home + "/v2.0", "aud": devdirectory.APIClientID, "tid": home,
				"oid": "6c886ed1-6232-559b-8c15-4269372d608e", "scp": "access_as_user", "azp": devdirectory.SPAClientID,
				"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix(),
			}
		}
		sign := func(c jwt.MapClaims, mutate func(*jwt.Token)) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
			tok.Header["kid"] = kid
			if mutate != nil {
				mutate(tok)
			}
			s, err := tok.SignedString(key)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		with := func(k string, v any) string {
			c := base()
			c[k] = v
			return sign(c, nil)
		}
		other, _ := rsa.GenerateKey(rand.Reader, 2048)
		hs := jwt.NewWithClaims(jwt.SigningMethodHS256, base())
		hs.Header["kid"] = kid
		hsToken, _ := hs.SignedString([]byte("public key bytes"))
		none := jwt.NewWithClaims(jwt.SigningMethodNone, base())
		noneToken, _ := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
		wrongKey := jwt.NewWithClaims(jwt.SigningMethodRS256, base())
		wrongKey.Header["kid"] = kid
		wrongKeyToken, _ := wrongKey.SignedString(other)
		unknownKid := jwt.NewWithClaims(jwt.SigningMethodRS256, base())
		unknownKid.Header["kid"] = "rotated-away"
		unknownKidToken, _ := unknownKid.SignedString(key)
		personal := base()
		personal["tid"] = "9188040d-6c67-4c5b-b112-36a304b66dad"
		personal["iss"] = e.server.URL + "/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"

		cases := []struct {
			name, token, check string
		}{
			{"malformed", "not.a.jwt", "malformed"},
			{"algorithm-hs256", hsToken, "algorithm"},
			{"algorithm-none", noneToken, "algorithm"},
			{"graph-audience", with("aud", "https://graph.microsoft.com"), "audience"},
			{"other-api-audience", with("aud", "api://someone-else"), "audience"},
			{"personal-account-tenant", sign(personal, nil), "tenant"},
			{"unlinked-tenant", func() string {
				c := base()
				c["tid"], c["iss"] = devdirectory.WoodgroveTenantID, e.server.URL+"/"+devdirectory.WoodgroveTenantID+"/v2.0"
				return sign(c, nil)
			}(), "tenant"},
			{"issuer-of-other-tenant", with("iss", e.server.URL+"/"+devdirectory.FabrikamTenantID+"/v2.0"), "issuer"},
			{"unknown-kid", unknownKidToken, "unknown_key"},
			{"wrong-signature", wrongKeyToken, "signature"},
			{"expired", with("exp", now.Add(-10*time.Minute).Unix()), "expired"},
			{"not-yet-valid", with("nbf", now.Add(10*time.Minute).Unix()), "not_yet_valid"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.do(http.MethodGet, "/api/v1/me", c.token, nil)
				p := r.problem(t)
				if r.Status != 401 || p["check"] != c.check {
					t.Errorf("= %d check %v, want 401 %s: %s", r.Status, p["check"], c.check, r.Body)
				}
			})
		}
		if r := e.do(http.MethodGet, "/api/v1/me", sign(base(), nil), nil); r.Status != 200 {
			t.Errorf("hand-made valid token = %d %s", r.Status, r.Body)
		}
		if r := e.do(http.MethodGet, "/api/v1/me", admin, nil); r.Status != 200 {
			t.Errorf("minted token = %d", r.Status)
		}
	})
}

// idpKey reads the development identity provider's signing key and the
// kid it publishes.
func idpKey(t *testing.T, e *env) (*rsa.PrivateKey, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(e.idpDir, devidp.KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	var key *rsa.PrivateKey
	if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		key = k.(*rsa.PrivateKey)
	} else if key, err = x509.ParsePKCS1PrivateKey(block.Bytes); err != nil {
		t.Fatalf("parse signing key: %v", err)
	}
	resp, err := e.server.Client().Get(e.server.URL + "/" + devdirectory.HomeTenantID + "/discovery/v2.0/keys")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var jwks struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&jwks); err != nil || len(jwks.Keys) == 0 {
		t.Fatalf("read JWKS: %v", err)
	}
	return key, jwks.Keys[0].Kid
}
