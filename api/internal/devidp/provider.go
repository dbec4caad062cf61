// Package devidp is the development identity provider that stands in for
// Microsoft Entra ID in `roster serve --dev`. It speaks the subset of Entra's
// OpenID Connect and OAuth 2.0 endpoints that MSAL.js and MSAL Go use, and it
// issues tokens with Entra's claims, so that Roster's verifier, the SPA and
// the Graph adapter run their production code paths against it.
//
// Sign-in is a page listing the demo people: picking one signs in as that
// person, without a password. Nothing here is fit for production use.
package devidp

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Person is a demo person who can sign in.
type Person struct {
	TenantID          string
	ObjectID          string
	DisplayName       string
	UserPrincipalName string
}

// App is an application registration.
type App struct {
	ClientID    string
	DisplayName string
	// Secret is the client secret of a confidential client. It is empty for a
	// public client such as the SPA, which must use PKCE instead.
	Secret       string
	RedirectURIs []string
	// TenantID is the app's home tenant, where `roster dev token --app` mints
	// its tokens unless told otherwise.
	TenantID string
	// Roles are the app roles of Roster's API granted to the app. They appear
	// in the tokens it gets by client credentials.
	Roles []string
	// GraphRoles are the Microsoft Graph application permissions granted to
	// the app, such as User.Read.All. They appear in its Graph tokens.
	GraphRoles []string
}

// Config configures a Provider.
type Config struct {
	// Issuer is the https origin the provider is served on, such as
	// https://127.0.0.1:8443. Issuers are {Issuer}/{tenant id}/v2.0.
	Issuer string
	// DataDir holds dev-idp-key.pem, the signing key, created on first use so
	// that every process using the same DataDir signs with the same key.
	DataDir string
	// People returns the demo people. It is called on every sign-in.
	People func() []Person
	// TenantNames optionally maps tenant ids to names for the sign-in page.
	TenantNames map[string]string
	Apps        []App
	// APIAudience is the client id (GUID) of Roster's API, the aud of its
	// access tokens.
	APIAudience string
	// APIIdentifierURI is the API's application id URI, such as api://roster.
	APIIdentifierURI string
	Logger           *slog.Logger
	// GraphGrants, when set, says whether an app is present (admin consent
	// given) in a tenant and which Graph application permissions it holds
	// there; client credentials for Graph then fail with AADSTS700016 for an
	// absent app, as Entra ID answers. Nil grants every app its GraphRoles in
	// every tenant.
	GraphGrants func(tenantID, clientID string) (roles []string, present bool)
}

// Provider serves the development identity provider's endpoints. It is an
// http.Handler and safe for concurrent use.
type Provider struct {
	origin           string
	people           func() []Person
	tenantNames      map[string]string
	apps             map[string]*App
	apiAudience      string
	apiIdentifierURI string
	logger           *slog.Logger
	graphGrants      func(tenantID, clientID string) (roles []string, present bool)
	key              *signingKey
	now              func() time.Time

	mu    sync.Mutex
	codes map[string]authorizationCode
}

// New checks cfg, loads or creates the signing key in cfg.DataDir and returns
// a Provider.
func New(cfg Config) (*Provider, error) {
	origin, err := parseOrigin(cfg.Issuer)
	if err != nil {
		return nil, err
	}
	if cfg.People == nil {
		return nil, errors.New("devidp: People is nil: pass the demo directory's people")
	}
	if !isGUID(cfg.APIAudience) {
		return nil, fmt.Errorf("devidp: APIAudience %q is not a client id (GUID)", cfg.APIAudience)
	}
	if cfg.APIIdentifierURI == "" {
		return nil, errors.New("devidp: APIIdentifierURI is empty: set the API's application id URI, such as api://roster")
	}
	apps, err := indexApps(cfg.Apps)
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}

	key, err := loadOrCreateKey(cfg.DataDir, cfg.Logger)
	if err != nil {
		return nil, err
	}

	return &Provider{
		origin:           origin,
		people:           cfg.People,
		tenantNames:      cfg.TenantNames,
		apps:             apps,
		apiAudience:      strings.ToLower(cfg.APIAudience),
		apiIdentifierURI: strings.TrimSuffix(cfg.APIIdentifierURI, "/"),
		graphGrants:      cfg.GraphGrants,
		logger:           cfg.Logger,
		key:              key,
		now:              time.Now,
		codes:            make(map[string]authorizationCode),
	}, nil
}

func parseOrigin(issuer string) (string, error) {
	parsed, err := url.Parse(issuer)
	if err != nil || parsed.Scheme != "https" || parsed.Host == "" || strings.Trim(parsed.Path, "/") != "" {
		return "", fmt.Errorf("devidp: Issuer %q is not an https origin such as https://127.0.0.1:8443 (MSAL rejects http authorities)", issuer)
	}
	return parsed.Scheme + "://" + parsed.Host, nil
}

func indexApps(apps []App) (map[string]*App, error) {
	index := make(map[string]*App, len(apps))
	for i := range apps {
		app := apps[i]
		if !isGUID(app.ClientID) {
			return nil, fmt.Errorf("devidp: app %q has client id %q, which is not a GUID", app.DisplayName, app.ClientID)
		}
		if app.TenantID != "" && !isGUID(app.TenantID) {
			return nil, fmt.Errorf("devidp: app %s has tenant id %q, which is not a GUID", app.ClientID, app.TenantID)
		}
		app.ClientID = strings.ToLower(app.ClientID)
		app.TenantID = strings.ToLower(app.TenantID)
		index[app.ClientID] = &app
	}
	return index, nil
}

// Endpoint paths below the tenant segment.
const (
	pathDiscovery = "v2.0/.well-known/openid-configuration"
	pathKeys      = "discovery/v2.0/keys"
	pathAuthorize = "oauth2/v2.0/authorize"
	pathToken     = "oauth2/v2.0/token"
	pathLogout    = "oauth2/v2.0/logout"
)

var endpointPaths = []string{pathDiscovery, pathKeys, pathAuthorize, pathToken, pathLogout}

// Handles reports whether r is for one of the provider's endpoints, so that a
// server sharing the origin can route to the provider.
func (p *Provider) Handles(r *http.Request) bool {
	_, endpoint, ok := splitPath(r.URL.Path)
	return ok && slices.Contains(endpointPaths, endpoint)
}

// splitPath splits /{tenant}/{endpoint} and accepts a tenant id (GUID),
// "common" or "organizations" as the tenant.
func splitPath(path string) (tenant, endpoint string, ok bool) {
	tenant, endpoint, ok = strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if !ok {
		return "", "", false
	}
	tenant = strings.ToLower(tenant)
	if tenant != "common" && tenant != "organizations" && !isGUID(tenant) {
		return "", "", false
	}
	return tenant, endpoint, true
}

// ServeHTTP routes to the endpoints of the tenant named by the first path
// segment and responds 404 to any other path.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tenant, endpoint, ok := splitPath(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}

	switch endpoint {
	case pathDiscovery:
		p.serveDiscovery(w, r, tenant)
	case pathKeys:
		p.serveKeys(w, r)
	case pathAuthorize:
		p.serveAuthorize(w, r, tenant)
	case pathToken:
		p.serveToken(w, r, tenant)
	case pathLogout:
		p.serveLogout(w, r)
	default:
		http.NotFound(w, r)
	}
}

// allowCrossOrigin lets the SPA call an endpoint from another origin, as it
// does in the demo when the SPA is served on its own port. Tokens are sent in
// bodies, never in cookies, so any origin may read the responses.
func allowCrossOrigin(w http.ResponseWriter, r *http.Request, methods string) (preflight bool) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method != http.MethodOptions {
		return false
	}

	w.Header().Set("Access-Control-Allow-Methods", methods)
	if requested := r.Header.Get("Access-Control-Request-Headers"); requested != "" {
		w.Header().Set("Access-Control-Allow-Headers", requested)
	}
	w.Header().Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// knownTenant reports whether tenantID has demo people or registered apps.
func (p *Provider) knownTenant(tenantID string) bool {
	for _, app := range p.apps {
		if app.TenantID == tenantID {
			return true
		}
	}
	for _, person := range p.people() {
		if strings.EqualFold(person.TenantID, tenantID) {
			return true
		}
	}
	return false
}

// person returns the demo person with the given tenant and object ids.
func (p *Provider) person(tenantID, objectID string) (Person, bool) {
	for _, person := range p.people() {
		if strings.EqualFold(person.TenantID, tenantID) && strings.EqualFold(person.ObjectID, objectID) {
			return normalizePerson(person), true
		}
	}
	return Person{}, false
}

func normalizePerson(person Person) Person {
	person.TenantID = strings.ToLower(person.TenantID)
	person.ObjectID = strings.ToLower(person.ObjectID)
	return person
}

// isGUID reports whether s is a GUID in the 36-character form Entra uses.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}
