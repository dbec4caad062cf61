package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/httpapi"
)

func countEvents(t *testing.T, e *env) int64 {
	t.Helper()
	var n int64
	if err := e.db.Gorm.Table("audit_events").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEveryChangeIsAudited walks the route table: every mutating route that
// succeeds must have written at least one audit event.
func TestEveryChangeIsAudited(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		f := newFixture(t, e)
		s := httpapi.New(httpapi.Deps{Logger: dbtestLogger()})
		for _, r := range s.Routes() {
			if r.Method == http.MethodGet {
				continue
			}
			route := matrix[r.Method+" "+r.Path]
			if setup, ok := auditSetups[r.Method+" "+r.Path]; ok {
				route.prepare = setup
			}
			if route.prepare == nil {
				t.Errorf("%s %s has no matrix entry to exercise it", r.Method, r.Path)
				continue
			}
			path, body, headers := route.prepare(f)
			before := countEvents(t, e)
			resp := e.do(r.Method, path, f.admin, body, headers...)
			if resp.Status >= 300 {
				t.Errorf("%s %s as administrator = %d: %.200s", r.Method, r.Path, resp.Status, resp.Body)
				continue
			}
			if after := countEvents(t, e); after <= before {
				t.Errorf("%s %s changed something and recorded no audit event", r.Method, r.Path)
			}
		}
		res, err := audit.Verify(context.Background(), e.db.Gorm)
		if err != nil || res.Break != nil || res.Checked == 0 {
			t.Errorf("chain after the walk: %+v %v", res, err)
		}
	})
}

// auditSetups replace the matrix's request where the matrix does not make
// the administrator change anything.
var auditSetups = map[string]func(*fixture) (string, any, []string){
	// With a run already queued, starting one changes nothing.
	"POST /api/v1/tenants/:id/sync": func(f *fixture) (string, any, []string) {
		f.e.db.Gorm.Exec("UPDATE sync_runs SET status = 'failed', finished_at = ? WHERE status IN ('queued', 'running')", time.Now().UTC())
		return f.expand("/api/v1/tenants/{A}/sync"), nil, nil
	},
	"POST /api/v1/sync-runs/:id/confirm": func(f *fixture) (string, any, []string) {
		return "/api/v1/sync-runs/" + heldRun(f) + "/confirm", nil, nil
	},
	"POST /api/v1/sync-runs/:id/discard": func(f *fixture) (string, any, []string) {
		return "/api/v1/sync-runs/" + heldRun(f) + "/discard", nil, nil
	},
}

// heldRun makes a tenant whose second sync would remove half its people,
// which the guard holds for confirmation.
func heldRun(f *fixture) string {
	f.t.Helper()
	var tv httpapi.TenantView
	f.mustDo(http.MethodPost, "/api/v1/tenants", map[string]string{"name": fmt.Sprintf("Guarded %d", f.next()),
		"entraTenantId": fmt.Sprintf("00000000-0000-4000-a000-%012d", f.next())}, &tv, 201)
	dir := &rounds{
		data: [][]directory.User{staffOf(30), leavers(1, 15)},
		next: []directory.DeltaResult{{DeltaLink: "l1", Full: true}, {DeltaLink: "l2"}},
	}
	worker := dirsync.NewService(f.e.db.Gorm, dir, nil, dbtest.Logger())
	runWith(f.t, worker, tv.ID)
	return runWith(f.t, worker, tv.ID)
}

// TestAuditTamperDetection alters and removes events behind Roster's back.
func TestAuditTamperDetection(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.token(adminUPN)
		for i := 0; i < 5; i++ {
			e.do(http.MethodPost, "/api/v1/tenants", admin, map[string]string{"name": fmt.Sprintf("Customer %d", i)})
		}
		res, err := audit.Verify(ctx, e.db.Gorm)
		if err != nil || res.Break != nil || res.Checked < 5 {
			t.Fatalf("clean chain: %+v %v", res, err)
		}

		err = e.db.Gorm.Exec("UPDATE audit_events SET reason = 'tampered' WHERE seq = 3").Error
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("update of an audit event = %v, want refused by the trigger", err)
		}
		if err := e.db.Gorm.Exec("DELETE FROM audit_events WHERE seq = 4").Error; err == nil {
			t.Fatal("delete of an audit event was not refused")
		}

		// An operator with database rights switches the protection off.
		withoutTrigger(t, e.db, func() {
			if err := e.db.Gorm.Exec("UPDATE audit_events SET reason = 'tampered' WHERE seq = 3").Error; err != nil {
				t.Fatal(err)
			}
		})
		res, _ = audit.Verify(ctx, e.db.Gorm)
		if res.Break == nil || res.Break.Seq != 3 {
			t.Errorf("verify after an edit = %+v, want a break at 3", res.Break)
		}
		withoutTrigger(t, e.db, func() {
			e.db.Gorm.Exec("UPDATE audit_events SET reason = '' WHERE seq = 3")
			if err := e.db.Gorm.Exec("DELETE FROM audit_events WHERE seq = 4").Error; err != nil {
				t.Fatal(err)
			}
		})
		res, _ = audit.Verify(ctx, e.db.Gorm)
		if res.Break == nil || res.Break.Seq != 4 {
			t.Errorf("verify after a deletion = %+v, want a break at 4", res.Break)
		}
	})
}

func withoutTrigger(t *testing.T, db *database.DB, fn func()) {
	t.Helper()
	if db.Dialect == database.Postgres {
		db.Gorm.Exec("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
		defer db.Gorm.Exec("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
	} else {
		db.Gorm.Exec("INSERT INTO audit_prune_guard (id) VALUES (1)")
		db.Gorm.Exec("DROP TRIGGER audit_events_no_update")
		defer db.Gorm.Exec("DELETE FROM audit_prune_guard")
		defer db.Gorm.Exec("CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is not allowed'); END")
	}
	fn()
}

func TestAuditPruneKeepsChain(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.token(adminUPN)
		for i := 0; i < 4; i++ {
			e.do(http.MethodPost, "/api/v1/tenants", admin, map[string]string{"name": fmt.Sprintf("Old %d", i)})
		}
		cutoff := time.Now().UTC().Add(time.Millisecond)
		time.Sleep(5 * time.Millisecond)
		e.do(http.MethodPost, "/api/v1/tenants", admin, map[string]string{"name": "New"})
		n, err := audit.Prune(ctx, e.db.Gorm, cutoff)
		if err != nil || n < 4 {
			t.Fatalf("prune = %d, %v", n, err)
		}
		res, err := audit.Verify(ctx, e.db.Gorm)
		if err != nil || res.Break != nil {
			t.Errorf("chain after pruning: %+v %v", res.Break, err)
		}
		var list httpapi.AuditEventList
		e.do(http.MethodGet, "/api/v1/audit-events?action=audit.pruned", admin, nil).json(t, &list)
		if len(list.Items) != 1 {
			t.Errorf("pruning was not recorded: %+v", list.Items)
		}
	})
}

func TestAuditQueryAndScope(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		f := newFixture(t, e)
		var all httpapi.AuditEventList
		e.do(http.MethodGet, "/api/v1/audit-events?action=user.&limit=5", f.admin, nil).json(t, &all)
		if len(all.Items) != 5 || all.NextCursor == nil {
			t.Fatalf("first page = %d items", len(all.Items))
		}
		for _, ev := range all.Items {
			if !strings.HasPrefix(ev.Action, "user.") {
				t.Errorf("action filter let %s through", ev.Action)
			}
		}
		var next httpapi.AuditEventList
		e.do(http.MethodGet, "/api/v1/audit-events?action=user.&limit=5&cursor="+*all.NextCursor, f.admin, nil).json(t, &next)
		if len(next.Items) == 0 || next.Items[0].Seq >= all.Items[4].Seq {
			t.Errorf("second page does not continue the first")
		}

		// A tenant administrator of A sees only A's events.
		var scoped httpapi.AuditEventList
		e.do(http.MethodGet, "/api/v1/audit-events?limit=200", f.tokens[tenantAdminA], nil).json(t, &scoped)
		if len(scoped.Items) == 0 {
			t.Fatal("tenant administrator sees no events of their tenant")
		}
		for _, ev := range scoped.Items {
			if ev.TenantID == nil || *ev.TenantID != f.ids["A"] {
				t.Fatalf("tenant administrator of A sees event %s of tenant %v", ev.Action, ev.TenantID)
			}
		}
		r := e.do(http.MethodGet, "/api/v1/audit-events/export?format=csv&action=user.granted", f.admin, nil)
		lines := strings.Split(strings.TrimSpace(string(r.Body)), "\n")
		if r.Status != 200 || len(lines) < 2 || !strings.HasPrefix(lines[0], "seq,occurredAt,action") {
			t.Errorf("csv export = %d, %d lines", r.Status, len(lines))
		}
	})
}

// TestAuditExportBoundedMemory streams 100,000 events and checks that the
// heap grows far less than the export's size.
func TestAuditExportBoundedMemory(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		insertEvents(t, e.db, 100_000)
		admin := e.token(adminUPN)

		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			var m runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-time.After(5 * time.Millisecond):
					runtime.ReadMemStats(&m)
					if m.HeapAlloc > peak.Load() {
						peak.Store(m.HeapAlloc)
					}
				}
			}
		}()

		req, _ := http.NewRequest(http.MethodGet, e.server.URL+"/api/v1/audit-events/export?format=ndjson", nil)
		req.Header.Set("Authorization", "Bearer "+admin)
		resp, err := e.server.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		lines, bytes := 0, 0
		for sc.Scan() {
			if lines == 0 {
				var ev httpapi.AuditEventView
				if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
					t.Fatalf("first line is not an event: %v", err)
				}
			}
			lines++
			bytes += len(sc.Bytes()) + 1
		}
		close(done)
		if lines < 100_000 {
			t.Fatalf("exported %d events, want at least 100000", lines)
		}
		growth := int64(peak.Load()) - int64(base.HeapAlloc)
		t.Logf("exported %d events, %d MB; heap grew by at most %d MB", lines, bytes>>20, growth>>20)
		if limit := int64(bytes) / 3; growth > limit {
			t.Errorf("heap grew by %d MB while exporting %d MB: the export is not streamed", growth>>20, bytes>>20)
		}
	})
}

// insertEvents writes n large events directly, continuing the sequence.
func insertEvents(t *testing.T, db *database.DB, n int) {
	t.Helper()
	var head struct{ Seq int64 }
	if err := db.Gorm.Table("audit_chain_head").Select("seq").Where("id = 1").Scan(&head).Error; err != nil {
		t.Fatal(err)
	}
	value := `{"note":"` + strings.Repeat("x", 600) + `"}`
	batch := make([]audit.Event, 0, 1000)
	now := time.Now().UTC()
	for i := 1; i <= n; i++ {
		batch = append(batch, audit.Event{
			ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Seq: head.Seq + int64(i), Hash: "bulk", OccurredAt: now,
			Action: "test.bulk", ActorType: "system", ActorID: "test", ActorName: "Bulk", TargetType: "test", TargetID: "t",
			AfterValue: &value,
		})
		if len(batch) == cap(batch) || i == n {
			if err := db.Gorm.CreateInBatches(batch, 250).Error; err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	db.Gorm.Exec("UPDATE audit_chain_head SET seq = ? WHERE id = 1", head.Seq+int64(n))
}
