package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/app"
	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/devidp"
)

// server is a whole `roster serve --dev` in this process: the real MSAL Go
// and msgraph-sdk-go clients sync from the Graph-compatible directory over
// TLS, and requests carry tokens of the development identity provider.
type server struct {
	t      *testing.T
	app    *app.App
	origin string
	client *http.Client
	token  string
}

func startServer(t *testing.T, dialect database.Dialect) *server {
	t.Helper()
	ctx := context.Background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Config{
		Database: dbtest.Config(t, dialect),
		Server: config.Server{
			Listen: ln.Addr().String(), Dev: true, MigrateOnStart: true, BodyLimitBytes: 1 << 20,
			ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		},
		Graph:    config.Graph{PageSize: 20},
		LogLevel: "info",
	}
	a, err := app.New(ctx, cfg, dbtest.Logger(), app.Options{Workers: 2})
	if err != nil {
		t.Fatalf("assemble roster: %v", err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv := a.HTTPServer(dbtest.Logger())
	go srv.ServeTLS(ln, "", "")
	t.Cleanup(func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
		_ = a.Close(shutdown)
	})

	token, err := a.Dev.Provider.MintAccessToken(devidp.MintOptions{User: devdirectory.AdminUPN})
	if err != nil {
		t.Fatal(err)
	}
	return &server{t: t, app: a, origin: a.Dev.Origin, client: a.Dev.HTTPClient, token: token}
}

func (s *server) call(method, path string, body any, out any, headers ...string) (int, http.Header) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.origin+path, rd)
	req.Header.Set("Authorization", "Bearer "+s.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			s.t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
		}
	}
	if resp.StatusCode >= 300 && out != nil {
		s.t.Fatalf("%s %s = %d: %s", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode, resp.Header
}

type run struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Full   bool   `json:"full"`
	Counts struct {
		Created, Updated, Disabled, Removed, Restored int
	} `json:"counts"`
	PagesRead int `json:"pagesRead"`
	Error     *struct {
		Kind, Message, Hint string
	} `json:"error"`
}

// syncAndWait starts a sync of the tenant and polls the run until it ends.
func (s *server) syncAndWait(tenantID string) run {
	s.t.Helper()
	var r run
	if status, _ := s.call(http.MethodPost, "/api/v1/tenants/"+tenantID+"/sync", nil, &r); status != http.StatusAccepted {
		s.t.Fatalf("start sync = %d", status)
	}
	deadline := time.Now().Add(90 * time.Second)
	for r.Status == "queued" || r.Status == "running" {
		if time.Now().After(deadline) {
			s.t.Fatalf("sync run %s still %s after 90s", r.ID, r.Status)
		}
		time.Sleep(200 * time.Millisecond)
		s.call(http.MethodGet, "/api/v1/sync-runs/"+r.ID, nil, &r)
	}
	return r
}

type personView struct {
	ID                string   `json:"id"`
	ObjectID          string   `json:"objectId"`
	DisplayName       string   `json:"displayName"`
	UserPrincipalName string   `json:"userPrincipalName"`
	Status            string   `json:"status"`
	Guest             bool     `json:"guest"`
	Tags              []string `json:"tags"`
	ETag              string   `json:"etag"`
}

type personList struct {
	Items      []personView `json:"items"`
	NextCursor *string      `json:"nextCursor"`
}

func TestJourney(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(string(dialect), func(t *testing.T) { journey(t, dialect) })
	}
}

func journey(t *testing.T, dialect database.Dialect) {
	s := startServer(t, dialect)
	fabrikam := devdirectory.FabrikamTenantID
	demoUsers, err := s.app.Dev.Directory.Users(fabrikam)
	if err != nil {
		t.Fatal(err)
	}

	// Link the customer tenant.
	var tenant struct{ ID string }
	s.call(http.MethodPost, "/api/v1/tenants", map[string]string{
		"name": "Fabrikam Manufacturing", "entraTenantId": fabrikam, "primaryDomain": devdirectory.FabrikamDomain,
	}, &tenant)

	// First sync: everyone, across several pages.
	first := s.syncAndWait(tenant.ID)
	if first.Status != "succeeded" {
		t.Fatalf("first sync = %+v", first)
	}
	if first.Counts.Created != len(demoUsers) || !first.Full || first.PagesRead < 2 {
		t.Errorf("first sync created %d people in %d pages (full %v), want %d in several pages", first.Counts.Created, first.PagesRead, first.Full, len(demoUsers))
	}

	// Search and tag one person.
	target := demoUsers[3]
	var found personList
	s.call(http.MethodGet, "/api/v1/people?tenantId="+tenant.ID+"&q="+url.QueryEscape(strings.ToUpper(target.DisplayName)), nil, &found)
	if len(found.Items) == 0 || found.Items[0].ObjectID != target.ID {
		t.Fatalf("search for %q found %+v", target.DisplayName, found.Items)
	}
	p := found.Items[0]
	var tagged personView
	s.call(http.MethodPatch, "/api/v1/people/"+p.ID, map[string]any{"tags": []string{"vip"}}, &tagged, "If-Match", p.ETag)

	// Change the directory: rename the tagged person and disable another.
	other := demoUsers[5]
	renamed := target
	renamed.UserPrincipalName = "renamed." + target.UserPrincipalName
	if err := s.app.Dev.Directory.UpsertUser(fabrikam, renamed); err != nil {
		t.Fatal(err)
	}
	if err := s.app.Dev.Directory.SetAccountEnabled(fabrikam, other.ID, false); err != nil {
		t.Fatal(err)
	}

	// The second sync continues from the delta link and applies only that.
	second := s.syncAndWait(tenant.ID)
	if second.Status != "succeeded" || second.Full {
		t.Fatalf("second sync = %+v", second)
	}
	if c := second.Counts; c.Created != 0 || c.Updated != 1 || c.Disabled != 1 || c.Removed != 0 {
		t.Errorf("second sync counts = %+v, want 1 updated and 1 disabled", c)
	}
	var after personView
	s.call(http.MethodGet, "/api/v1/people/"+p.ID, nil, &after)
	if after.UserPrincipalName != renamed.UserPrincipalName || len(after.Tags) != 1 || after.Tags[0] != "vip" {
		t.Errorf("after rename: %+v, want new UPN and the tag kept", after)
	}
	var disabled personList
	s.call(http.MethodGet, "/api/v1/people?status=disabled&tenantId="+tenant.ID+"&q="+url.QueryEscape(other.UserPrincipalName), nil, &disabled)
	if len(disabled.Items) != 1 {
		t.Errorf("disabled person not found: %+v", disabled)
	}

	// A third sync with no change writes nothing.
	third := s.syncAndWait(tenant.ID)
	if c := third.Counts; third.Status != "succeeded" || c.Created+c.Updated+c.Disabled+c.Removed+c.Restored != 0 {
		t.Errorf("no-change sync = %+v", third)
	}
}

// TestSyncConsentMissing checks that a tenant whose admin never consented
// fails with an actionable error instead of changing anything.
func TestSyncConsentMissing(t *testing.T) {
	s := startServer(t, database.SQLite)
	tailspin := devdirectory.TailspinTenantID
	if err := s.app.Dev.Directory.RemoveApp(tailspin, devdirectory.GraphClientID); err != nil {
		t.Fatal(err)
	}
	var tenant struct{ ID string }
	s.call(http.MethodPost, "/api/v1/tenants", map[string]string{"name": "Tailspin Toys", "entraTenantId": tailspin}, &tenant)
	r := s.syncAndWait(tenant.ID)
	if r.Status != "failed" || r.Error == nil || r.Error.Kind != "app_not_in_tenant" || r.Error.Hint == "" {
		t.Fatalf("sync without consent = %+v (error %+v)", r, r.Error)
	}
	var people personList
	s.call(http.MethodGet, "/api/v1/people?tenantId="+tenant.ID, nil, &people)
	if len(people.Items) != 0 {
		t.Errorf("failed sync wrote %d people", len(people.Items))
	}
}
