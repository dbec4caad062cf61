package devdirectory

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// GraphResource is the resource (audience) of Microsoft Graph tokens in the
// global cloud.
const GraphResource = "https://graph.microsoft.com"

// readRoles are the app roles that allow reading users.
var readRoles = []string{"User.Read.All", "Directory.Read.All"}

// App is a confidential client application registered with a TokenService.
// Which tenants it is present in, and with which app roles, is set per tenant
// in the Directory (Tenant.Apps).
type App struct {
	ClientID string
	// Secret is the client secret; empty means no secret is accepted.
	Secret string
	// Certificates are accepted for client assertions (private_key_jwt),
	// matched by the assertion's x5t#S256 or x5t header.
	Certificates []*x509.Certificate
}

// TokenServiceOptions configures NewTokenService.
type TokenServiceOptions struct {
	// Directory provides the tenants and each tenant's apps. Required.
	Directory *Directory
	Apps      []App
	// Key signs the access tokens; nil makes a new 2048-bit key.
	Key *rsa.PrivateKey
	// Lifetime of access tokens; 0 means one hour. MSAL Go treats a token as
	// expired five minutes early, so lifetimes of 5 minutes or less defeat its
	// cache.
	Lifetime time.Duration
}

// TokenService is a small Microsoft identity platform for app-only tokens: it
// serves per-tenant OpenID Connect discovery, a JSON Web Key Set and the
// client-credentials grant, enough for MSAL Go's confidential client. Its
// errors have Entra's shape and AADSTS codes.
type TokenService struct {
	dir      *Directory
	apps     map[string]App
	key      *rsa.PrivateKey
	kid      string
	lifetime time.Duration
	now      func() time.Time
}

// NewTokenService returns a token service for opts.
func NewTokenService(opts TokenServiceOptions) (*TokenService, error) {
	if opts.Directory == nil {
		return nil, errors.New("devdirectory: TokenServiceOptions.Directory is required")
	}
	key := opts.Key
	if key == nil {
		var err error
		if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			return nil, fmt.Errorf("generate token signing key: %w", err)
		}
	}
	s := &TokenService{dir: opts.Directory, apps: map[string]App{}, key: key, lifetime: opts.Lifetime, now: time.Now}
	if s.lifetime <= 0 {
		s.lifetime = time.Hour
	}
	for _, a := range opts.Apps {
		s.apps[strings.ToLower(a.ClientID)] = a
	}
	sum := sha256.Sum256(key.PublicKey.N.Bytes())
	s.kid = base64.RawURLEncoding.EncodeToString(sum[:12])
	return s, nil
}

// Handler serves, for every tenant of the directory (by id or default
// domain):
//
//	GET  /{tenant}/v2.0/.well-known/openid-configuration
//	GET  /{tenant}/discovery/v2.0/keys
//	POST /{tenant}/oauth2/v2.0/token      grant_type=client_credentials only
//	GET  /{tenant}/oauth2/v2.0/authorize  always an error: no interactive sign-in here
//
// Issuer and endpoints are built from the request's scheme and Host, so MSAL
// finds them on the authority host it was given.
func (s *TokenService) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{tenant}/v2.0/.well-known/openid-configuration", s.discovery)
	mux.HandleFunc("GET /{tenant}/discovery/v2.0/keys", s.keys)
	mux.HandleFunc("POST /{tenant}/oauth2/v2.0/token", s.token)
	mux.HandleFunc("GET /{tenant}/oauth2/v2.0/authorize", s.authorize)
	return mux
}

func (s *TokenService) lookupTenant(w http.ResponseWriter, r *http.Request, oauthCode string) (TenantInfo, bool) {
	key := r.PathValue("tenant")
	t, err := s.dir.Tenant(key)
	if err != nil {
		entraError{http.StatusBadRequest, oauthCode, 90002, fmt.Sprintf("Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", key)}.write(w)
		return TenantInfo{}, false
	}
	return t, true
}

func (s *TokenService) discovery(w http.ResponseWriter, r *http.Request) {
	t, ok := s.lookupTenant(w, r, "invalid_tenant")
	if !ok {
		return
	}
	base := baseURL(r) + "/" + t.TenantID
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                base + "/v2.0",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"tenant_region_scope":                   nil,
		"cloud_instance_name":                   r.Host,
	})
}

func (s *TokenService) keys(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.lookupTenant(w, r, "invalid_tenant"); !ok {
		return
	}
	pub := s.key.PublicKey
	enc := base64.RawURLEncoding
	// Like Entra's key set, the entry carries no "alg": verifiers pin RS256.
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]any{{
		"kty": "RSA",
		"use": "sig",
		"kid": s.kid,
		"n":   enc.EncodeToString(pub.N.Bytes()),
		"e":   enc.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

func (s *TokenService) authorize(w http.ResponseWriter, r *http.Request) {
	entraError{http.StatusBadRequest, "unsupported_response_type", 700054, "This token service issues app-only tokens with the client credentials grant; interactive sign-in is not available here."}.write(w)
}

// token serves the client credentials grant.
func (s *TokenService) token(w http.ResponseWriter, r *http.Request) {
	t, ok := s.lookupTenant(w, r, "invalid_request")
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		entraError{http.StatusBadRequest, "invalid_request", 900144, "The request body must be application/x-www-form-urlencoded."}.write(w)
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "client_credentials" {
		entraError{http.StatusBadRequest, "unsupported_grant_type", 70003, fmt.Sprintf("The app requested an unsupported grant type '%s'; only client_credentials is supported here.", gt)}.write(w)
		return
	}
	clientID, secret, basic := r.BasicAuth()
	if !basic {
		clientID, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if clientID == "" {
		entraError{http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'."}.write(w)
		return
	}
	resource, errResp := scopeResource(r)
	if errResp != nil {
		errResp.write(w)
		return
	}

	app, known := s.apps[strings.ToLower(clientID)]
	roles, present, err := s.dir.AppRoles(t.TenantID, clientID)
	if !known || !present || err != nil {
		entraError{http.StatusBadRequest, "unauthorized_client", 700016, fmt.Sprintf("Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.", clientID, t.DisplayName)}.write(w)
		return
	}
	acr, errResp := s.checkCredential(r, app, secret)
	if errResp != nil {
		errResp.write(w)
		return
	}

	token, err := s.issue(t.TenantID, app.ClientID, acr, resource, roles, baseURL(r))
	if err != nil {
		entraError{http.StatusInternalServerError, "server_error", 90033, "The token could not be signed."}.write(w)
		return
	}
	seconds := int(s.lifetime / time.Second)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"token_type":     "Bearer",
		"expires_in":     seconds,
		"ext_expires_in": seconds,
		"access_token":   token,
	})
}

// scopeResource returns the resource of the request's "<resource>/.default"
// scope. MSAL adds openid, offline_access and profile, which are ignored.
// The resource is Graph's global identifier or this server's own origin, the
// Graph endpoint a client configured for it requests.
func scopeResource(r *http.Request) (string, *entraError) {
	var resource string
	for _, scope := range strings.Fields(r.PostForm.Get("scope")) {
		switch {
		case scope == "openid" || scope == "offline_access" || scope == "profile":
			continue
		case strings.HasSuffix(scope, "/.default") && resource == "":
			resource = strings.TrimSuffix(scope, "/.default")
		default:
			return "", &entraError{http.StatusBadRequest, "invalid_scope", 1002012, fmt.Sprintf("The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", scope)}
		}
	}
	if resource == "" {
		return "", &entraError{http.StatusBadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'."}
	}
	if resource != GraphResource && resource != baseURL(r) {
		return "", &entraError{http.StatusBadRequest, "invalid_resource", 500011, fmt.Sprintf("The resource principal named %s was not found in the tenant.", resource)}
	}
	return resource, nil
}

// checkCredential verifies the client secret or client assertion and returns
// the authentication context class ("1" secret, "2" certificate).
func (s *TokenService) checkCredential(r *http.Request, app App, secret string) (string, *entraError) {
	if assertion := r.PostForm.Get("client_assertion"); assertion != "" {
		if r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
			return "", &entraError{http.StatusBadRequest, "invalid_request", 50027, "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer."}
		}
		endpoint := baseURL(r) + r.URL.Path
		if err := verifyAssertion(assertion, app, endpoint); err != nil {
			return "", &entraError{http.StatusUnauthorized, "invalid_client", 700027, "Client assertion failed validation: " + err.Error() + "."}
		}
		return "2", nil
	}
	if secret == "" {
		return "", &entraError{http.StatusUnauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."}
	}
	if app.Secret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(app.Secret)) != 1 {
		return "", &entraError{http.StatusUnauthorized, "invalid_client", 7000215, fmt.Sprintf("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", app.ClientID)}
	}
	return "1", nil
}

// verifyAssertion checks a client assertion signed with one of the app's
// certificates, as MSAL Go makes it (PS256 with x5t#S256; RS256 with x5t).
func verifyAssertion(assertion string, app App, endpoint string) error {
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{"PS256", "RS256"}),
		jwt.WithExpirationRequired(),
		jwt.WithAudience(endpoint),
		jwt.WithIssuer(app.ClientID),
		jwt.WithSubject(app.ClientID),
		jwt.WithLeeway(time.Minute),
	)
	_, err := parser.Parse(assertion, func(t *jwt.Token) (any, error) {
		for _, cert := range app.Certificates {
			if thumbprintMatches(t.Header, cert) {
				return cert.PublicKey, nil
			}
		}
		return nil, errors.New("no registered certificate matches the x5t#S256 or x5t header")
	})
	return err
}

func thumbprintMatches(header map[string]any, cert *x509.Certificate) bool {
	decode := func(name string) []byte {
		v, _ := header[name].(string)
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding, base64.URLEncoding} {
			if b, err := enc.DecodeString(v); err == nil && len(b) > 0 {
				return b
			}
		}
		return nil
	}
	s256 := sha256.Sum256(cert.Raw)
	s1 := sha1.Sum(cert.Raw) // x5t is defined as a SHA-1 thumbprint (RFC 7515)
	return subtle.ConstantTimeCompare(decode("x5t#S256"), s256[:]) == 1 ||
		subtle.ConstantTimeCompare(decode("x5t"), s1[:]) == 1
}

// issue signs an app-only access token with Entra's v2 claims.
func (s *TokenService) issue(tid, clientID, acr, resource string, roles []string, base string) (string, error) {
	now := s.now()
	servicePrincipal := uuid.NewSHA1(uuid.NameSpaceURL, []byte("devdirectory:"+tid+":"+strings.ToLower(clientID))).String()
	claims := jwt.MapClaims{
		"aud":    resource,
		"iss":    base + "/" + tid + "/v2.0",
		"iat":    now.Unix(),
		"nbf":    now.Unix(),
		"exp":    now.Add(s.lifetime).Unix(),
		"tid":    tid,
		"appid":  clientID,
		"azp":    clientID,
		"azpacr": acr,
		"oid":    servicePrincipal,
		"sub":    servicePrincipal,
		"idtyp":  "app",
		"ver":    "2.0",
		"uti":    uuid.NewString(),
	}
	if len(roles) > 0 {
		claims["roles"] = roles
	}
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = s.kid
	return t.SignedString(s.key)
}

// accessClaims are the claims Authenticate reads.
type accessClaims struct {
	jwt.RegisteredClaims
	TenantID string   `json:"tid"`
	Roles    []string `json:"roles"`
}

// Authenticate verifies the bearer token of a Graph request against this
// service's key and returns its tenant id. A token without User.Read.All or
// Directory.Read.All fails with ErrInsufficientPrivileges, a missing token
// with ErrNoToken. It fits Options.Authenticate.
func (s *TokenService) Authenticate(r *http.Request) (string, error) {
	scheme, raw, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
		return "", ErrNoToken
	}
	var claims accessClaims
	// No leeway: the tokens come from this process's own clock.
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithExpirationRequired())
	_, err := parser.ParseWithClaims(strings.TrimSpace(raw), &claims, func(t *jwt.Token) (any, error) {
		if kid, _ := t.Header["kid"].(string); kid != s.kid {
			return nil, errors.New("unknown signing key")
		}
		return &s.key.PublicKey, nil
	})
	if err != nil {
		return "", fmt.Errorf("invalid token: %w", err)
	}
	if !slices.ContainsFunc(claims.Audience, func(a string) bool { return a == GraphResource || a == baseURL(r) }) {
		return "", errors.New("invalid audience: the token is not for Microsoft Graph")
	}
	if claims.TenantID == "" || !strings.HasSuffix(claims.Issuer, "/"+claims.TenantID+"/v2.0") {
		return "", errors.New("invalid issuer or tenant")
	}
	if _, err := s.dir.Tenant(claims.TenantID); err != nil {
		return "", fmt.Errorf("tenant %s: %w", claims.TenantID, err)
	}
	if !slices.ContainsFunc(claims.Roles, func(role string) bool { return slices.Contains(readRoles, role) }) {
		return "", ErrInsufficientPrivileges
	}
	return claims.TenantID, nil
}
