package queue_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/queue"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// reader is a directory whose tenants each hold one user. It records how
// many enumerations of a tenant run at once and fails the tenants in failing.
type reader struct {
	mu         sync.Mutex
	running    map[string]int
	maxRunning int
	overlap    bool // two enumerations of one tenant at once
	calls      map[string]int
	failing    map[string]bool
	hold       time.Duration
}

func newReader() *reader {
	return &reader{running: map[string]int{}, calls: map[string]int{}, failing: map[string]bool{}}
}

func (r *reader) UsersDelta(ctx context.Context, tid, _ string, fn func(context.Context, directory.Page) error) (directory.DeltaResult, error) {
	r.mu.Lock()
	r.calls[tid]++
	r.running[tid]++
	if r.running[tid] > 1 {
		r.overlap = true
	}
	total := 0
	for _, n := range r.running {
		total += n
	}
	r.maxRunning = max(r.maxRunning, total)
	failing, hold := r.failing[tid], r.hold
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.running[tid]--
		r.mu.Unlock()
	}()

	time.Sleep(hold)
	if failing {
		return directory.DeltaResult{}, &directory.Error{Kind: directory.KindUnavailable, HTTPStatus: 503, Message: "service unavailable"}
	}
	name, upn, enabled := "Only User", "only@"+tid+".example", true
	page := directory.Page{Number: 1, Users: []directory.User{{ObjectID: "00000000-0000-4000-8000-000000000001", DisplayName: &name, UserPrincipalName: &upn, AccountEnabled: &enabled}}}
	if err := fn(ctx, page); err != nil {
		return directory.DeltaResult{}, err
	}
	return directory.DeltaResult{DeltaLink: "https://graph.example/delta?" + tid, Full: true}, nil
}

func (r *reader) callsOf(tid string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[tid]
}

// replica is one process's share of the system: its own connections, sync
// service and queue, on a shared database.
type replica struct {
	db      *database.DB
	service *dirsync.Service
	queue   *queue.Queue
}

func startReplica(t *testing.T, cfg config.Database, r directory.Reader, policy dirsync.Policy, workers int) *replica {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, cfg, dbtest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, dbtest.Logger()); err != nil {
		t.Fatal(err)
	}
	svc := dirsync.NewService(db.Gorm, r, nil, dbtest.Logger())
	svc.SetPolicy(policy)
	q, err := queue.New(db, svc, queue.Options{Workers: workers, Logger: dbtest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	svc.SetEnqueuer(q)
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(stop)
		db.Close()
	})
	return &replica{db: db, service: svc, queue: q}
}

func linkTenants(t *testing.T, db *database.DB, n int) []*tenant.Tenant {
	t.Helper()
	ctx := context.Background()
	store := tenant.NewStore(db.Gorm)
	if _, err := store.EnsureHome(ctx, "Northwind", "7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01"); err != nil {
		t.Fatal(err)
	}
	var out []*tenant.Tenant
	for i := 1; i <= n; i++ {
		tn, err := store.CreateCustomer(ctx, tenant.NewCustomer{Name: fmt.Sprintf("Customer %d", i), EntraTenantID: fmt.Sprintf("%08d-0000-4000-8000-000000000000", i)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tn)
	}
	return out
}

func runsOf(t *testing.T, db *database.DB, tenantID string) []dirsync.Run {
	t.Helper()
	runs, _, err := dirsync.NewRunStore(db.Gorm).List(context.Background(), tenantID, nil, 200)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// waitFor polls cond every 100 ms until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestReplicasScheduleOnce runs two replicas with a two-second schedule on
// one PostgreSQL database: each tenant gets one run per period, never two.
func TestReplicasScheduleOnce(t *testing.T) {
	cfg := dbtest.Config(t, database.Postgres)
	r := newReader()
	policy := dirsync.Policy{Period: 2 * time.Second}
	first := startReplica(t, cfg, r, policy, 2)
	tenants := linkTenants(t, first.db, 3)
	startReplica(t, cfg, r, policy, 2)

	// Leader election takes a moment, so count from the first runs on.
	for _, tn := range tenants {
		waitFor(t, 20*time.Second, "the first scheduled run of "+tn.Name, func() bool { return len(runsOf(t, first.db, tn.ID)) > 0 })
	}
	time.Sleep(6 * time.Second)

	for _, tn := range tenants {
		runs := runsOf(t, first.db, tn.ID)
		slots := map[int64]int{}
		lowest, highest := int64(1<<62), int64(-1)
		for _, run := range runs {
			if run.Trigger != dirsync.TriggerSchedule || run.ScheduleSlot == nil {
				t.Errorf("tenant %s: run %s has trigger %s, want only scheduled runs", tn.Name, run.ID, run.Trigger)
				continue
			}
			slot := *run.ScheduleSlot
			slots[slot]++
			lowest, highest = min(lowest, slot), max(highest, slot)
		}
		for slot, n := range slots {
			if n != 1 {
				t.Errorf("tenant %s: %d runs in schedule slot %d, want 1", tn.Name, n, slot)
			}
		}
		if int(highest-lowest+1) != len(slots) {
			t.Errorf("tenant %s: runs in slots %d to %d skip a period: %v", tn.Name, lowest, highest, slots)
		}
		// How many periods fit in the wait depends on the machine's load, so
		// only a lower bound is checked; the slots above prove "once each".
		if len(slots) < 2 {
			t.Errorf("tenant %s: runs in %d schedule slots after six seconds of two-second periods, want at least 2", tn.Name, len(slots))
		}
		// The newest run may not have started yet; no run is worked twice.
		if got := r.callsOf(*tn.EntraTenantID); got < len(runs)-1 || got > len(runs) {
			t.Errorf("tenant %s: %d enumerations for %d runs", tn.Name, got, len(runs))
		}
	}
	if r.overlap {
		t.Error("two enumerations of one tenant ran at once")
	}
}

func TestScheduleFirstRunFull(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		r := newReader()
		rep := startReplica(t, dbtest.Config(t, db.Dialect), r, dirsync.Policy{Period: time.Hour}, 2)
		tenants := linkTenants(t, rep.db, 2)
		// Linking does not wake the scheduler, so run it as its tick would.
		if _, err := rep.service.ScheduleDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, tn := range tenants {
			waitFor(t, 20*time.Second, "the scheduled run of "+tn.Name, func() bool {
				runs := runsOf(t, rep.db, tn.ID)
				return len(runs) == 1 && runs[0].Status == dirsync.StatusSucceeded
			})
			run := runsOf(t, rep.db, tn.ID)[0]
			if !run.FullRequested || run.Trigger != dirsync.TriggerSchedule {
				t.Errorf("first scheduled run of %s: full %v, trigger %s; want a full scheduled run", tn.Name, run.FullRequested, run.Trigger)
			}
		}
		// Within the same hour nothing more is due.
		started, err := rep.service.ScheduleDue(context.Background())
		if err != nil || len(started) != 0 {
			t.Errorf("second scheduler pass started %d runs (%v), want none", len(started), err)
		}
	})
}

func TestRetryBacksOff(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		r := newReader()
		policy := dirsync.Policy{RetryBase: 300 * time.Millisecond, RetryMax: time.Second, MaxAttempts: 3}
		rep := startReplica(t, dbtest.Config(t, db.Dialect), r, policy, 2)
		tn := linkTenants(t, rep.db, 1)[0]
		r.mu.Lock()
		r.failing[*tn.EntraTenantID] = true
		r.mu.Unlock()

		if _, _, err := rep.service.Start(context.Background(), tn.ID, dirsync.TriggerAPI); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 20*time.Second, "three failed attempts", func() bool {
			runs := runsOf(t, rep.db, tn.ID)
			return len(runs) == 3 && runs[0].Status == dirsync.StatusFailed
		})
		time.Sleep(1500 * time.Millisecond) // no fourth attempt follows
		runs := runsOf(t, rep.db, tn.ID)
		if len(runs) != 3 {
			t.Fatalf("runs = %d, want 3: MaxAttempts bounds the retries", len(runs))
		}
		// Newest first: attempts 3, 2, 1.
		for i, run := range runs {
			wantAttempt, wantTrigger := 3-i, dirsync.TriggerRetry
			if wantAttempt == 1 {
				wantTrigger = dirsync.TriggerAPI
			}
			if run.Attempt != wantAttempt || run.Trigger != wantTrigger || run.ErrorKind != string(directory.KindUnavailable) {
				t.Errorf("run %d: attempt %d trigger %s error %s, want attempt %d trigger %s unavailable", i, run.Attempt, run.Trigger, run.ErrorKind, wantAttempt, wantTrigger)
			}
		}
		for i := 0; i < 2; i++ {
			retry, failed := runs[i], runs[i+1]
			minimum := policy.RetryBase << (1 - i) // attempt 3 waits twice as long as attempt 2
			if retry.ScheduledAt == nil || retry.ScheduledAt.Sub(*failed.FinishedAt) < minimum {
				t.Errorf("attempt %d scheduled at %v, want at least %v after the failure at %v", retry.Attempt, retry.ScheduledAt, minimum, failed.FinishedAt)
			}
			if retry.StartedAt == nil || retry.StartedAt.Before(*retry.ScheduledAt) {
				t.Errorf("attempt %d started at %v, before its scheduled time %v", retry.Attempt, retry.StartedAt, retry.ScheduledAt)
			}
		}
	})
}

// TestFailingTenantDoesNotDelayOthers lets one tenant fail and wait for
// its retry while the others sync on the only worker.
func TestFailingTenantDoesNotDelayOthers(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		r := newReader()
		policy := dirsync.Policy{RetryBase: 10 * time.Second, MaxAttempts: 5}
		rep := startReplica(t, dbtest.Config(t, db.Dialect), r, policy, 1)
		tenants := linkTenants(t, rep.db, 3)
		broken := tenants[0]
		r.mu.Lock()
		r.failing[*broken.EntraTenantID] = true
		r.mu.Unlock()

		if _, _, err := rep.service.Start(ctx, broken.ID, dirsync.TriggerAPI); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "the first failure", func() bool { return len(runsOf(t, rep.db, broken.ID)) == 2 })

		started, err := rep.service.StartAll(ctx, dirsync.TriggerAPI, nil)
		if err != nil || len(started) != 4 {
			t.Fatalf("start all = %d runs (%v), want 4 with the home tenant", len(started), err)
		}
		for _, tn := range tenants[1:] {
			waitFor(t, 5*time.Second, tn.Name+" synced while the broken tenant waits", func() bool {
				runs := runsOf(t, rep.db, tn.ID)
				return len(runs) == 1 && runs[0].Status == dirsync.StatusSucceeded
			})
		}
		runs := runsOf(t, rep.db, broken.ID)
		if len(runs) != 2 || runs[1].Status != dirsync.StatusFailed || runs[0].Status != dirsync.StatusQueued || runs[0].ScheduledAt == nil {
			t.Fatalf("broken tenant runs = %+v, want a failure and a queued retry", runs)
		}
		for _, run := range started {
			if run.TenantID == broken.ID && run.ID != runs[0].ID {
				t.Errorf("start all returned run %s for the broken tenant, want its queued retry %s", run.ID, runs[0].ID)
			}
		}
	})
}

func TestConcurrencyBounded(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		r := newReader()
		r.hold = 300 * time.Millisecond
		rep := startReplica(t, dbtest.Config(t, db.Dialect), r, dirsync.Policy{}, 2)
		tenants := linkTenants(t, rep.db, 5)
		if _, err := rep.service.StartAll(context.Background(), dirsync.TriggerAPI, nil); err != nil {
			t.Fatal(err)
		}
		for _, tn := range tenants {
			waitFor(t, 20*time.Second, tn.Name+" synced", func() bool {
				runs := runsOf(t, rep.db, tn.ID)
				return len(runs) == 1 && runs[0].Status == dirsync.StatusSucceeded
			})
		}
		if r.maxRunning != 2 {
			t.Errorf("at most %d syncs ran at once, want 2 (the worker count)", r.maxRunning)
		}
	})
}
