package dirsync_test

import (
	"time"

	"context"
	"errors"
	"github.com/google/uuid"
	"sync"
	"testing"

	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/tenant"
)

const entraTID = "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02"

// scriptedReader returns the pages of the next script entry on each call.
type scriptedReader struct {
	mu      sync.Mutex
	calls   []string // delta links received
	scripts []script
}

type script struct {
	pages  [][]directory.User
	result directory.DeltaResult
	err    error // returned after the pages
}

func (r *scriptedReader) UsersDelta(ctx context.Context, tid, link string, fn func(context.Context, directory.Page) error) (directory.DeltaResult, error) {
	r.mu.Lock()
	r.calls = append(r.calls, link)
	s := r.scripts[0]
	r.scripts = r.scripts[1:]
	r.mu.Unlock()
	for i, p := range s.pages {
		if err := fn(ctx, directory.Page{Users: p, Number: i + 1}); err != nil {
			return directory.DeltaResult{}, err
		}
	}
	return s.result, s.err
}

func str(s string) *string { return &s }
func boolean(b bool) *bool { return &b }

func user(oid, name string) directory.User {
	return directory.User{ObjectID: oid, DisplayName: str(name), UserPrincipalName: str(name + "@fabrikam.example"),
		Mail: str(name + "@fabrikam.example"), AccountEnabled: boolean(true), UserType: str("Member")}
}

const (
	oidAda   = "00000000-0000-0000-0000-00000000000a"
	oidBen   = "00000000-0000-0000-0000-00000000000b"
	oidChloe = "00000000-0000-0000-0000-00000000000c"
)

func setup(t *testing.T, db *database.DB, r directory.Reader) (*dirsync.Service, *tenant.Tenant) {
	t.Helper()
	ctx := context.Background()
	ts := tenant.NewStore(db.Gorm)
	if _, err := ts.EnsureHome(ctx, "Northwind", "7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01"); err != nil {
		t.Fatal(err)
	}
	tn, err := ts.CreateCustomer(ctx, tenant.NewCustomer{Name: "Fabrikam", EntraTenantID: entraTID, PrimaryDomain: "fabrikam.example"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return dirsync.NewService(db.Gorm, r, nil, dbtest.Logger()), tn
}

func runOnce(t *testing.T, svc *dirsync.Service, tn *tenant.Tenant) *dirsync.Run {
	t.Helper()
	ctx := context.Background()
	run, created, err := svc.StartInline(ctx, tn.ID, dirsync.TriggerCLI)
	if err != nil || !created {
		t.Fatalf("start: created=%v err=%v", created, err)
	}
	if err := svc.Execute(ctx, run.ID, nil); err != nil {
		t.Fatalf("execute: %v", err)
	}
	got, err := svc.Runs().Get(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func peopleByOID(t *testing.T, db *database.DB) map[string]person.Person {
	t.Helper()
	ps, _, err := person.NewStore(db.Gorm).List(context.Background(), person.Filter{}, nil, 200)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]person.Person{}
	for _, p := range ps {
		out[*p.ObjectID] = p
	}
	return out
}

func TestSyncSemantics(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		renamedBen := user(oidBen, "ben")
		renamedBen.UserPrincipalName = str("benjamin@fabrikam.example")
		disabledChloe := user(oidChloe, "chloe")
		disabledChloe.AccountEnabled = boolean(false)
		r := &scriptedReader{scripts: []script{
			{pages: [][]directory.User{{user(oidAda, "ada"), user(oidBen, "ben")}, {user(oidChloe, "chloe")}},
				result: directory.DeltaResult{DeltaLink: "https://graph/delta?token=1", Full: true}},
			{pages: [][]directory.User{{renamedBen, disabledChloe, {ObjectID: oidAda, Removed: true, RemovedReason: "changed"}}},
				result: directory.DeltaResult{DeltaLink: "https://graph/delta?token=2"}},
			{pages: [][]directory.User{{user(oidAda, "ada")}},
				result: directory.DeltaResult{DeltaLink: "https://graph/delta?token=3"}},
		}}
		svc, tn := setup(t, db, r)

		first := runOnce(t, svc, tn)
		if first.Status != dirsync.StatusSucceeded || first.CreatedCount != 3 || first.PagesRead != 2 || !first.FullSync {
			t.Fatalf("first run = %+v", first)
		}

		// Tag Ben; sync must never touch tags.
		people := peopleByOID(t, db)
		ben := people[oidBen]
		if _, err := person.NewStore(db.Gorm).SetTags(ctx, ben.ID, ben.Version, []string{"vip"}, nil); err != nil {
			t.Fatal(err)
		}

		second := runOnce(t, svc, tn)
		if second.UpdatedCount != 1 || second.DisabledCount != 1 || second.RemovedCount != 1 || second.CreatedCount != 0 {
			t.Fatalf("second run counts = %+v", second)
		}
		people = peopleByOID(t, db)
		if got := people[oidBen]; got.ID != ben.ID || got.UserPrincipalName != "benjamin@fabrikam.example" || len(got.Tags) != 1 {
			t.Errorf("renamed Ben = %+v, want same id, new UPN, tag kept", got)
		}
		if got := people[oidChloe].Status; got != person.StatusDisabled {
			t.Errorf("Chloe status = %s, want disabled", got)
		}
		if got := people[oidAda].Status; got != person.StatusRemoved {
			t.Errorf("Ada status = %s, want removed", got)
		}

		third := runOnce(t, svc, tn)
		if third.RestoredCount != 1 {
			t.Errorf("third run restored = %d, want 1", third.RestoredCount)
		}
		if got := peopleByOID(t, db)[oidAda].Status; got != person.StatusEnabled {
			t.Errorf("Ada after return = %s, want enabled", got)
		}
		if want := []string{"", "https://graph/delta?token=1", "https://graph/delta?token=2"}; !equal(r.calls, want) {
			t.Errorf("delta links used = %q, want %q", r.calls, want)
		}
	})
}

func TestSyncFullMarksUnseenRemoved(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		r := &scriptedReader{scripts: []script{
			{pages: [][]directory.User{{user(oidAda, "ada"), user(oidBen, "ben")}}, result: directory.DeltaResult{DeltaLink: "l1", Full: true}},
			// An expired delta link made the reader enumerate everyone again.
			{pages: [][]directory.User{{user(oidAda, "ada")}}, result: directory.DeltaResult{DeltaLink: "l2", Full: true}},
		}}
		svc, tn := setup(t, db, r)
		runOnce(t, svc, tn)
		run := runOnce(t, svc, tn)
		if run.RemovedCount != 1 {
			t.Errorf("removed = %d, want 1", run.RemovedCount)
		}
		if got := peopleByOID(t, db)[oidBen].Status; got != person.StatusRemoved {
			t.Errorf("Ben = %s, want removed", got)
		}
	})
}

func TestSyncFailureKeepsCommittedPages(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		throttled := &directory.Error{Kind: directory.KindThrottled, HTTPStatus: 429, Message: "too many requests"}
		r := &scriptedReader{scripts: []script{
			{pages: [][]directory.User{{user(oidAda, "ada")}}, err: throttled},
			{pages: [][]directory.User{{user(oidAda, "ada"), user(oidBen, "ben")}}, result: directory.DeltaResult{DeltaLink: "l1", Full: true}},
		}}
		svc, tn := setup(t, db, r)
		failed := runOnce(t, svc, tn)
		if failed.Status != dirsync.StatusFailed || failed.ErrorKind != "throttled" || failed.ErrorHTTPStatus != 429 || failed.CreatedCount != 1 {
			t.Fatalf("failed run = %+v", failed)
		}
		tAfter, _ := tenant.NewStore(db.Gorm).Get(ctx, tn.ID)
		if tAfter.DeltaLink != "" {
			t.Errorf("delta link after failure = %q, want unchanged empty", tAfter.DeltaLink)
		}
		next := runOnce(t, svc, tn)
		if next.Status != dirsync.StatusSucceeded || next.CreatedCount != 1 || len(peopleByOID(t, db)) != 2 {
			t.Errorf("next run = %+v", next)
		}
	})
}

func TestStartReturnsActiveRun(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc, tn := setup(t, db, &scriptedReader{})
		first, created, err := svc.StartInline(ctx, tn.ID, dirsync.TriggerAPI)
		if err != nil || !created {
			t.Fatalf("first start: %v %v", created, err)
		}
		var wg sync.WaitGroup
		ids := make([]string, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				run, created, err := svc.StartInline(ctx, tn.ID, dirsync.TriggerAPI)
				if err != nil || created {
					t.Errorf("concurrent start: created=%v err=%v", created, err)
					return
				}
				ids[i] = run.ID
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id != first.ID {
				t.Errorf("start returned run %s, want the active %s", id, first.ID)
			}
		}
	})
}

func TestStartUnlinkedTenant(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc, _ := setup(t, db, &scriptedReader{})
		manual, err := tenant.NewStore(db.Gorm).CreateCustomer(ctx, tenant.NewCustomer{Name: "No directory"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Start(ctx, manual.ID, dirsync.TriggerAPI); !errors.Is(err, dirsync.ErrNotLinked) {
			t.Errorf("start on unlinked tenant = %v, want ErrNotLinked", err)
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSyncSuspendsUsersOfLeavers(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		disabled := user(oidAda, "ada")
		disabled.AccountEnabled = boolean(false)
		r := &scriptedReader{scripts: []script{
			{pages: [][]directory.User{{user(oidAda, "ada"), user(oidBen, "ben")}}, result: directory.DeltaResult{DeltaLink: "l1", Full: true}},
			{pages: [][]directory.User{{disabled, {ObjectID: oidBen, Removed: true, RemovedReason: "deleted"}}}, result: directory.DeltaResult{DeltaLink: "l2"}},
			{pages: [][]directory.User{{user(oidAda, "ada")}}, result: directory.DeltaResult{DeltaLink: "l3"}},
		}}
		svc, tn := setup(t, db, r)
		runOnce(t, svc, tn)
		people := peopleByOID(t, db)
		now := time.Now().UTC()
		for _, oid := range []string{oidAda, oidBen} {
			u := iam.User{ID: uuid.NewString(), PersonID: people[oid].ID, TenantID: tn.ID, Status: iam.StatusActive, GrantedAt: now, Version: 1, CreatedAt: now, UpdatedAt: now}
			if err := db.Gorm.Create(&u).Error; err != nil {
				t.Fatal(err)
			}
		}

		runOnce(t, svc, tn)
		var statuses []string
		db.Gorm.Table("users").Order("status").Pluck("status", &statuses)
		if len(statuses) != 2 || statuses[0] != iam.StatusSuspended || statuses[1] != iam.StatusSuspended {
			t.Fatalf("users after disable and removal = %v, want both suspended", statuses)
		}
		var events int64
		db.Gorm.Table("audit_events").Where("action = ?", "user.suspended").Count(&events)
		if events != 2 {
			t.Errorf("suspension events = %d, want 2", events)
		}

		runOnce(t, svc, tn)
		var ada iam.User
		db.Gorm.Where("person_id = ?", people[oidAda].ID).Take(&ada)
		if ada.Status != iam.StatusSuspended {
			t.Errorf("user of a returning person = %s, want still suspended", ada.Status)
		}
	})
}
