package graph_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/graph"
)

const (
	tenantA    = "11111111-1111-4111-8111-111111111111"
	tenantB    = "22222222-2222-4222-8222-222222222222"
	clientID   = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
	secret     = "graph-test-secret"
	certClient = "dddddddd-dddd-4ddd-8ddd-dddddddddddd"
	badSecret  = "not-the-secret-4711"
)

func userID(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

func testUser(n int, domain string) devdirectory.User {
	var synced *bool // nil for cloud-only users, as on Graph
	if n%2 == 0 {
		synced = new(bool)
		*synced = true
	}
	return devdirectory.User{
		ID:                    userID(n),
		DisplayName:           fmt.Sprintf("User %d", n),
		GivenName:             "User",
		Surname:               fmt.Sprint(n),
		UserPrincipalName:     fmt.Sprintf("user%d@%s", n, domain),
		Mail:                  fmt.Sprintf("user%d@%s", n, domain),
		OtherMails:            []string{fmt.Sprintf("u%d@home.example", n)},
		JobTitle:              "Tester",
		Department:            "Quality",
		OfficeLocation:        "Lab",
		MobilePhone:           "+1 555 0101",
		BusinessPhones:        []string{"+1 555 0100"},
		OnPremisesSyncEnabled: synced,
		CreatedDateTime:       "2021-03-04T05:06:07Z",
	}
}

// env runs devdirectory's token service and Graph handler on one TLS test
// server and points a real graph.Client (MSAL Go + msgraph-sdk-go) at it.
type env struct {
	dir    *devdirectory.Directory
	faults *devdirectory.Faults
	srv    *httptest.Server
	client *graph.Client

	mu       sync.Mutex
	requests []*url.URL // Graph requests received, in order
	// foreignLinks makes the server's paging links point at another host.
	foreignLinks bool
}

func newEnv(t *testing.T, users int, configure func(*graph.Config)) *env {
	t.Helper()
	a := devdirectory.Tenant{
		TenantID: tenantA, DisplayName: "Tenant A", DefaultDomain: "a.example",
		Apps: []devdirectory.AppGrant{{AppID: clientID, Roles: []string{"User.Read.All"}}, {AppID: certClient, Roles: []string{"User.Read.All"}}},
	}
	for i := 1; i <= users; i++ {
		a.Users = append(a.Users, testUser(i, "a.example"))
	}
	b := devdirectory.Tenant{
		TenantID: tenantB, DisplayName: "Tenant B", DefaultDomain: "b.example",
		Apps:  []devdirectory.AppGrant{{AppID: clientID, Roles: []string{"User.Read.All"}}},
		Users: []devdirectory.User{testUser(900, "b.example")},
	}
	data, err := jsonFile(devdirectory.File{Tenants: []devdirectory.Tenant{a, b}})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{faults: devdirectory.NewFaults()}
	if e.dir, err = devdirectory.Parse(data); err != nil {
		t.Fatal(err)
	}
	cert, key := selfSigned(t)
	tokens, err := devdirectory.NewTokenService(devdirectory.TokenServiceOptions{
		Directory: e.dir,
		Apps: []devdirectory.App{
			{ClientID: clientID, Secret: secret},
			{ClientID: certClient, Certificates: []*x509.Certificate{cert}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	graphAPI := devdirectory.Handler(devdirectory.Options{Directory: e.dir, Authenticate: tokens.Authenticate, Faults: e.faults})
	mux := http.NewServeMux()
	mux.Handle("/v1.0/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.requests = append(e.requests, r.URL)
		foreign := e.foreignLinks
		e.mu.Unlock()
		if !foreign {
			graphAPI.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		graphAPI.ServeHTTP(rec, r)
		w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
		w.WriteHeader(rec.Code)
		_, _ = w.Write([]byte(strings.ReplaceAll(rec.Body.String(), e.srv.URL, "https://elsewhere.example")))
	}))
	mux.Handle("/", tokens.Handler())
	e.srv = httptest.NewTLSServer(mux)
	t.Cleanup(e.srv.Close)

	cfg := graph.Config{
		AuthorityHost:  e.srv.URL,
		GraphEndpoint:  e.srv.URL,
		ClientID:       clientID,
		ClientSecret:   secret,
		HTTPClient:     e.srv.Client(),
		PageSize:       10,
		MaxAttempts:    3,
		RetryBaseDelay: 10 * time.Millisecond,
		MaxRetryWait:   5 * time.Second,
		RequestTimeout: 5 * time.Second,
	}
	if configure != nil {
		configure(&cfg)
	}
	if cfg.ClientID == certClient {
		cfg.ClientSecret, cfg.CertificatePEM = "", pemOf(t, cert, key)
	}
	if e.client, err = graph.New(cfg); err != nil {
		t.Fatal(err)
	}
	return e
}

// collect runs UsersDelta and returns the pages fn received.
func (e *env) collect(t *testing.T, tenantID, deltaLink string) ([]directory.Page, directory.DeltaResult, error) {
	t.Helper()
	var pages []directory.Page
	res, err := e.client.UsersDelta(context.Background(), tenantID, deltaLink, func(_ context.Context, p directory.Page) error {
		pages = append(pages, p)
		return nil
	})
	return pages, res, err
}

func allUsers(pages []directory.Page) []directory.User {
	var out []directory.User
	for _, p := range pages {
		out = append(out, p.Users...)
	}
	return out
}

func objectIDs(users []directory.User) []string {
	var out []string
	for _, u := range users {
		out = append(out, u.ObjectID)
	}
	slices.Sort(out)
	return out
}

func (e *env) addFaults(t *testing.T, tenantID string, faults ...devdirectory.Fault) {
	t.Helper()
	if err := e.faults.Add(tenantID, faults...); err != nil {
		t.Fatal(err)
	}
}

func TestFullEnumerationPages(t *testing.T) {
	e := newEnv(t, 25, nil)
	pages, res, err := e.collect(t, tenantA, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 {
		t.Fatalf("pages = %d, want 3 of at most 10 users", len(pages))
	}
	for i, p := range pages {
		if p.Number != i+1 {
			t.Errorf("page %d has Number %d", i+1, p.Number)
		}
	}
	if got := len(allUsers(pages)); got != 25 {
		t.Errorf("users = %d, want 25", got)
	}
	if !res.Full || !strings.HasPrefix(res.DeltaLink, e.srv.URL+"/v1.0/users/delta()?") {
		t.Errorf("result = %+v, want Full and a delta link on the test server", res)
	}
}

func TestUserFieldsConverted(t *testing.T) {
	e := newEnv(t, 2, nil)
	if err := e.dir.SetAccountEnabled(tenantA, userID(2), false); err != nil {
		t.Fatal(err)
	}
	pages, _, err := e.collect(t, tenantA, "")
	if err != nil {
		t.Fatal(err)
	}
	users := allUsers(pages)
	u := users[1]
	checks := []struct {
		field string
		ok    bool
	}{
		{"ObjectID", u.ObjectID == userID(2)},
		{"DisplayName", u.DisplayName != nil && *u.DisplayName == "User 2"},
		{"GivenName", u.GivenName != nil && *u.GivenName == "User"},
		{"Surname", u.Surname != nil && *u.Surname == "2"},
		{"UserPrincipalName", u.UserPrincipalName != nil && *u.UserPrincipalName == "user2@a.example"},
		{"Mail", u.Mail != nil && *u.Mail == "user2@a.example"},
		{"OtherMails", slices.Equal(u.OtherMails, []string{"u2@home.example"})},
		{"JobTitle", u.JobTitle != nil && *u.JobTitle == "Tester"},
		{"Department", u.Department != nil && *u.Department == "Quality"},
		{"OfficeLocation", u.OfficeLocation != nil && *u.OfficeLocation == "Lab"},
		{"MobilePhone", u.MobilePhone != nil && *u.MobilePhone == "+1 555 0101"},
		{"BusinessPhones", slices.Equal(u.BusinessPhones, []string{"+1 555 0100"})},
		{"AccountEnabled", u.AccountEnabled != nil && !*u.AccountEnabled},
		{"UserType", u.UserType != nil && *u.UserType == "Member"},
		{"OnPremisesSyncEnabled", u.OnPremisesSyncEnabled != nil && *u.OnPremisesSyncEnabled},
		{"CreatedDateTime", u.CreatedDateTime != nil && u.CreatedDateTime.Equal(time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC))},
		{"Removed", !u.Removed},
		{"cloud-only OnPremisesSyncEnabled", users[0].OnPremisesSyncEnabled == nil},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s not converted: %+v", c.field, u)
		}
	}
}

func TestSelectSentOnFirstRequestOnly(t *testing.T) {
	e := newEnv(t, 15, nil)
	if _, _, err := e.collect(t, tenantA, ""); err != nil {
		t.Fatal(err)
	}
	if len(e.requests) != 2 {
		t.Fatalf("requests = %d, want 2", len(e.requests))
	}
	selected := strings.Split(e.requests[0].Query().Get("$select"), ",")
	for _, field := range []string{"id", "displayName", "givenName", "surname", "userPrincipalName", "mail", "otherMails", "jobTitle", "department", "officeLocation", "mobilePhone", "businessPhones", "accountEnabled", "userType", "onPremisesSyncEnabled", "createdDateTime"} {
		if !slices.Contains(selected, field) {
			t.Errorf("$select %v lacks %s", selected, field)
		}
	}
	if e.requests[1].Query().Has("$select") {
		t.Errorf("second request %s repeats $select", e.requests[1])
	}
}

func TestDeltaContinuationReturnsChanges(t *testing.T) {
	e := newEnv(t, 12, nil)
	_, first, err := e.collect(t, tenantA, "")
	if err != nil {
		t.Fatal(err)
	}

	changed := testUser(3, "a.example")
	changed.JobTitle = "Lead Tester"
	if err := e.dir.UpsertUser(tenantA, changed); err != nil {
		t.Fatal(err)
	}
	if err := e.dir.DeleteUser(tenantA, userID(7)); err != nil {
		t.Fatal(err)
	}

	pages, res, err := e.collect(t, tenantA, first.DeltaLink)
	if err != nil {
		t.Fatal(err)
	}
	if res.Full || res.DeltaLink == "" || res.DeltaLink == first.DeltaLink {
		t.Errorf("result = %+v, want a new delta link and Full false", res)
	}
	users := allUsers(pages)
	if got := objectIDs(users); !slices.Equal(got, []string{userID(3), userID(7)}) {
		t.Fatalf("changed users = %v, want users 3 and 7", got)
	}
	for _, u := range users {
		switch u.ObjectID {
		case userID(3):
			if u.Removed || u.JobTitle == nil || *u.JobTitle != "Lead Tester" {
				t.Errorf("changed user = %+v, want the new job title", u)
			}
		case userID(7):
			if !u.Removed || u.RemovedReason != "changed" {
				t.Errorf("deleted user: Removed %v, reason %q; want true and changed", u.Removed, u.RemovedReason)
			}
		}
	}

	pages, _, err = e.collect(t, tenantA, res.DeltaLink)
	if err != nil || len(allUsers(pages)) != 0 {
		t.Errorf("delta with no change = %v users, %v; want none", len(allUsers(pages)), err)
	}
}

func TestExpiredDeltaLinkRestartsFull(t *testing.T) {
	cases := []struct {
		name  string
		fault devdirectory.Fault
	}{
		{"sync-state-not-found", devdirectory.Fault{Kind: devdirectory.FaultExpiredDelta}},
		{"gone", devdirectory.Fault{Kind: devdirectory.FaultResetDelta}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, 12, nil)
			_, first, err := e.collect(t, tenantA, "")
			if err != nil {
				t.Fatal(err)
			}
			e.addFaults(t, tenantA, tc.fault)

			pages, res, err := e.collect(t, tenantA, first.DeltaLink)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Full || res.DeltaLink == "" {
				t.Errorf("result = %+v, want Full and a new delta link", res)
			}
			if got := len(allUsers(pages)); got != 12 || pages[0].Number != 1 {
				t.Errorf("restart returned %d users from page %d, want 12 from page 1", got, pages[0].Number)
			}
		})
	}
}

func TestRetries(t *testing.T) {
	cases := []struct {
		name    string
		fault   devdirectory.Fault
		minWait time.Duration
	}{
		{"429-seconds", devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 429, RetryAfterSeconds: 1}, time.Second},
		{"429-http-date", devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 429, RetryAfterSeconds: 1, RetryAfterDate: true}, time.Second},
		{"500", devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 500, Times: 2}, 0},
		{"502", devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 502}, 0},
		{"503", devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 503}, 0},
		{"504", devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 504}, 0},
		{"html-502", devdirectory.Fault{Kind: devdirectory.FaultHTML, Status: 502}, 0},
		{"on-page-2", devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 503, After: 1}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, 15, nil)
			e.addFaults(t, tenantA, tc.fault)
			start := time.Now()
			pages, _, err := e.collect(t, tenantA, "")
			if err != nil {
				t.Fatalf("UsersDelta failed despite retries: %v", err)
			}
			if got := len(allUsers(pages)); got != 15 {
				t.Errorf("users = %d, want 15", got)
			}
			if elapsed := time.Since(start); elapsed < tc.minWait {
				t.Errorf("finished after %v, want Retry-After %v waited out", elapsed, tc.minWait)
			}
			if pending := e.faults.Pending(tenantA); len(pending) != 0 {
				t.Errorf("faults not consumed: %+v", pending)
			}
		})
	}
}

func TestAttemptTimeoutRetried(t *testing.T) {
	e := newEnv(t, 3, func(c *graph.Config) { c.RequestTimeout = 300 * time.Millisecond })
	e.addFaults(t, tenantA, devdirectory.Fault{Kind: devdirectory.FaultDelay, DelayMillis: 3000})
	start := time.Now()
	pages, _, err := e.collect(t, tenantA, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(allUsers(pages)) != 3 || time.Since(start) > 2*time.Second {
		t.Errorf("got %d users after %v, want 3 after one timed-out attempt", len(allUsers(pages)), time.Since(start))
	}
}

func TestFailures(t *testing.T) {
	cases := []struct {
		name       string
		faults     []devdirectory.Fault
		kind       directory.ErrorKind
		status     int
		code       string
		retryAfter time.Duration
	}{
		{"throttled", []devdirectory.Fault{{Kind: devdirectory.FaultStatus, Status: 429, RetryAfterSeconds: 120}}, directory.KindThrottled, 429, "TooManyRequests", 120 * time.Second},
		{"throttled-no-header", []devdirectory.Fault{{Kind: devdirectory.FaultStatus, Status: 429, Times: 3}}, directory.KindThrottled, 429, "TooManyRequests", 0},
		{"unavailable", []devdirectory.Fault{{Kind: devdirectory.FaultStatus, Status: 503, Times: 3}}, directory.KindUnavailable, 503, "serviceNotAvailable", 0},
		{"malformed", []devdirectory.Fault{{Kind: devdirectory.FaultMalformed}}, directory.KindMalformed, 200, "", 0},
		{"empty", []devdirectory.Fault{{Kind: devdirectory.FaultEmpty}}, directory.KindMalformed, 200, "", 0},
		{"html-200", []devdirectory.Fault{{Kind: devdirectory.FaultHTML}}, directory.KindMalformed, 200, "", 0},
		{"html-502", []devdirectory.Fault{{Kind: devdirectory.FaultHTML, Status: 502, Times: 3}}, directory.KindUnavailable, 502, "", 0},
		{"malformed-400", []devdirectory.Fault{{Kind: devdirectory.FaultMalformed, Status: 400}}, directory.KindMalformed, 400, "", 0},
		{"timeout", []devdirectory.Fault{{Kind: devdirectory.FaultDelay, DelayMillis: 2000, Times: 3}}, directory.KindUnavailable, 0, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, 5, func(c *graph.Config) { c.RequestTimeout = 300 * time.Millisecond })
			e.addFaults(t, tenantA, tc.faults...)
			pages, _, err := e.collect(t, tenantA, "")
			if err == nil {
				t.Fatalf("UsersDelta succeeded with %d pages, want %s", len(pages), tc.kind)
			}
			var de *directory.Error
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T) is not a *directory.Error", err, err)
			}
			if de.Kind != tc.kind {
				t.Errorf("kind = %s, want %s: %v", de.Kind, tc.kind, err)
			}
			if de.HTTPStatus != tc.status {
				t.Errorf("HTTPStatus = %d, want %d", de.HTTPStatus, tc.status)
			}
			if de.Code != tc.code {
				t.Errorf("Code = %q, want %q", de.Code, tc.code)
			}
			if de.RetryAfter != tc.retryAfter {
				t.Errorf("RetryAfter = %v, want %v", de.RetryAfter, tc.retryAfter)
			}
			if len(pages) != 0 {
				t.Errorf("fn received %d pages of a failed first request", len(pages))
			}
		})
	}
}

func TestFailureAfterPageK(t *testing.T) {
	e := newEnv(t, 35, nil)
	// Pages 1 and 2 pass; every attempt at page 3 fails.
	e.addFaults(t, tenantA, devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 500, After: 2, Times: 3})
	pages, _, err := e.collect(t, tenantA, "")
	if directory.KindOf(err) != directory.KindUnavailable {
		t.Fatalf("error = %v, want unavailable", err)
	}
	if len(pages) != 2 || pages[1].Number != 2 {
		t.Errorf("fn received %d pages before the failure, want pages 1 and 2", len(pages))
	}
}

func TestCallbackErrorStops(t *testing.T) {
	e := newEnv(t, 25, nil)
	stop := errors.New("stop here")
	calls := 0
	_, err := e.client.UsersDelta(context.Background(), tenantA, "", func(context.Context, directory.Page) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("error = %v after %d calls, want the callback's error after 1", err, calls)
	}
}

func TestAuthenticationFailures(t *testing.T) {
	cases := []struct {
		name   string
		tenant string
		setup  func(e *env)
		config func(c *graph.Config)
		kind   directory.ErrorKind
		code   string
	}{
		{"wrong-secret", tenantA, nil, func(c *graph.Config) { c.ClientSecret = badSecret }, directory.KindBadCredentials, "AADSTS7000215"},
		{"unknown-tenant", "33333333-3333-4333-8333-333333333333", nil, nil, directory.KindTenantNotFound, "AADSTS90002"},
		{"app-not-in-tenant", tenantA, func(e *env) { _ = e.dir.RemoveApp(tenantA, clientID) }, nil, directory.KindAppNotInTenant, "AADSTS700016"},
		{"missing-permission", tenantA, func(e *env) { _ = e.dir.SetAppRoles(tenantA, clientID, nil) }, nil, directory.KindConsentMissing, "Authorization_RequestDenied"},
		{"tenant-not-guid", "a.example", nil, nil, directory.KindTenantNotFound, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, 3, tc.config)
			if tc.setup != nil {
				tc.setup(e)
			}
			for _, call := range []string{"UsersDelta", "CheckConsent"} {
				var err error
				if call == "UsersDelta" {
					_, _, err = e.collect(t, tc.tenant, "")
				} else {
					err = e.client.CheckConsent(context.Background(), tc.tenant)
				}
				var de *directory.Error
				if !errors.As(err, &de) {
					t.Fatalf("%s: error %v is not a *directory.Error", call, err)
				}
				if de.Kind != tc.kind || de.Code != tc.code {
					t.Errorf("%s: kind %s code %q, want %s %q: %v", call, de.Kind, de.Code, tc.kind, tc.code, err)
				}
				if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), badSecret) {
					t.Errorf("%s: error reveals the secret: %v", call, err)
				}
			}
		})
	}
}

func TestCheckConsent(t *testing.T) {
	e := newEnv(t, 1, nil)
	if err := e.client.CheckConsent(context.Background(), tenantA); err != nil {
		t.Errorf("CheckConsent = %v, want nil", err)
	}
	if len(e.requests) != 1 || e.requests[0].Path != "/v1.0/users" || e.requests[0].Query().Get("$top") != "1" {
		t.Errorf("requests = %v, want one GET /v1.0/users?$top=1", e.requests)
	}
}

func TestCertificateCredential(t *testing.T) {
	e := newEnv(t, 4, func(c *graph.Config) { c.ClientID = certClient })
	pages, _, err := e.collect(t, tenantA, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(allUsers(pages)); got != 4 {
		t.Errorf("users = %d, want 4", got)
	}
}

func TestTenantsAreSeparate(t *testing.T) {
	e := newEnv(t, 30, nil)
	var wg sync.WaitGroup
	results := map[string][]string{}
	var mu sync.Mutex
	for _, tid := range []string{tenantA, tenantB, tenantA, tenantB} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var pages []directory.Page
			_, err := e.client.UsersDelta(context.Background(), tid, "", func(_ context.Context, p directory.Page) error {
				pages = append(pages, p)
				return nil
			})
			if err != nil {
				t.Errorf("tenant %s: %v", tid, err)
				return
			}
			mu.Lock()
			results[tid] = objectIDs(allUsers(pages))
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(results[tenantA]) != 30 || !slices.Equal(results[tenantB], []string{userID(900)}) {
		t.Errorf("tenant A got %d users, tenant B got %v; want 30 and user 900", len(results[tenantA]), results[tenantB])
	}
}

func TestForeignDeltaLinkRestartsFull(t *testing.T) {
	e := newEnv(t, 2, nil)
	pages, res, err := e.collect(t, tenantA, "https://elsewhere.example/v1.0/users/delta()?$deltatoken=x")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Full || len(allUsers(pages)) != 2 {
		t.Errorf("result %+v with %d users, want a full enumeration of 2", res, len(allUsers(pages)))
	}
	if len(e.requests) != 1 || e.requests[0].Query().Has("$deltatoken") {
		t.Errorf("requests = %v, want one first request on the test server", e.requests)
	}
}

func TestForeignNextLinkNotFollowed(t *testing.T) {
	e := newEnv(t, 25, nil)
	e.foreignLinks = true
	pages, _, err := e.collect(t, tenantA, "")
	if directory.KindOf(err) != directory.KindMalformed || !strings.Contains(err.Error(), "elsewhere.example") {
		t.Errorf("error = %v, want malformed naming the foreign link", err)
	}
	if len(pages) != 0 || len(e.requests) != 1 {
		t.Errorf("fn got %d pages and the server %d requests, want 0 and 1", len(pages), len(e.requests))
	}
}

func TestCancelDuringRetryWait(t *testing.T) {
	e := newEnv(t, 1, func(c *graph.Config) { c.MaxRetryWait = time.Minute })
	e.addFaults(t, tenantA, devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 429, RetryAfterSeconds: 30})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.client.UsersDelta(ctx, tenantA, "", func(context.Context, directory.Page) error { return nil })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want one wrapping context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("returned after %v, want soon after the context ended", elapsed)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	base := graph.Config{AuthorityHost: "https://login.example", GraphEndpoint: "https://graph.example", ClientID: clientID, ClientSecret: secret}
	cases := []struct {
		name   string
		change func(c *graph.Config)
	}{
		{"http-authority", func(c *graph.Config) { c.AuthorityHost = "http://login.example" }},
		{"endpoint-with-path", func(c *graph.Config) { c.GraphEndpoint = "https://graph.example/v1.0" }},
		{"no-client-id", func(c *graph.Config) { c.ClientID = "" }},
		{"no-credential", func(c *graph.Config) { c.ClientSecret = "" }},
		{"both-credentials", func(c *graph.Config) { c.CertificatePEM = []byte("x") }},
		{"bad-pem", func(c *graph.Config) { c.ClientSecret, c.CertificatePEM = "", []byte("not pem") }},
		{"page-size", func(c *graph.Config) { c.PageSize = 1000 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			tc.change(&cfg)
			if _, err := graph.New(cfg); err == nil {
				t.Error("New accepted the configuration")
			}
		})
	}
	if _, err := graph.New(base); err != nil {
		t.Errorf("New(valid config) = %v", err)
	}
}

func jsonFile(f devdirectory.File) ([]byte, error) {
	return json.Marshal(f)
}

func selfSigned(t *testing.T) (*x509.Certificate, *rsa.PrivateKey) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "roster graph test"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

func pemOf(t *testing.T, cert *x509.Certificate, key *rsa.PrivateKey) []byte {
	t.Helper()
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	return append(out, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})...)
}
