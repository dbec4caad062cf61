package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/accessrequest"
	"github.com/rosterhq/roster/api/internal/auth"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/devidp"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/events"
	"github.com/rosterhq/roster/api/internal/httpapi"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/impersonation"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/settings"
	"github.com/rosterhq/roster/api/internal/tenant"
	"github.com/rosterhq/roster/openapi"
)

// env is a real API on a real database, behind a TLS test server that also
// serves the development identity provider, whose tokens go through the
// production verifier.
type env struct {
	t        *testing.T
	db       *database.DB
	server   *httptest.Server
	provider *devidp.Provider
	router   routers.Router
	home     *tenant.Tenant
	iam      *iam.Service
	// idpDir holds the identity provider's signing key.
	idpDir   string
	settings *settings.Store
	// impersonation is the session service the API uses.
	impersonation *impersonation.Service
	// hub and accessRequests carry the API's events and access requests.
	hub            *events.Hub
	accessRequests *accessrequest.Service
}

// emptyReader is a directory with no users; HTTP tests do not sync.
type emptyReader struct{}

func (emptyReader) UsersDelta(context.Context, string, string, func(context.Context, directory.Page) error) (directory.DeltaResult, error) {
	return directory.DeltaResult{DeltaLink: "done", Full: true}, nil
}

type noQueue struct{}

func (noQueue) EnqueueSync(context.Context, *gorm.DB, string) error { return nil }

const adminUPN = devdirectory.AdminUPN

func newEnv(t *testing.T, db *database.DB) *env {
	t.Helper()
	e := &env{t: t, db: db}
	var handler http.Handler
	e.server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	e.server.StartTLS()
	t.Cleanup(e.server.Close)

	dir := devdirectory.NewDemo()
	e.idpDir = t.TempDir()
	provider, err := devidp.New(devidp.Config{
		Issuer:  e.server.URL,
		DataDir: e.idpDir,
		People: func() []devidp.Person {
			var out []devidp.Person
			for _, p := range dir.People() {
				out = append(out, devidp.Person{TenantID: p.TenantID, ObjectID: p.ObjectID, DisplayName: p.Name, UserPrincipalName: p.UserPrincipalName})
			}
			return out
		},
		Apps: []devidp.App{
			{ClientID: devdirectory.SPAClientID, RedirectURIs: []string{e.server.URL + "/"}, TenantID: devdirectory.HomeTenantID},
			{ClientID: scriptAppID, Secret: "s", TenantID: devdirectory.HomeTenantID, Roles: []string{"Roster.Read"}},
		},
		APIAudience:      devdirectory.APIClientID,
		APIIdentifierURI: devdirectory.APIIdentifierURI,
		Logger:           dbtest.Logger(),
	})
	if err != nil {
		t.Fatal(err)
	}
	e.provider = provider

	ctx := context.Background()
	tenants := tenant.NewStore(db.Gorm)
	if e.home, err = tenants.EnsureHome(ctx, "Northwind IT Services", devdirectory.HomeTenantID); err != nil {
		t.Fatal(err)
	}
	verifier, err := auth.NewVerifier(auth.Config{
		Authority: e.server.URL, V1IssuerHost: e.server.URL,
		Audiences:     []string{devdirectory.APIClientID, devdirectory.APIIdentifierURI},
		HomeTenantID:  devdirectory.HomeTenantID,
		TenantAllowed: tenants.IsLinked,
		HTTPClient:    e.server.Client(),
		Logger:        dbtest.Logger(),
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := dirsync.NewService(db.Gorm, emptyReader{}, noQueue{}, dbtest.Logger())
	e.iam = iam.NewService(db.Gorm)
	if err := e.iam.Roles.EnsureBuiltins(ctx); err != nil {
		t.Fatal(err)
	}
	resolver := iam.NewResolver(db.Gorm, tenants, []string{adminUPN}, dbtest.Logger())
	e.settings = settings.NewStore(db.Gorm)
	e.impersonation = impersonation.NewService(db.Gorm, resolver, func(ctx context.Context) (impersonation.Settings, error) {
		snap, err := e.settings.Snapshot(ctx)
		if err != nil {
			return impersonation.Settings{}, err
		}
		return impersonation.Settings{Enabled: snap.Bool(settings.ImpersonationEnabled), Mode: snap.String(settings.ImpersonationMode),
			MaxDuration: snap.Duration(settings.ImpersonationMaxDuration)}, nil
	})
	e.hub = events.New(db, dbtest.Logger())
	if err := e.hub.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.hub.Stop)
	e.accessRequests = accessrequest.NewService(db.Gorm, e.iam, e.settings, e.hub, dbtest.Logger())
	api := httpapi.New(httpapi.Deps{
		DB: db, Tenants: tenants, People: person.NewStore(db.Gorm), Sync: svc, Verifier: verifier,
		Resolver: resolver, IAM: e.iam, Impersonation: e.impersonation,
		AccessRequests: e.accessRequests, Settings: e.settings, Events: e.hub,
		HomeEntraTenantID: devdirectory.HomeTenantID, Logger: dbtest.Logger(), BodyLimitBytes: 64 << 10,
		OpenAPI: openapi.Document,
	})
	handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if provider.Handles(r) {
			provider.ServeHTTP(w, r)
			return
		}
		api.Handler().ServeHTTP(w, r)
	})

	doc, err := openapi3.NewLoader().LoadFromData(openapi.Document)
	if err != nil {
		t.Fatalf("load openapi.yaml: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: e.server.URL}}
	if e.router, err = legacy.NewRouter(doc); err != nil {
		t.Fatalf("openapi router: %v", err)
	}
	return e
}

const scriptAppID = "8b3d6f9a-4c2e-4a7b-9d1f-3e5a7c9b1d13"

func (e *env) token(user string) string {
	e.t.Helper()
	tok, err := e.provider.MintAccessToken(devidp.MintOptions{User: user})
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

func (r response) problem(t *testing.T) map[string]any {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("content type = %q, want application/problem+json; body %s", ct, r.Body)
	}
	var p map[string]any
	r.json(t, &p)
	return p
}

// do sends a request and validates the response against openapi.yaml.
func (e *env) do(method, path, token string, body any, headers ...string) response {
	e.t.Helper()
	var rd io.Reader
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		raw, _ = json.Marshal(b)
	}
	if raw != nil {
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.server.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := e.server.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("X-Request-Id") == "" {
		e.t.Errorf("%s %s: no X-Request-Id", method, path)
	}
	e.validate(req, raw, resp, out)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: out}
}

// validate checks a documented route's response against the document.
func (e *env) validate(req *http.Request, reqBody []byte, resp *http.Response, body []byte) {
	e.t.Helper()
	route, params, err := e.router.FindRoute(req)
	if err != nil {
		return // an undocumented path, such as a 404 probe
	}
	if reqBody != nil {
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(body)), Options: &openapi3filter.Options{IncludeResponseStatus: true},
	})
	if err != nil {
		e.t.Errorf("%s %s -> %d does not match openapi.yaml: %v\nbody: %s", req.Method, req.URL.Path, resp.StatusCode, err, body)
	}
}

func init() {
	// Exports are validated as opaque text; their content is checked by
	// the export tests.
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.FileBodyDecoder)
}

// forEachDB runs fn with a fresh environment on each database.
func forEachDB(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) { fn(t, newEnv(t, db)) })
}

func dbtestLogger() *slog.Logger { return dbtest.Logger() }

// devidpUser returns mint options for the first demo person of a tenant.
func devidpUser(t *testing.T, e *env, tenantID string) devidp.MintOptions {
	t.Helper()
	for _, p := range devdirectory.NewDemo().People() {
		if p.TenantID == tenantID {
			return devidp.MintOptions{User: p.UserPrincipalName}
		}
	}
	t.Fatalf("no demo person in tenant %s", tenantID)
	return devidp.MintOptions{}
}
