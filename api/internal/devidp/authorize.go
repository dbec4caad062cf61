package devidp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

const (
	codeLifetime    = 5 * time.Minute
	sessionLifetime = 12 * time.Hour
	sessionCookie   = "roster_devidp_session"
)

// codeChallengePattern is the shape of an S256 code_challenge (RFC 7636
// section 4.2): 43 base64url characters.
var codeChallengePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// authorizeRequest is a checked authorization request.
type authorizeRequest struct {
	tenant        string
	app           *App
	redirectURI   string
	responseMode  string
	state         string
	nonce         string
	scope         string
	codeChallenge string
	loginHint     string
	prompt        string
	clientInfo    bool
	// params are the request's parameters, carried through the picker form.
	params url.Values
}

// authorizationCode is an issued, not yet redeemed code.
type authorizationCode struct {
	clientID      string
	redirectURI   string
	codeChallenge string
	scope         string
	nonce         string
	person        Person
	sessionID     string
	expiresAt     time.Time
}

// serveAuthorize shows the sign-in page for an authorization request and,
// when a person is picked, redirects back with an authorization code.
func (p *Provider) serveAuthorize(w http.ResponseWriter, r *http.Request, tenant string) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := r.ParseForm(); err != nil {
		p.showError(w, r, http.StatusBadRequest, "The sign-in request is not a valid form.")
		return
	}

	// Errors about the client or its redirect URI are shown here, never
	// sent to a redirect URI that is not known to belong to the client.
	request, message := p.parseAuthorizeClient(r, tenant)
	if message != "" {
		p.showError(w, r, http.StatusBadRequest, message)
		return
	}
	if failure := p.checkAuthorizeRequest(request); failure != nil {
		p.redirectWithError(w, r, request, failure)
		return
	}

	if account := r.PostForm.Get("account"); r.Method == http.MethodPost && account != "" {
		p.signIn(w, r, request, account)
		return
	}
	if request.prompt == "none" {
		p.signInSilently(w, r, request)
		return
	}
	p.showPicker(w, r, request)
}

// parseAuthorizeClient checks the tenant, client_id and redirect_uri, and
// returns a message for the person at the browser when one is wrong.
func (p *Provider) parseAuthorizeClient(r *http.Request, tenant string) (*authorizeRequest, string) {
	form := r.Form
	if isGUID(tenant) && !p.knownTenant(tenant) {
		return nil, fmt.Sprintf("Tenant %s is not found: the demo directory has no such tenant.", tenant)
	}

	clientID := form.Get("client_id")
	app, ok := p.apps[strings.ToLower(clientID)]
	if !ok {
		return nil, fmt.Sprintf("Application %q is not registered with the development identity provider. Registered client ids: %s.", clientID, p.clientIDList())
	}
	redirectURI := form.Get("redirect_uri")
	if !slices.Contains(app.RedirectURIs, redirectURI) {
		return nil, fmt.Sprintf("The redirect URI %q is not registered for %s. Registered redirect URIs: %s.", redirectURI, app.DisplayName, strings.Join(app.RedirectURIs, ", "))
	}

	params := url.Values{}
	for _, name := range []string{"client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce",
		"code_challenge", "code_challenge_method", "login_hint", "prompt", "client_info"} {
		if value := form.Get(name); value != "" {
			params.Set(name, value)
		}
	}
	return &authorizeRequest{
		tenant:        tenant,
		app:           app,
		redirectURI:   redirectURI,
		responseMode:  form.Get("response_mode"),
		state:         form.Get("state"),
		nonce:         form.Get("nonce"),
		scope:         form.Get("scope"),
		codeChallenge: form.Get("code_challenge"),
		loginHint:     form.Get("login_hint"),
		prompt:        form.Get("prompt"),
		clientInfo:    form.Get("client_info") == "1",
		params:        params,
	}, ""
}

// checkAuthorizeRequest checks the parameters whose errors go back to the
// client's redirect URI.
func (p *Provider) checkAuthorizeRequest(request *authorizeRequest) *oauthError {
	switch request.responseMode {
	case "":
		request.responseMode = "query"
	case "query", "fragment", "form_post":
	default:
		mode := request.responseMode
		request.responseMode = "query"
		return invalidRequest("response_mode %q is not supported: use query, fragment or form_post", mode)
	}

	if responseType := request.params.Get("response_type"); responseType != "code" {
		return &oauthError{http.StatusBadRequest, "unsupported_response_type",
			fmt.Sprintf("response_type %q is not supported: use code (authorization code flow)", responseType)}
	}
	if _, err := p.parseScopes(request.scope); err != nil {
		return invalidScope(err)
	}

	method := request.params.Get("code_challenge_method")
	switch {
	case request.codeChallenge == "" && request.app.Secret == "":
		return invalidRequest("code_challenge is missing: public clients must use PKCE with S256")
	case request.codeChallenge == "":
	case method != "S256":
		return invalidRequest("code_challenge_method %q is not supported: use S256", method)
	case !codeChallengePattern.MatchString(request.codeChallenge):
		return invalidRequest("code_challenge is not 43 base64url characters: send the base64url SHA-256 of the code_verifier")
	}

	switch request.prompt {
	case "", "none", "login", "select_account", "consent":
		return nil
	default:
		return invalidRequest("prompt %q is not supported: use none, login, select_account or consent", request.prompt)
	}
}

// signIn issues a code for the person picked on the sign-in page.
func (p *Provider) signIn(w http.ResponseWriter, r *http.Request, request *authorizeRequest, account string) {
	tenantID, objectID, _ := strings.Cut(account, "/")
	person, ok := p.person(tenantID, objectID)
	if !ok || !p.personMayUse(request.tenant, person) {
		p.showError(w, r, http.StatusBadRequest, "The person picked is not in the demo directory of this tenant. Go back and pick another.")
		return
	}

	sessionID := newID()
	p.setSession(w, session{TenantID: person.TenantID, ObjectID: person.ObjectID, SessionID: sessionID, IssuedAt: p.now().Unix()})
	p.logger.InfoContext(r.Context(), "development sign-in",
		"tenant_id", person.TenantID, "object_id", person.ObjectID, "client_id", request.app.ClientID)
	p.redirectWithCode(w, r, request, person, sessionID)
}

// signInSilently answers prompt=none from the session cookie, as MSAL's
// hidden-frame renewal expects, or with login_required.
func (p *Provider) signInSilently(w http.ResponseWriter, r *http.Request, request *authorizeRequest) {
	current, ok := p.readSession(r)
	if !ok {
		p.redirectWithError(w, r, request, &oauthError{http.StatusBadRequest, "login_required", "no one is signed in: sign in interactively"})
		return
	}
	person, ok := p.person(current.TenantID, current.ObjectID)
	if !ok || !p.personMayUse(request.tenant, person) {
		p.redirectWithError(w, r, request, &oauthError{http.StatusBadRequest, "login_required", "the signed-in person cannot sign in to this tenant: sign in interactively"})
		return
	}
	p.redirectWithCode(w, r, request, person, current.SessionID)
}

// personMayUse reports whether person can sign in at the tenant of the
// endpoint path: anyone at common or organizations, members at a tenant id.
func (p *Provider) personMayUse(tenant string, person Person) bool {
	return !isGUID(tenant) || person.TenantID == tenant
}

func (p *Provider) redirectWithCode(w http.ResponseWriter, r *http.Request, request *authorizeRequest, person Person, sessionID string) {
	code := p.storeCode(authorizationCode{
		clientID:      request.app.ClientID,
		redirectURI:   request.redirectURI,
		codeChallenge: request.codeChallenge,
		scope:         request.scope,
		nonce:         request.nonce,
		person:        person,
		sessionID:     sessionID,
		expiresAt:     p.now().Add(codeLifetime),
	})

	params := url.Values{"code": {code}}
	if request.clientInfo {
		params.Set("client_info", clientInfo(&person))
	}
	p.redirect(w, r, request, params)
}

func (p *Provider) redirectWithError(w http.ResponseWriter, r *http.Request, request *authorizeRequest, failure *oauthError) {
	p.logger.InfoContext(r.Context(), "authorization request rejected",
		"client_id", request.app.ClientID, "error", failure.code, "error_description", failure.description)
	p.redirect(w, r, request, url.Values{"error": {failure.code}, "error_description": {failure.description}})
}

// redirect sends params back to the client in the requested response mode.
func (p *Provider) redirect(w http.ResponseWriter, r *http.Request, request *authorizeRequest, params url.Values) {
	if request.state != "" {
		params.Set("state", request.state)
	}
	w.Header().Set("Cache-Control", "no-store")

	switch request.responseMode {
	case "form_post":
		p.showFormPost(w, r, request.redirectURI, params)
	case "fragment":
		http.Redirect(w, r, request.redirectURI+"#"+params.Encode(), http.StatusFound)
	default:
		separator := "?"
		if strings.Contains(request.redirectURI, "?") {
			separator = "&"
		}
		http.Redirect(w, r, request.redirectURI+separator+params.Encode(), http.StatusFound)
	}
}

// storeCode stores an authorization code and returns it, dropping expired ones.
func (p *Provider) storeCode(code authorizationCode) string {
	value := randomToken()
	p.mu.Lock()
	defer p.mu.Unlock()

	now := p.now()
	for existing, stored := range p.codes {
		if now.After(stored.expiresAt) {
			delete(p.codes, existing)
		}
	}
	p.codes[value] = code
	return value
}

// takeCode removes and returns an unexpired code, so that a code is redeemed
// at most once even when the redemption then fails.
func (p *Provider) takeCode(value string) (authorizationCode, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()

	code, ok := p.codes[value]
	delete(p.codes, value)
	if !ok || p.now().After(code.expiresAt) {
		return authorizationCode{}, false
	}
	return code, true
}

func randomToken() string {
	buffer := make([]byte, 32)
	_, _ = rand.Read(buffer)
	return base64.RawURLEncoding.EncodeToString(buffer)
}

// session is the signed-in person, kept in an HMAC-signed cookie.
type session struct {
	TenantID  string `json:"tid"`
	ObjectID  string `json:"oid"`
	SessionID string `json:"sid"`
	IssuedAt  int64  `json:"iat"`
}

func (p *Provider) setSession(w http.ResponseWriter, s session) {
	payload, _ := json.Marshal(s)
	encoded := base64.RawURLEncoding.EncodeToString(payload)
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    encoded + "." + p.sessionMAC(encoded),
		Path:     "/",
		MaxAge:   int(sessionLifetime.Seconds()),
		HttpOnly: true,
		Secure:   true,
		// None lets MSAL's hidden-frame renewal send the cookie when the SPA
		// runs on another origin.
		SameSite: http.SameSiteNoneMode,
	})
}

func (p *Provider) readSession(r *http.Request) (session, bool) {
	cookie, err := r.Cookie(sessionCookie)
	if err != nil {
		return session{}, false
	}
	encoded, mac, ok := strings.Cut(cookie.Value, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(p.sessionMAC(encoded))) {
		return session{}, false
	}

	payload, err := base64.RawURLEncoding.DecodeString(encoded)
	var s session
	if err != nil || json.Unmarshal(payload, &s) != nil {
		return session{}, false
	}
	if p.now().Sub(time.Unix(s.IssuedAt, 0)) > sessionLifetime {
		return session{}, false
	}
	return s, true
}

func (p *Provider) sessionMAC(encoded string) string {
	mac := hmac.New(sha256.New, p.key.sessionSecret)
	mac.Write([]byte(encoded))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// serveLogout ends the session and returns to post_logout_redirect_uri when
// it belongs to a registered app.
func (p *Provider) serveLogout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := r.ParseForm(); err != nil {
		p.showError(w, r, http.StatusBadRequest, "The sign-out request is not a valid form.")
		return
	}

	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteNoneMode})

	target := r.Form.Get("post_logout_redirect_uri")
	if target == "" {
		p.showSignedOut(w, r)
		return
	}
	if !p.registeredRedirect(target) {
		p.showError(w, r, http.StatusBadRequest, fmt.Sprintf("You are signed out, but %q is not a redirect URI of a registered application, so the provider does not go there.", target))
		return
	}

	if state := r.Form.Get("state"); state != "" {
		separator := "?"
		if strings.Contains(target, "?") {
			separator = "&"
		}
		target += separator + url.Values{"state": {state}}.Encode()
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// registeredRedirect reports whether target is on the origin of a registered
// redirect URI. Sign-out may return to any page of the app, not only to the
// exact redirect URI.
func (p *Provider) registeredRedirect(target string) bool {
	parsed, err := url.Parse(target)
	if err != nil || parsed.Host == "" {
		return false
	}
	for _, app := range p.apps {
		for _, registered := range app.RedirectURIs {
			known, err := url.Parse(registered)
			if err == nil && known.Scheme == parsed.Scheme && known.Host == parsed.Host {
				return true
			}
		}
	}
	return false
}

func (p *Provider) clientIDList() string {
	var ids []string
	for _, app := range p.apps {
		ids = append(ids, fmt.Sprintf("%s (%s)", app.ClientID, app.DisplayName))
	}
	slices.Sort(ids)
	return strings.Join(ids, ", ")
}
