package graph_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/graph"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// These tests run the whole sync stack: dirsync and person on a real
// database, reading through the real MSAL and Graph clients from the
// devdirectory server with injected faults.

// recordingQueue keeps the jobs that the service enqueues.
type recordingQueue struct {
	mu   sync.Mutex
	jobs map[string]time.Time // run id -> when it may start
}

func (q *recordingQueue) EnqueueSync(ctx context.Context, tx *gorm.DB, runID string) error {
	return q.EnqueueSyncAt(ctx, tx, runID, time.Time{})
}

func (q *recordingQueue) EnqueueSyncAt(_ context.Context, _ *gorm.DB, runID string, at time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs[runID] = at
	return nil
}

// throttleLog records the throttling waits the adapter reports.
type throttleLog struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (l *throttleLog) Throttled(_ string, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits = append(l.waits, wait)
}

type stack struct {
	*env
	db       *database.DB
	service  *dirsync.Service
	queue    *recordingQueue
	throttle *throttleLog
	tenant   *tenant.Tenant
}

func newStack(t *testing.T, db *database.DB, users int) *stack {
	t.Helper()
	throttle := &throttleLog{}
	e := newEnv(t, users, func(c *graph.Config) { c.Observer = throttle; c.RequestTimeout = 500 * time.Millisecond })
	ctx := context.Background()
	store := tenant.NewStore(db.Gorm)
	if _, err := store.EnsureHome(ctx, "Home", tenantB); err != nil {
		t.Fatal(err)
	}
	tn, err := store.CreateCustomer(ctx, tenant.NewCustomer{Name: "Tenant A", EntraTenantID: tenantA}, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := &recordingQueue{jobs: map[string]time.Time{}}
	svc := dirsync.NewService(db.Gorm, e.client, q, dbtest.Logger())
	svc.SetPolicy(dirsync.Policy{RetryBase: time.Minute})
	return &stack{env: e, db: db, service: svc, queue: q, throttle: throttle, tenant: tn}
}

// sync starts a run and executes it at once, as a queue worker would.
func (s *stack) sync(t *testing.T) *dirsync.Run {
	t.Helper()
	ctx := context.Background()
	run, _, err := s.service.Start(ctx, s.tenant.ID, dirsync.TriggerAPI)
	if err != nil {
		t.Fatal(err)
	}
	return s.execute(t, run.ID)
}

func (s *stack) execute(t *testing.T, runID string) *dirsync.Run {
	t.Helper()
	ctx := context.Background()
	if err := s.service.Execute(ctx, runID, nil); err != nil {
		t.Fatal(err)
	}
	run, err := s.service.Runs().Get(ctx, runID)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func (s *stack) people(t *testing.T) int {
	t.Helper()
	var n int64
	if err := s.db.Gorm.Model(&person.Person{}).Where("tenant_id = ?", s.tenant.ID).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func (s *stack) deltaLink(t *testing.T) string {
	t.Helper()
	tn, err := tenant.NewStore(s.db.Gorm).Get(context.Background(), s.tenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	return tn.DeltaLink
}

func TestSyncRidesOutTransientFaults(t *testing.T) {
	cases := []struct {
		name      string
		faults    []devdirectory.Fault
		minWait   time.Duration
		throttled int
	}{
		{"429-seconds-on-page-2", []devdirectory.Fault{{Kind: devdirectory.FaultStatus, Status: 429, RetryAfterSeconds: 1, After: 1}}, time.Second, 1},
		{"429-http-date", []devdirectory.Fault{{Kind: devdirectory.FaultStatus, Status: 429, RetryAfterSeconds: 1, RetryAfterDate: true}}, time.Second, 1},
		{"503-twice", []devdirectory.Fault{{Kind: devdirectory.FaultStatus, Status: 503, Times: 2}}, 0, 0},
		{"500-on-page-3", []devdirectory.Fault{{Kind: devdirectory.FaultStatus, Status: 500, After: 2}}, 0, 0},
		{"html-502", []devdirectory.Fault{{Kind: devdirectory.FaultHTML, Status: 502}}, 0, 0},
		{"timeout", []devdirectory.Fault{{Kind: devdirectory.FaultDelay, DelayMillis: 2000}}, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newStack(t, dbtest.Open(t, database.SQLite), 25)
			s.addFaults(t, tenantA, tc.faults...)
			start := time.Now()
			run := s.sync(t)
			if run.Status != dirsync.StatusSucceeded || run.CreatedCount != 25 || run.PagesRead != 3 {
				t.Fatalf("run = %s, created %d in %d pages (%s); want succeeded, 25 in 3", run.Status, run.CreatedCount, run.PagesRead, run.ErrorMessage)
			}
			if elapsed := time.Since(start); elapsed < tc.minWait {
				t.Errorf("run took %v, want the Retry-After of %v waited out", elapsed, tc.minWait)
			}
			if len(s.throttle.waits) != tc.throttled {
				t.Errorf("throttling waits reported = %v, want %d", s.throttle.waits, tc.throttled)
			}
			if len(s.queue.jobs) != 1 {
				t.Errorf("jobs = %d, want only the run's own", len(s.queue.jobs))
			}
		})
	}
}

func TestSyncRecordsFailures(t *testing.T) {
	cases := []struct {
		name    string
		faults  []devdirectory.Fault
		kind    directory.ErrorKind
		status  int
		message string
		retry   bool
	}{
		{"html-502", []devdirectory.Fault{{Kind: devdirectory.FaultHTML, Status: 502, Times: 3}}, directory.KindUnavailable, 502, "text/html", true},
		{"malformed-200", []devdirectory.Fault{{Kind: devdirectory.FaultMalformed}}, directory.KindMalformed, 200, "unreadable response", true},
		{"empty-200", []devdirectory.Fault{{Kind: devdirectory.FaultEmpty}}, directory.KindMalformed, 200, "", true},
		{"html-200", []devdirectory.Fault{{Kind: devdirectory.FaultHTML}}, directory.KindMalformed, 200, "text/html", true},
		{"throttled-long", []devdirectory.Fault{{Kind: devdirectory.FaultStatus, Status: 429, RetryAfterSeconds: 600}}, directory.KindThrottled, 429, "TooManyRequests", true},
		{"no-consent", nil, directory.KindAppNotInTenant, 400, "AADSTS700016", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newStack(t, dbtest.Open(t, database.SQLite), 5)
			s.addFaults(t, tenantA, tc.faults...)
			if tc.kind == directory.KindAppNotInTenant {
				if err := s.dir.RemoveApp(tenantA, clientID); err != nil {
					t.Fatal(err)
				}
			}
			run := s.sync(t)
			if run.Status != dirsync.StatusFailed || run.ErrorKind != string(tc.kind) {
				t.Fatalf("run = %s %s, want failed %s: %s", run.Status, run.ErrorKind, tc.kind, run.ErrorMessage)
			}
			if run.ErrorHTTPStatus != tc.status {
				t.Errorf("HTTP status = %d, want %d", run.ErrorHTTPStatus, tc.status)
			}
			if !strings.Contains(run.ErrorMessage, tc.message) || strings.Contains(run.ErrorMessage, secret) {
				t.Errorf("message %q, want it to mention %q and never the secret", run.ErrorMessage, tc.message)
			}
			if got := s.people(t); got != 0 {
				t.Errorf("people = %d after a failed first page, want 0", got)
			}

			retries := 0
			for id, at := range s.queue.jobs {
				if id == run.ID {
					continue
				}
				retries++
				if tc.kind == directory.KindThrottled && time.Until(at) < 9*time.Minute {
					t.Errorf("retry of a run throttled for 600s starts at %v, want at least the Retry-After", at)
				}
			}
			if want := map[bool]int{true: 1, false: 0}[tc.retry]; retries != want {
				t.Errorf("retries queued = %d, want %d", retries, want)
			}
		})
	}
}

// TestSyncFailureAfterPages checks that a run failing after two pages keeps
// those pages, leaves the delta link alone, and that its retry completes
// the tenant correctly.
func TestSyncFailureAfterPages(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		s := newStack(t, db, 35)
		s.addFaults(t, tenantA, devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 500, After: 2, Times: 3})
		failed := s.sync(t)
		if failed.Status != dirsync.StatusFailed || failed.ErrorKind != string(directory.KindUnavailable) || failed.ErrorHTTPStatus != 500 {
			t.Fatalf("run = %s %s %d, want failed unavailable 500", failed.Status, failed.ErrorKind, failed.ErrorHTTPStatus)
		}
		if failed.PagesRead != 2 || s.people(t) != 20 {
			t.Errorf("failed run read %d pages and kept %d people, want 2 and 20", failed.PagesRead, s.people(t))
		}
		if s.deltaLink(t) != "" {
			t.Errorf("delta link stored by a failed run: %q", s.deltaLink(t))
		}

		retry, err := s.service.Runs().Active(context.Background(), s.tenant.ID)
		if err != nil || retry.Trigger != dirsync.TriggerRetry || retry.Attempt != 2 {
			t.Fatalf("active run after failure = %+v (%v), want a queued retry", retry, err)
		}
		done := s.execute(t, retry.ID)
		if done.Status != dirsync.StatusSucceeded || done.CreatedCount != 15 || done.UpdatedCount != 0 || s.people(t) != 35 {
			t.Errorf("retry = %s, created %d updated %d, people %d; want succeeded, 15, 0, 35", done.Status, done.CreatedCount, done.UpdatedCount, s.people(t))
		}
		if s.deltaLink(t) == "" {
			t.Error("retry stored no delta link")
		}
	})
}

// TestSyncExpiredDeltaRestartsFull checks that an expired or reset delta
// link turns into a full enumeration that marks people not seen as removed.
func TestSyncExpiredDeltaRestartsFull(t *testing.T) {
	for _, kind := range []string{devdirectory.FaultExpiredDelta, devdirectory.FaultResetDelta} {
		t.Run(kind, func(t *testing.T) {
			s := newStack(t, dbtest.Open(t, database.SQLite), 12)
			if first := s.sync(t); first.Status != dirsync.StatusSucceeded {
				t.Fatalf("first run = %s", first.Status)
			}
			// A deletion the restarted enumeration cannot report as @removed.
			if err := s.dir.DeleteUser(tenantA, userID(4)); err != nil {
				t.Fatal(err)
			}
			s.addFaults(t, tenantA, devdirectory.Fault{Kind: kind})
			run := s.sync(t)
			if run.Status != dirsync.StatusSucceeded || !run.FullSync || run.RemovedCount != 1 {
				t.Errorf("run = %s full %v removed %d, want a full succeeded run removing 1", run.Status, run.FullSync, run.RemovedCount)
			}
		})
	}
}
