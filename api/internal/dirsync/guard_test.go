package dirsync_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/tenant"
)

func oid(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

func staff(n int) []directory.User {
	out := make([]directory.User, n)
	for i := range out {
		out[i] = user(oid(i+1), fmt.Sprintf("person%02d", i+1))
	}
	return out
}

func removed(from, to int) []directory.User {
	var out []directory.User
	for i := from; i <= to; i++ {
		out = append(out, directory.User{ObjectID: oid(i), Removed: true, RemovedReason: "changed"})
	}
	return out
}

func disabled(from, to int) []directory.User {
	var out []directory.User
	for i := from; i <= to; i++ {
		u := user(oid(i), fmt.Sprintf("person%02d", i))
		u.AccountEnabled = boolean(false)
		out = append(out, u)
	}
	return out
}

func statusCount(t *testing.T, db *database.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, p := range peopleByOID(t, db) {
		out[p.Status]++
	}
	return out
}

func deltaLinkOf(t *testing.T, db *database.DB, tn *tenant.Tenant) string {
	t.Helper()
	got, err := tenant.NewStore(db.Gorm).Get(context.Background(), tn.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.DeltaLink
}

func TestGuard(t *testing.T) {
	cases := []struct {
		name     string
		second   script
		tripped  bool
		disabled int
		removed  int
	}{
		{"removals-trip", script{pages: [][]directory.User{removed(1, 12)}, result: directory.DeltaResult{DeltaLink: "l2"}}, true, 0, 12},
		{"disables-trip", script{pages: [][]directory.User{disabled(1, 6), disabled(7, 11)}, result: directory.DeltaResult{DeltaLink: "l2"}}, true, 11, 0},
		{"empty-full-trips", script{result: directory.DeltaResult{DeltaLink: "l2", Full: true}}, true, 0, 40},
		{"at-percent-applies", script{pages: [][]directory.User{removed(1, 8)}, result: directory.DeltaResult{DeltaLink: "l2"}}, false, 0, 8},
		{"at-min-applies", script{pages: [][]directory.User{disabled(1, 10)}, result: directory.DeltaResult{DeltaLink: "l2"}}, false, 10, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
				ctx := context.Background()
				r := &scriptedReader{scripts: []script{
					{pages: [][]directory.User{staff(40)}, result: directory.DeltaResult{DeltaLink: "l1", Full: true}},
					tc.second,
				}}
				svc, tn := setup(t, db, r)
				runOnce(t, svc, tn)
				run := runOnce(t, svc, tn)

				if !tc.tripped {
					if run.Status != dirsync.StatusSucceeded || run.DisabledCount != tc.disabled || run.RemovedCount != tc.removed {
						t.Fatalf("run = %s, disabled %d, removed %d; want succeeded with %d and %d", run.Status, run.DisabledCount, run.RemovedCount, tc.disabled, tc.removed)
					}
					if got := deltaLinkOf(t, db, tn); got != "l2" {
						t.Errorf("delta link = %q, want l2", got)
					}
					return
				}

				if run.Status != dirsync.StatusNeedsConfirmation {
					t.Fatalf("status = %s, want needs_confirmation", run.Status)
				}
				if run.PendingDisables != tc.disabled || run.PendingRemovals != tc.removed || run.GuardPopulation != 40 {
					t.Errorf("pending = %d disables, %d removals of %d; want %d, %d of 40", run.PendingDisables, run.PendingRemovals, run.GuardPopulation, tc.disabled, tc.removed)
				}
				if run.DisabledCount != 0 || run.RemovedCount != 0 {
					t.Errorf("tripped run applied %d disables and %d removals", run.DisabledCount, run.RemovedCount)
				}
				if got := statusCount(t, db)[person.StatusEnabled]; got != 40 {
					t.Errorf("enabled people = %d, want all 40 until confirmed", got)
				}
				if got := deltaLinkOf(t, db, tn); got != "l1" {
					t.Errorf("delta link = %q, want l1 kept", got)
				}
				items, _, err := svc.PendingChanges(ctx, run.ID, nil, 100)
				if err != nil || len(items) != tc.disabled+tc.removed {
					t.Errorf("pending changes = %d (%v), want %d", len(items), err, tc.disabled+tc.removed)
				}

				again, created, err := svc.StartInline(ctx, tn.ID, dirsync.TriggerAPI)
				if err != nil || created || again.ID != run.ID {
					t.Errorf("start while awaiting confirmation = %v created %v (%v), want the awaiting run", again, created, err)
				}
			})
		})
	}
}

func TestGuardConfirm(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := audit.WithContext(context.Background(), audit.Context{Actor: audit.Actor{ID: "admin-oid", Name: "Megan Bowen"}})
		r := &scriptedReader{scripts: []script{
			{pages: [][]directory.User{staff(30)}, result: directory.DeltaResult{DeltaLink: "l1", Full: true}},
			{pages: [][]directory.User{append(removed(1, 10), disabled(11, 15)...)}, result: directory.DeltaResult{DeltaLink: "l2"}},
			{result: directory.DeltaResult{DeltaLink: "l3"}},
		}}
		svc, tn := setup(t, db, r)
		runOnce(t, svc, tn)
		stopped := runOnce(t, svc, tn)
		if stopped.Status != dirsync.StatusNeedsConfirmation {
			t.Fatalf("status = %s, want needs_confirmation", stopped.Status)
		}

		done, err := svc.Confirm(ctx, stopped.ID)
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != dirsync.StatusSucceeded || done.RemovedCount != 10 || done.DisabledCount != 5 || done.DecidedBy != "admin-oid" || done.DecidedAt == nil {
			t.Errorf("confirmed run = %+v", done)
		}
		counts := statusCount(t, db)
		if counts[person.StatusRemoved] != 10 || counts[person.StatusDisabled] != 5 || counts[person.StatusEnabled] != 15 {
			t.Errorf("statuses after confirm = %v", counts)
		}
		if got := deltaLinkOf(t, db, tn); got != "l2" {
			t.Errorf("delta link = %q, want l2 stored on confirm", got)
		}
		if _, err := svc.Confirm(ctx, stopped.ID); !errors.Is(err, dirsync.ErrNotAwaitingDecision) {
			t.Errorf("second confirm = %v, want ErrNotAwaitingDecision", err)
		}
		var events int64
		db.Gorm.Table("audit_events").Where("action = ? AND target_id = ? AND actor_id = ?", "sync.run.confirmed", stopped.ID, "admin-oid").Count(&events)
		if events != 1 {
			t.Errorf("confirm audit events = %d, want 1", events)
		}

		next := runOnce(t, svc, tn)
		if next.Status != dirsync.StatusSucceeded || r.calls[2] != "l2" {
			t.Errorf("run after confirm = %s from %q, want succeeded from l2", next.Status, r.calls[2])
		}
	})
}

func TestGuardDiscard(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		r := &scriptedReader{scripts: []script{
			{pages: [][]directory.User{staff(30)}, result: directory.DeltaResult{DeltaLink: "l1", Full: true}},
			{pages: [][]directory.User{removed(1, 20)}, result: directory.DeltaResult{DeltaLink: "l2"}},
			{pages: [][]directory.User{removed(1, 20)}, result: directory.DeltaResult{DeltaLink: "l2b"}},
		}}
		svc, tn := setup(t, db, r)
		runOnce(t, svc, tn)
		stopped := runOnce(t, svc, tn)

		done, err := svc.Discard(ctx, stopped.ID)
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != dirsync.StatusDiscarded || done.RemovedCount != 0 {
			t.Errorf("discarded run = %+v", done)
		}
		if got := statusCount(t, db)[person.StatusEnabled]; got != 30 {
			t.Errorf("enabled people after discard = %d, want 30", got)
		}
		if _, err := svc.Confirm(ctx, stopped.ID); !errors.Is(err, dirsync.ErrNotAwaitingDecision) {
			t.Errorf("confirm after discard = %v, want ErrNotAwaitingDecision", err)
		}

		// The next run reads the same changes from the old link and stops again.
		again := runOnce(t, svc, tn)
		if again.Status != dirsync.StatusNeedsConfirmation || r.calls[2] != "l1" {
			t.Errorf("run after discard = %s from %q, want needs_confirmation from l1", again.Status, r.calls[2])
		}
	})
}

func TestPendingSemantics(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		renamedOff := user(oid(2), "person02")
		renamedOff.DisplayName = str("Person Two Renamed")
		renamedOff.AccountEnabled = boolean(false)
		r := &scriptedReader{scripts: []script{
			{pages: [][]directory.User{staff(5)}, result: directory.DeltaResult{DeltaLink: "l1", Full: true}},
			// Person 1 is disabled on page 1 and enabled again on page 2;
			// person 2 is renamed and disabled at once.
			{pages: [][]directory.User{disabled(1, 1), {user(oid(1), "person01"), renamedOff}}, result: directory.DeltaResult{DeltaLink: "l2"}},
		}}
		svc, tn := setup(t, db, r)
		runOnce(t, svc, tn)
		run := runOnce(t, svc, tn)
		if run.Status != dirsync.StatusSucceeded || run.DisabledCount != 1 || run.UpdatedCount != 1 {
			t.Fatalf("run = %s, disabled %d, updated %d; want succeeded, 1, 1", run.Status, run.DisabledCount, run.UpdatedCount)
		}
		people := peopleByOID(t, db)
		if p := people[oid(1)]; p.Status != person.StatusEnabled || !p.AccountEnabled {
			t.Errorf("person 1 = %s, want enabled after re-enable in a later page", p.Status)
		}
		if p := people[oid(2)]; p.Status != person.StatusDisabled || p.AccountEnabled || p.DisplayName != "Person Two Renamed" {
			t.Errorf("person 2 = %s %q enabled %v, want disabled and renamed", p.Status, p.DisplayName, p.AccountEnabled)
		}
	})
}
