package app_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/app"
	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/devidp"
	"github.com/rosterhq/roster/api/internal/dirsync"
)

// devConfig returns the configuration of a development server on a free
// port with the given database.
func devConfig(t *testing.T, db config.Database) (config.Config, net.Listener) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return config.Config{
		Database: db,
		Server: config.Server{
			Listen: ln.Addr().String(), Dev: true, MigrateOnStart: true, BodyLimitBytes: 1 << 20,
			ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		},
		Graph:    config.Graph{PageSize: 20},
		LogLevel: "info",
	}, ln
}

// startConfigured runs a whole `roster serve --dev` with cfg, like
// startServer.
func startConfigured(t *testing.T, cfg config.Config, ln net.Listener) *server {
	t.Helper()
	ctx := context.Background()
	a, err := app.New(ctx, cfg, dbtest.Logger(), app.Options{})
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

// metric returns the value of one sample of /metrics, read without a token.
func (s *server) metric(t *testing.T, sample string) float64 {
	t.Helper()
	resp, err := s.client.Get(s.origin + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics = %d: %s", resp.StatusCode, body)
	}
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(sample) + ` (\S+)$`).FindSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Fatalf("sample %s: %v", sample, err)
	}
	return v
}

func TestMetricsCountSyncs(t *testing.T) {
	cfg, ln := devConfig(t, dbtest.Config(t, database.SQLite))
	s := startConfigured(t, cfg, ln)
	var tenant struct{ ID string }
	s.call(http.MethodPost, "/api/v1/tenants", map[string]string{"name": "Fabrikam Manufacturing", "entraTenantId": devdirectory.FabrikamTenantID}, &tenant)
	if err := s.app.Dev.Faults.Add(devdirectory.FabrikamTenantID, devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 429, RetryAfterSeconds: 1, After: 1}); err != nil {
		t.Fatal(err)
	}

	r := s.syncAndWait(tenant.ID)
	if r.Status != dirsync.StatusSucceeded {
		t.Fatalf("sync = %+v", r)
	}
	checks := []struct {
		sample string
		want   float64
	}{
		{`roster_sync_runs_total{outcome="succeeded"}`, 1},
		{`roster_sync_run_duration_seconds_count{outcome="succeeded"}`, 1},
		{`roster_graph_throttle_wait_seconds_count`, 1},
		{`roster_graph_throttle_wait_seconds_sum`, 1},
		{`roster_sync_people_written_total`, float64(r.Counts.Created)},
	}
	for _, c := range checks {
		if got := s.metric(t, c.sample); got != c.want {
			t.Errorf("%s = %v, want %v", c.sample, got, c.want)
		}
	}
}

// TestReplicasSyncOncePerPeriod runs two whole servers with a two-second
// schedule on one PostgreSQL database: every linked tenant is synced once
// per period, by one of them.
func TestReplicasSyncOncePerPeriod(t *testing.T) {
	db := dbtest.Config(t, database.Postgres)
	cfg1, ln1 := devConfig(t, db)
	cfg1.Sync = config.Sync{Period: 2 * time.Second, Concurrency: 2, GuardPercent: 20, GuardMin: 10, FullPeriod: time.Hour}
	first := startConfigured(t, cfg1, ln1)
	var tenant struct{ ID string }
	first.call(http.MethodPost, "/api/v1/tenants", map[string]string{"name": "Fabrikam Manufacturing", "entraTenantId": devdirectory.FabrikamTenantID}, &tenant)

	cfg2, ln2 := devConfig(t, config.Database{URL: db.URL, DataDir: t.TempDir()})
	cfg2.Sync = cfg1.Sync
	startConfigured(t, cfg2, ln2)

	runs := func() []dirsync.Run {
		list, _, err := first.app.Sync.Runs().List(context.Background(), tenant.ID, nil, 100)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(runs()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no scheduled run within 30s")
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(6 * time.Second)

	slots := map[int64]int{}
	for _, r := range runs() {
		if r.Trigger != dirsync.TriggerSchedule || r.ScheduleSlot == nil {
			t.Errorf("run %s: trigger %s, want scheduled", r.ID, r.Trigger)
			continue
		}
		slots[*r.ScheduleSlot]++
		if r.Status == dirsync.StatusFailed {
			t.Errorf("run %s failed: %s", r.ID, r.ErrorMessage)
		}
	}
	for slot, n := range slots {
		if n != 1 {
			t.Errorf("%d runs in schedule slot %d, want 1", n, slot)
		}
	}
	if len(slots) < 3 || len(slots) > 4 {
		t.Errorf("runs in %d periods over about 6s of a 2s schedule, want 3 or 4", len(slots))
	}
}
