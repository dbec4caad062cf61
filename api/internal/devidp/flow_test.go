package devidp

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAuthorizationCodeFlow(t *testing.T) {
	s := startProvider(t, t.TempDir())
	verifier := s.verifier(t)
	codeVerifier, challenge := pkce("flow")
	params := authorizeParams(challenge)
	params.Set("login_hint", megan.UserPrincipalName)

	redirect := s.signIn(t, "organizations", params, megan)
	if redirect.Get("state") != "state-1" {
		t.Errorf("redirect state = %q, want state-1", redirect.Get("state"))
	}
	if redirect.Get("code") == "" {
		t.Fatalf("redirect has no code: %v", redirect)
	}

	status, body := s.postToken(t, "organizations", url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {spaClientID},
		"code":          {redirect.Get("code")},
		"redirect_uri":  {spaRedirectURI},
		"code_verifier": {codeVerifier},
		"scope":         {params.Get("scope")},
		"client_info":   {"1"},
	})
	if status != http.StatusOK {
		t.Fatalf("token status = %d, body %v", status, body)
	}
	if body["token_type"] != "Bearer" || body["expires_in"] != float64(3600) {
		t.Errorf("token_type, expires_in = %v, %v; want Bearer, 3600", body["token_type"], body["expires_in"])
	}
	if scope, _ := body["scope"].(string); !strings.Contains(scope, apiURI+"/access_as_user") {
		t.Errorf("scope = %q, want it to contain %s/access_as_user", scope, apiURI)
	}

	// The access token passes Roster's own verifier.
	claims, err := verifier.Verify(context.Background(), body["access_token"].(string))
	if err != nil {
		t.Fatalf("Verify(access_token) error = %v", err)
	}
	checks := []struct{ name, got, want string }{
		{"Version", claims.Version, "2.0"},
		{"Issuer", claims.Issuer, s.origin() + "/" + homeTenant + "/v2.0"},
		{"TenantID", claims.TenantID, homeTenant},
		{"ObjectID", claims.ObjectID, megan.ObjectID},
		{"Name", claims.Name, megan.DisplayName},
		{"PreferredUsername", claims.PreferredUsername, megan.UserPrincipalName},
		{"Scopes", strings.Join(claims.Scopes, " "), "access_as_user"},
		{"IDType", claims.IDType, "user"},
		{"AppID", claims.AppID, spaClientID},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("access token %s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if claims.SessionID == "" {
		t.Error("access token has no sid")
	}

	idToken := parseClaims(t, s.provider, body["id_token"].(string))
	idChecks := []struct {
		name string
		got  any
		want string
	}{
		{"nonce", idToken["nonce"], "nonce-1"},
		{"aud", idToken["aud"], spaClientID},
		{"iss", idToken["iss"], s.origin() + "/" + homeTenant + "/v2.0"},
		{"oid", idToken["oid"], megan.ObjectID},
		{"tid", idToken["tid"], homeTenant},
		{"name", idToken["name"], megan.DisplayName},
		{"preferred_username", idToken["preferred_username"], megan.UserPrincipalName},
		{"sid", idToken["sid"], claims.SessionID},
	}
	for _, c := range idChecks {
		if c.got != c.want {
			t.Errorf("id_token %s = %v, want %q", c.name, c.got, c.want)
		}
	}
	if sub, _ := idToken["sub"].(string); sub == "" || sub == megan.ObjectID {
		t.Errorf("id_token sub = %q, want a pairwise subject", sub)
	}

	info, err := base64.RawURLEncoding.DecodeString(body["client_info"].(string))
	if err != nil {
		t.Fatalf("client_info is not base64url: %v", err)
	}
	var account map[string]string
	if err := json.Unmarshal(info, &account); err != nil || account["uid"] != megan.ObjectID || account["utid"] != homeTenant {
		t.Errorf("client_info = %s, want uid %s and utid %s", info, megan.ObjectID, homeTenant)
	}

	// Silent renewal: prompt=none signs in from the session cookie.
	silent := authorizeParams(challenge)
	silent.Set("prompt", "none")
	silent.Set("response_mode", "query")
	response := s.get(t, s.origin()+"/organizations/oauth2/v2.0/authorize?"+silent.Encode())
	if response.StatusCode != http.StatusFound {
		t.Fatalf("prompt=none status = %d, want 302", response.StatusCode)
	}
	if got := redirectParams(t, response, "query"); got.Get("code") == "" {
		t.Errorf("prompt=none redirect = %v, want a code from the session", got)
	}

	// The refresh token yields a new access token that verifies too.
	status, refreshed := s.postToken(t, "organizations", url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {spaClientID},
		"refresh_token": {body["refresh_token"].(string)},
		"scope":         {apiURI + "/access_as_user openid offline_access"},
	})
	if status != http.StatusOK {
		t.Fatalf("refresh status = %d, body %v", status, refreshed)
	}
	again, err := verifier.Verify(context.Background(), refreshed["access_token"].(string))
	if err != nil {
		t.Fatalf("Verify(refreshed access_token) error = %v", err)
	}
	if again.ObjectID != megan.ObjectID || again.SessionID != claims.SessionID {
		t.Errorf("refreshed token oid, sid = %s, %s; want %s, %s", again.ObjectID, again.SessionID, megan.ObjectID, claims.SessionID)
	}
	if refreshed["refresh_token"] == nil || refreshed["id_token"] == nil {
		t.Errorf("refresh response = %v, want a new refresh_token and id_token", refreshed)
	}
}

func TestAuthorizationCodeCustomerTenant(t *testing.T) {
	s := startProvider(t, t.TempDir())
	codeVerifier, challenge := pkce("customer")
	params := authorizeParams(challenge)

	redirect := s.signIn(t, customerTenant, params, diego)
	status, body := s.postToken(t, customerTenant, url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {spaClientID},
		"code":          {redirect.Get("code")},
		"redirect_uri":  {spaRedirectURI},
		"code_verifier": {codeVerifier},
	})
	if status != http.StatusOK {
		t.Fatalf("token status = %d, body %v", status, body)
	}

	claims, err := s.verifier(t).Verify(context.Background(), body["access_token"].(string))
	if err != nil {
		t.Fatalf("Verify() error = %v", err)
	}
	if claims.TenantID != customerTenant {
		t.Errorf("TenantID = %q, want the customer tenant %s", claims.TenantID, customerTenant)
	}
}

// redeem runs the authorize step and posts a code redemption, changing the
// redemption form with change.
func redeem(t *testing.T, s *testServer, change func(form url.Values)) (int, map[string]any) {
	t.Helper()
	codeVerifier, challenge := pkce("redeem")
	redirect := s.signIn(t, "organizations", authorizeParams(challenge), megan)
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {spaClientID},
		"code":          {redirect.Get("code")},
		"redirect_uri":  {spaRedirectURI},
		"code_verifier": {codeVerifier},
	}
	change(form)
	return s.postToken(t, "organizations", form)
}

func TestTokenRejects(t *testing.T) {
	s := startProvider(t, t.TempDir())

	tests := []struct {
		name       string
		request    func(t *testing.T) (int, map[string]any)
		wantStatus int
		wantError  string
		wantText   string // substring of error_description
	}{
		{
			name: "wrong-code-verifier",
			request: func(t *testing.T) (int, map[string]any) {
				return redeem(t, s, func(form url.Values) { form.Set("code_verifier", strings.Repeat("x", 64)) })
			},
			wantStatus: http.StatusBadRequest, wantError: "invalid_grant", wantText: "code_verifier does not match",
		},
		{
			name: "missing-code-verifier",
			request: func(t *testing.T) (int, map[string]any) {
				return redeem(t, s, func(form url.Values) { form.Del("code_verifier") })
			},
			wantStatus: http.StatusBadRequest, wantError: "invalid_grant", wantText: "code_verifier is missing",
		},
		{
			name: "code-reuse",
			request: func(t *testing.T) (int, map[string]any) {
				var first url.Values
				status, body := redeem(t, s, func(form url.Values) { first = form })
				if status != http.StatusOK {
					t.Fatalf("first redemption status = %d, body %v", status, body)
				}
				return s.postToken(t, "organizations", first)
			},
			wantStatus: http.StatusBadRequest, wantError: "invalid_grant", wantText: "already redeemed",
		},
		{
			name: "wrong-redirect-uri",
			request: func(t *testing.T) (int, map[string]any) {
				return redeem(t, s, func(form url.Values) { form.Set("redirect_uri", "http://localhost:5173/other") })
			},
			wantStatus: http.StatusBadRequest, wantError: "invalid_grant", wantText: "redirect_uri",
		},
		{
			name: "refresh-token-forged",
			request: func(t *testing.T) (int, map[string]any) {
				return s.postToken(t, "organizations", url.Values{
					"grant_type": {"refresh_token"}, "client_id": {spaClientID}, "refresh_token": {"eyJhbGciOiJub25lIn0.e30."},
				})
			},
			wantStatus: http.StatusBadRequest, wantError: "invalid_grant", wantText: "refresh token is invalid",
		},
		{
			name: "client-credentials-wrong-secret",
			request: func(t *testing.T) (int, map[string]any) {
				return s.postToken(t, homeTenant, url.Values{
					"grant_type": {"client_credentials"}, "client_id": {graphClientID}, "client_secret": {"wrong"},
					"scope": {GraphAudience + "/.default"},
				})
			},
			wantStatus: http.StatusUnauthorized, wantError: "invalid_client", wantText: "invalid client secret",
		},
		{
			name: "client-credentials-public-client",
			request: func(t *testing.T) (int, map[string]any) {
				return s.postToken(t, homeTenant, url.Values{
					"grant_type": {"client_credentials"}, "client_id": {spaClientID}, "scope": {apiURI + "/.default"},
				})
			},
			wantStatus: http.StatusBadRequest, wantError: "unauthorized_client", wantText: "public client",
		},
		{
			name: "client-credentials-common",
			request: func(t *testing.T) (int, map[string]any) {
				return s.postToken(t, "common", url.Values{
					"grant_type": {"client_credentials"}, "client_id": {graphClientID}, "client_secret": {graphSecret},
					"scope": {GraphAudience + "/.default"},
				})
			},
			wantStatus: http.StatusBadRequest, wantError: "invalid_request", wantText: "tenant id",
		},
		{
			name: "client-credentials-unknown-tenant",
			request: func(t *testing.T) (int, map[string]any) {
				return s.postToken(t, "11111111-2222-4333-8444-555555555555", url.Values{
					"grant_type": {"client_credentials"}, "client_id": {graphClientID}, "client_secret": {graphSecret},
					"scope": {GraphAudience + "/.default"},
				})
			},
			wantStatus: http.StatusBadRequest, wantError: "invalid_request", wantText: "not found",
		},
		{
			name: "client-credentials-two-resources",
			request: func(t *testing.T) (int, map[string]any) {
				return s.postToken(t, homeTenant, url.Values{
					"grant_type": {"client_credentials"}, "client_id": {graphClientID}, "client_secret": {graphSecret},
					"scope": {GraphAudience + "/.default " + apiURI + "/.default"},
				})
			},
			wantStatus: http.StatusBadRequest, wantError: "invalid_scope", wantText: "second resource",
		},
		{
			name: "unknown-client",
			request: func(t *testing.T) (int, map[string]any) {
				return s.postToken(t, homeTenant, url.Values{"grant_type": {"client_credentials"}, "client_id": {"00000000-0000-4000-8000-000000000000"}})
			},
			wantStatus: http.StatusUnauthorized, wantError: "invalid_client", wantText: "not registered",
		},
		{
			name: "unsupported-grant",
			request: func(t *testing.T) (int, map[string]any) {
				return s.postToken(t, homeTenant, url.Values{"grant_type": {"password"}, "client_id": {spaClientID}})
			},
			wantStatus: http.StatusBadRequest, wantError: "unsupported_grant_type", wantText: "password",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := tt.request(t)

			if status != tt.wantStatus {
				t.Errorf("status = %d, want %d", status, tt.wantStatus)
			}
			if body["error"] != tt.wantError {
				t.Errorf("error = %v, want %s", body["error"], tt.wantError)
			}
			if description, _ := body["error_description"].(string); !strings.Contains(description, tt.wantText) {
				t.Errorf("error_description = %q, want it to contain %q", description, tt.wantText)
			}
			if body["access_token"] != nil {
				t.Error("rejected request returned an access_token")
			}
			if strings.Contains(body["error_description"].(string), graphSecret) {
				t.Error("error_description contains the client secret")
			}
		})
	}
}

func TestAuthorizeRejects(t *testing.T) {
	s := startProvider(t, t.TempDir())
	_, challenge := pkce("authorize")

	tests := []struct {
		name   string
		tenant string
		change func(params url.Values)
		// wantPage is set when the error must be shown on a page rather than
		// sent to a redirect URI; wantError is the redirect's error otherwise.
		wantPage  string
		wantError string
	}{
		{name: "unknown-client", tenant: "organizations", change: func(p url.Values) { p.Set("client_id", "00000000-0000-4000-8000-000000000000") }, wantPage: "is not registered"},
		{name: "wrong-redirect-uri", tenant: "organizations", change: func(p url.Values) { p.Set("redirect_uri", "https://attacker.example/") }, wantPage: "is not registered for Roster"},
		{name: "unknown-tenant", tenant: "11111111-2222-4333-8444-555555555555", change: func(url.Values) {}, wantPage: "is not found"},
		{name: "public-client-without-pkce", tenant: "organizations", change: func(p url.Values) { p.Del("code_challenge") }, wantError: "invalid_request"},
		{name: "pkce-plain", tenant: "organizations", change: func(p url.Values) { p.Set("code_challenge_method", "plain") }, wantError: "invalid_request"},
		{name: "response-type-token", tenant: "organizations", change: func(p url.Values) { p.Set("response_type", "token") }, wantError: "unsupported_response_type"},
		{name: "unknown-scope", tenant: "organizations", change: func(p url.Values) { p.Set("scope", apiURI+"/admin openid") }, wantError: "invalid_scope"},
		{name: "prompt-none-no-session", tenant: "organizations", change: func(p url.Values) { p.Set("prompt", "none") }, wantError: "login_required"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := authorizeParams(challenge)
			tt.change(params)
			response := s.get(t, s.origin()+"/"+tt.tenant+"/oauth2/v2.0/authorize?"+params.Encode())

			if tt.wantPage != "" {
				if response.StatusCode != http.StatusBadRequest {
					t.Errorf("status = %d, want 400", response.StatusCode)
				}
				if location := response.Header.Get("Location"); location != "" {
					t.Errorf("redirected to %q, want an error page", location)
				}
				if body := readBody(t, response); !strings.Contains(body, tt.wantPage) {
					t.Errorf("page does not contain %q:\n%s", tt.wantPage, body)
				}
				return
			}

			if response.StatusCode != http.StatusFound {
				t.Fatalf("status = %d, want 302", response.StatusCode)
			}
			got := redirectParams(t, response, params.Get("response_mode"))
			if got.Get("error") != tt.wantError {
				t.Errorf("redirect error = %q (%s), want %q", got.Get("error"), got.Get("error_description"), tt.wantError)
			}
			if got.Get("state") != "state-1" {
				t.Errorf("redirect state = %q, want state-1", got.Get("state"))
			}
			if got.Get("code") != "" {
				t.Error("rejected request got a code")
			}
		})
	}
}

func TestAuthorizeTenantRestrictsPeople(t *testing.T) {
	s := startProvider(t, t.TempDir())
	_, challenge := pkce("restrict")
	params := authorizeParams(challenge)
	endpoint := s.origin() + "/" + customerTenant + "/oauth2/v2.0/authorize"

	form := url.Values{"account": {megan.TenantID + "/" + megan.ObjectID}}
	for name, values := range params {
		form[name] = values
	}
	response, err := s.browser.PostForm(endpoint, form)
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()

	if response.StatusCode != http.StatusBadRequest {
		t.Errorf("status = %d, want 400 for a home-tenant person at the customer tenant", response.StatusCode)
	}
	if location := response.Header.Get("Location"); location != "" {
		t.Errorf("redirected to %q, want no code", location)
	}
}

func TestLogout(t *testing.T) {
	s := startProvider(t, t.TempDir())
	_, challenge := pkce("logout")
	s.signIn(t, "organizations", authorizeParams(challenge), megan)

	response := s.get(t, s.origin()+"/organizations/oauth2/v2.0/logout?"+url.Values{
		"post_logout_redirect_uri": {"http://localhost:5173/signed-out"},
		"state":                    {"bye"},
	}.Encode())
	if response.StatusCode != http.StatusFound {
		t.Fatalf("logout status = %d, want 302", response.StatusCode)
	}
	if location := response.Header.Get("Location"); location != "http://localhost:5173/signed-out?state=bye" {
		t.Errorf("logout Location = %q, want the post-logout URI with state", location)
	}

	silent := authorizeParams(challenge)
	silent.Set("prompt", "none")
	after := s.get(t, s.origin()+"/organizations/oauth2/v2.0/authorize?"+silent.Encode())
	if got := redirectParams(t, after, "fragment"); got.Get("error") != "login_required" {
		t.Errorf("prompt=none after logout = %v, want login_required", got)
	}

	foreign := s.get(t, s.origin()+"/organizations/oauth2/v2.0/logout?post_logout_redirect_uri="+url.QueryEscape("https://attacker.example/"))
	if foreign.StatusCode != http.StatusBadRequest || foreign.Header.Get("Location") != "" {
		t.Errorf("logout to an unregistered origin: status %d, Location %q; want 400 and no redirect", foreign.StatusCode, foreign.Header.Get("Location"))
	}
}
