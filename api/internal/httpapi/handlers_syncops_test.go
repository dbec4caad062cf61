package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/httpapi"
)

// rounds is a directory that answers each enumeration with the next round
// of users.
type rounds struct {
	next []directory.DeltaResult
	data [][]directory.User
}

func (r *rounds) UsersDelta(ctx context.Context, _, _ string, fn func(context.Context, directory.Page) error) (directory.DeltaResult, error) {
	users, res := r.data[0], r.next[0]
	r.data, r.next = r.data[1:], r.next[1:]
	if len(users) > 0 {
		if err := fn(ctx, directory.Page{Number: 1, Users: users}); err != nil {
			return directory.DeltaResult{}, err
		}
	}
	return res, nil
}

func staffOf(n int) []directory.User {
	out := make([]directory.User, n)
	for i := range out {
		name := fmt.Sprintf("Worker %02d", i+1)
		upn := fmt.Sprintf("worker%02d@fabrikam.example", i+1)
		enabled := true
		out[i] = directory.User{ObjectID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1), DisplayName: &name, UserPrincipalName: &upn, AccountEnabled: &enabled}
	}
	return out
}

func leavers(from, to int) []directory.User {
	var out []directory.User
	for i := from; i <= to; i++ {
		out = append(out, directory.User{ObjectID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Removed: true})
	}
	return out
}

// runWith executes one run of the tenant with the given service, as a queue
// worker would.
func runWith(t *testing.T, svc *dirsync.Service, tenantID string) string {
	t.Helper()
	ctx := context.Background()
	run, created, err := svc.StartInline(ctx, tenantID, dirsync.TriggerAPI)
	if err != nil || !created {
		t.Fatalf("start run: created %v, %v", created, err)
	}
	if err := svc.Execute(ctx, run.ID, nil); err != nil {
		t.Fatal(err)
	}
	return run.ID
}

func TestSyncGuardEndpoints(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		fab := createFabrikam(t, e, admin)
		dir := &rounds{
			data: [][]directory.User{staffOf(30), leavers(1, 15), leavers(1, 15)},
			next: []directory.DeltaResult{{DeltaLink: "l1", Full: true}, {DeltaLink: "l2"}, {DeltaLink: "l3"}},
		}
		worker := dirsync.NewService(e.db.Gorm, dir, nil, dbtest.Logger())
		runWith(t, worker, fab.ID)
		held := runWith(t, worker, fab.ID)

		var run httpapi.SyncRunView
		e.do(http.MethodGet, "/api/v1/sync-runs/"+held, admin, nil).json(t, &run)
		if run.Status != dirsync.StatusNeedsConfirmation || run.Pending == nil || run.Pending.Remove != 15 || run.Pending.People != 30 {
			t.Fatalf("held run = %+v (pending %+v), want needs_confirmation with 15 of 30 to remove", run, run.Pending)
		}

		// Who would go, in two pages.
		var page1, page2 httpapi.PendingChangeList
		e.do(http.MethodGet, "/api/v1/sync-runs/"+held+"/pending-changes?limit=10", admin, nil).json(t, &page1)
		if len(page1.Items) != 10 || page1.NextCursor == nil {
			t.Fatalf("first page = %d items, next %v; want 10 and a cursor", len(page1.Items), page1.NextCursor)
		}
		first := page1.Items[0]
		if first.Change != "remove" || first.DisplayName != "Worker 01" || first.ContactEmail != "worker01@fabrikam.example" || first.Status != "enabled" {
			t.Errorf("first pending change = %+v", first)
		}
		e.do(http.MethodGet, "/api/v1/sync-runs/"+held+"/pending-changes?limit=10&cursor="+*page1.NextCursor, admin, nil).json(t, &page2)
		if len(page2.Items) != 5 || page2.NextCursor != nil || page2.Items[0].DisplayName != "Worker 11" {
			t.Errorf("second page = %d items from %q, next %v; want 5 from Worker 11 and no cursor", len(page2.Items), page2.Items[0].DisplayName, page2.NextCursor)
		}
		if r := e.do(http.MethodGet, "/api/v1/sync-runs/"+held+"/pending-changes?cursor=nope", admin, nil); r.Status != 400 {
			t.Errorf("bad cursor = %d, want 400", r.Status)
		}

		// The held run blocks new runs and shows in the health view.
		var blocked httpapi.SyncRunView
		e.do(http.MethodPost, "/api/v1/tenants/"+fab.ID+"/sync", admin, nil).json(t, &blocked)
		if blocked.ID != held {
			t.Errorf("sync while held returned run %s, want the held run %s", blocked.ID, held)
		}
		var health httpapi.SyncHealthList
		e.do(http.MethodGet, "/api/v1/sync-health", admin, nil).json(t, &health)
		if len(health.Items) == 0 || health.Items[0].TenantID != fab.ID || health.Items[0].State != dirsync.HealthNeedsConfirmation {
			t.Errorf("health = %+v, want Fabrikam first, needing confirmation", health.Items)
		}
		if health.Counts[dirsync.HealthNeedsConfirmation] != 1 || health.Guard.Percent != 20 || health.Guard.Min != 10 {
			t.Errorf("health counts %v, guard %+v", health.Counts, health.Guard)
		}

		// Discard, then a second decision is refused.
		var discarded httpapi.SyncRunView
		e.do(http.MethodPost, "/api/v1/sync-runs/"+held+"/discard", admin, nil).json(t, &discarded)
		if discarded.Status != dirsync.StatusDiscarded || discarded.DecidedAt == nil || discarded.DecidedBy == "" {
			t.Errorf("discarded run = %+v", discarded)
		}
		again := e.do(http.MethodPost, "/api/v1/sync-runs/"+held+"/confirm", admin, nil)
		if p := again.problem(t); again.Status != 409 || p["type"] == "" {
			t.Errorf("confirm after discard = %d %v, want 409", again.Status, p)
		}

		// The next run stops again; this time it is confirmed.
		second := runWith(t, worker, fab.ID)
		var confirmed httpapi.SyncRunView
		e.do(http.MethodPost, "/api/v1/sync-runs/"+second+"/confirm", admin, nil).json(t, &confirmed)
		if confirmed.Status != dirsync.StatusSucceeded || confirmed.Counts.Removed != 15 {
			t.Errorf("confirmed run = %s with %d removed, want succeeded with 15", confirmed.Status, confirmed.Counts.Removed)
		}
		var gone httpapi.PersonList
		e.do(http.MethodGet, "/api/v1/people?status=removed&limit=50&tenantId="+fab.ID, admin, nil).json(t, &gone)
		if len(gone.Items) != 15 {
			t.Fatalf("removed people = %d, want 15", len(gone.Items))
		}
		// Without mail or other mails the contact address is the user principal name.
		if p := gone.Items[0]; p.ContactEmail != p.UserPrincipalName || p.ContactEmail == "" {
			t.Errorf("contact email = %q, want the user principal name %q", p.ContactEmail, p.UserPrincipalName)
		}
	})
}

func TestStartAllSyncs(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		fab := createFabrikam(t, e, admin)
		manual := e.do(http.MethodPost, "/api/v1/tenants", admin, map[string]string{"name": "Corner Bakery"})
		if manual.Status != 201 {
			t.Fatalf("create unlinked tenant = %d", manual.Status)
		}

		r := e.do(http.MethodPost, "/api/v1/sync", admin, nil)
		var started httpapi.StartedSyncList
		r.json(t, &started)
		if r.Status != 202 || len(started.Items) != 2 {
			t.Fatalf("sync all = %d with %d runs, want 202 with the home tenant's and Fabrikam's", r.Status, len(started.Items))
		}
		tenants := map[string]bool{}
		for _, run := range started.Items {
			tenants[run.TenantID] = true
			if run.Status != dirsync.StatusQueued || run.Trigger != dirsync.TriggerAPI {
				t.Errorf("started run = %+v, want queued by the API", run)
			}
		}
		if !tenants[fab.ID] || !tenants[e.home.ID] {
			t.Errorf("runs for tenants %v, want home and Fabrikam", tenants)
		}

		var again httpapi.StartedSyncList
		e.do(http.MethodPost, "/api/v1/sync", admin, nil).json(t, &again)
		for i := range again.Items {
			if again.Items[i].ID != started.Items[i].ID {
				t.Errorf("second sync all returned run %s, want the active %s", again.Items[i].ID, started.Items[i].ID)
			}
		}
	})
}
