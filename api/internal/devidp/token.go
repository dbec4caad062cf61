package devidp

import (
	"cmp"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// oauthError is an OAuth 2.0 error response (RFC 6749 section 5.2).
type oauthError struct {
	status      int
	code        string
	description string
}

func (e *oauthError) Error() string { return e.code + ": " + e.description }

func invalidRequest(format string, args ...any) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_request", fmt.Sprintf(format, args...)}
}

func invalidGrant(format string, args ...any) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_grant", fmt.Sprintf(format, args...)}
}

func invalidClient(format string, args ...any) *oauthError {
	return &oauthError{http.StatusUnauthorized, "invalid_client", fmt.Sprintf(format, args...)}
}

func invalidScope(err error) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_scope", err.Error()}
}

func unauthorizedClient(format string, args ...any) *oauthError {
	return &oauthError{http.StatusBadRequest, "unauthorized_client", fmt.Sprintf(format, args...)}
}

// tokenResponse is a successful token response, with Entra's extra fields.
type tokenResponse struct {
	TokenType    string `json:"token_type"`
	Scope        string `json:"scope,omitempty"`
	ExpiresIn    int    `json:"expires_in"`
	ExtExpiresIn int    `json:"ext_expires_in"`
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
	ClientInfo   string `json:"client_info,omitempty"`
}

// serveToken is the token endpoint: authorization_code (with PKCE),
// refresh_token and client_credentials grants.
func (p *Provider) serveToken(w http.ResponseWriter, r *http.Request, tenant string) {
	if allowCrossOrigin(w, r, "POST") {
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST, OPTIONS")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")

	response, err := p.token(r, tenant)
	if err != nil {
		var failure *oauthError
		if !errors.As(err, &failure) {
			p.logger.ErrorContext(r.Context(), "issuing token failed", "tenant", tenant, "error", err)
			failure = &oauthError{http.StatusInternalServerError, "server_error", "issuing the token failed: see the server log"}
		}
		p.logger.InfoContext(r.Context(), "token request rejected",
			"tenant", tenant, "grant_type", r.PostForm.Get("grant_type"), "client_id", r.PostForm.Get("client_id"),
			"error", failure.code, "error_description", failure.description)
		body := map[string]any{
			"error":             failure.code,
			"error_description": failure.description,
			"timestamp":         p.now().UTC().Format(time.DateTime + "Z"),
		}
		if code, ok := aadstsCode(failure.description); ok {
			body["error_codes"] = []int{code}
		}
		writeJSON(w, failure.status, body)
		return
	}
	writeJSON(w, http.StatusOK, response)
}

// aadstsCode reads the number of a description that starts like Entra's,
// "AADSTS700016: ...", which Entra also sends in error_codes.
func aadstsCode(description string) (int, bool) {
	rest, ok := strings.CutPrefix(description, "AADSTS")
	if !ok {
		return 0, false
	}
	digits, _, _ := strings.Cut(rest, ":")
	code, err := strconv.Atoi(digits)
	return code, err == nil
}

func (p *Provider) token(r *http.Request, tenant string) (*tokenResponse, error) {
	if err := r.ParseForm(); err != nil {
		return nil, invalidRequest("the request body is not a valid form: %v", err)
	}
	app, err := p.authenticateClient(r)
	if err != nil {
		return nil, err
	}

	switch grantType := r.PostForm.Get("grant_type"); grantType {
	case "authorization_code":
		return p.redeemCode(r, app)
	case "refresh_token":
		return p.redeemRefreshToken(r, app)
	case "client_credentials":
		return p.clientCredentials(r, app, tenant)
	case "":
		return nil, invalidRequest("grant_type is missing")
	default:
		return nil, &oauthError{http.StatusBadRequest, "unsupported_grant_type",
			fmt.Sprintf("grant_type %q is not supported: use authorization_code, refresh_token or client_credentials", grantType)}
	}
}

// authenticateClient finds the calling app and checks its secret, sent in the
// form (client_secret_post) or in HTTP Basic authentication.
func (p *Provider) authenticateClient(r *http.Request) (*App, error) {
	clientID, secret, basic := r.BasicAuth()
	if !basic {
		clientID, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if clientID == "" {
		return nil, invalidRequest("client_id is missing")
	}
	app, ok := p.apps[strings.ToLower(clientID)]
	if !ok {
		return nil, invalidClient("application %s is not registered with the development identity provider", clientID)
	}

	switch {
	case app.Secret == "" && secret != "":
		return nil, invalidClient("application %s is a public client: send no client_secret", app.ClientID)
	case app.Secret != "" && secret == "":
		return nil, invalidClient("application %s is a confidential client: client_secret is missing", app.ClientID)
	case app.Secret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(app.Secret)) != 1:
		return nil, invalidClient("invalid client secret for application %s", app.ClientID)
	}
	return app, nil
}

func (p *Provider) redeemCode(r *http.Request, app *App) (*tokenResponse, error) {
	code, ok := p.takeCode(r.PostForm.Get("code"))
	if !ok {
		return nil, invalidGrant("the authorization code is invalid, expired or already redeemed: sign in again")
	}
	if code.clientID != app.ClientID {
		return nil, invalidGrant("the authorization code was issued to another application")
	}
	if redirectURI := r.PostForm.Get("redirect_uri"); redirectURI != code.redirectURI {
		return nil, invalidGrant("redirect_uri %q does not match the one of the authorization request", redirectURI)
	}
	if err := checkCodeVerifier(code.codeChallenge, r.PostForm.Get("code_verifier")); err != nil {
		return nil, err
	}

	person, ok := p.person(code.person.TenantID, code.person.ObjectID)
	if !ok {
		return nil, invalidGrant("person %s of tenant %s no longer exists in the demo directory", code.person.ObjectID, code.person.TenantID)
	}
	scopes, err := p.parseScopes(cmp.Or(r.PostForm.Get("scope"), code.scope))
	if err != nil {
		return nil, invalidScope(err)
	}
	return p.userTokens(grant{
		tenantID:  person.TenantID,
		app:       app,
		person:    &person,
		scopes:    scopes,
		nonce:     code.nonce,
		sessionID: code.sessionID,
	})
}

// checkCodeVerifier checks PKCE S256 (RFC 7636): the challenge is the
// base64url SHA-256 of the verifier.
func checkCodeVerifier(challenge, verifier string) error {
	if challenge == "" {
		return nil
	}
	if verifier == "" {
		return invalidGrant("code_verifier is missing: the authorization request had a code_challenge")
	}
	sum := sha256.Sum256([]byte(verifier))
	if subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) != 1 {
		return invalidGrant("code_verifier does not match the code_challenge of the authorization request")
	}
	return nil
}

func (p *Provider) redeemRefreshToken(r *http.Request, app *App) (*tokenResponse, error) {
	raw := r.PostForm.Get("refresh_token")
	if raw == "" {
		return nil, invalidRequest("refresh_token is missing")
	}
	claims := jwt.MapClaims{}
	_, err := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}),
		jwt.WithAudience(refreshTokenAudience),
		jwt.WithExpirationRequired(),
	).ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return &p.key.private.PublicKey, nil })
	if err != nil {
		return nil, invalidGrant("the refresh token is invalid or expired: sign in again")
	}
	if claims["azp"] != app.ClientID {
		return nil, invalidGrant("the refresh token was issued to another application")
	}

	tenantID, _ := claims["tid"].(string)
	objectID, _ := claims["oid"].(string)
	person, ok := p.person(tenantID, objectID)
	if !ok {
		return nil, invalidGrant("person %s of tenant %s no longer exists in the demo directory", objectID, tenantID)
	}
	scopes, err := p.parseScopes(r.PostForm.Get("scope"))
	if err != nil {
		return nil, invalidScope(err)
	}
	sessionID, _ := claims["sid"].(string)
	return p.userTokens(grant{tenantID: person.TenantID, app: app, person: &person, scopes: scopes, sessionID: sessionID})
}

// userTokens returns the tokens of a user's grant: an access token, an ID
// token when openid was requested and a refresh token when offline_access was.
func (p *Provider) userTokens(g grant) (*tokenResponse, error) {
	access, scope, err := p.accessToken(g)
	if err != nil {
		return nil, err
	}
	response := &tokenResponse{
		TokenType:    "Bearer",
		Scope:        scope,
		ExpiresIn:    int(accessTokenLifetime.Seconds()),
		ExtExpiresIn: int(accessTokenLifetime.Seconds()),
		AccessToken:  access,
		ClientInfo:   clientInfo(g.person),
	}

	if g.scopes.has("openid") {
		if response.IDToken, err = p.idToken(g); err != nil {
			return nil, err
		}
	}
	if g.scopes.has("offline_access") {
		if response.RefreshToken, err = p.refreshToken(g); err != nil {
			return nil, err
		}
	}
	return response, nil
}

// clientCredentials issues an app-only token in the tenant of the endpoint
// path, where the app is taken to have admin consent.
func (p *Provider) clientCredentials(r *http.Request, app *App, tenant string) (*tokenResponse, error) {
	if app.Secret == "" {
		return nil, unauthorizedClient("application %s is a public client and cannot use client credentials", app.ClientID)
	}
	if !isGUID(tenant) {
		return nil, invalidRequest("client credentials need a tenant id in the token endpoint path, not %q", tenant)
	}
	if !p.knownTenant(tenant) {
		return nil, invalidRequest("AADSTS90002: Tenant '%s' not found. The demo directory has no such tenant.", tenant)
	}

	scopes, err := p.parseScopes(r.PostForm.Get("scope"))
	if err != nil {
		return nil, invalidScope(err)
	}
	if scopes.resource == resourceNone || !scopes.isDefault() {
		return nil, invalidScope(fmt.Errorf("scope %q is not valid for client credentials: request <resource>/.default, such as %s/.default", r.PostForm.Get("scope"), p.apiIdentifierURI))
	}

	g := grant{tenantID: tenant, app: app, scopes: scopes}
	if scopes.resource == resourceGraph && p.graphGrants != nil {
		roles, present := p.graphGrants(tenant, app.ClientID)
		if !present {
			return nil, unauthorizedClient("AADSTS700016: Application with identifier '%s' was not found in the directory '%s'. The tenant's administrator has not consented to it.", app.ClientID, tenant)
		}
		g.graphRoles = roles
	}
	access, _, err := p.accessToken(g)
	if err != nil {
		return nil, err
	}
	return &tokenResponse{
		TokenType:    "Bearer",
		ExpiresIn:    int(accessTokenLifetime.Seconds()),
		ExtExpiresIn: int(accessTokenLifetime.Seconds()),
		AccessToken:  access,
	}, nil
}
