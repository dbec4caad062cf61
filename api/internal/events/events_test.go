package events

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
)

func openDB(t *testing.T, cfg config.Database) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), cfg, dbtest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func startHub(t *testing.T, db *database.DB) *Hub {
	t.Helper()
	h := New(db, dbtest.Logger())
	h.backoff = 50 * time.Millisecond
	if err := h.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Stop)
	return h
}

func subscribe(t *testing.T, h *Hub) *Subscription {
	t.Helper()
	sub, err := h.Subscribe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sub.Close)
	return sub
}

func sample(typ string) Event {
	return Event{Type: typ, TenantID: "0b5e7c9a-3f1d-4e2b-8a6c-9d0e1f2a3b4c", Permission: access.AccessRequestsRead,
		Owner: "tid/oid", Data: json.RawMessage(`{"id":"r1","status":"pending"}`)}
}

// receive returns the next event, failing after a few seconds.
func receive(t *testing.T, sub *Subscription) Event {
	t.Helper()
	select {
	case ev, ok := <-sub.Events():
		if !ok {
			t.Fatal("subscription ended before the event arrived")
		}
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return Event{}
}

// expectNothing fails if an event arrives within wait.
func expectNothing(t *testing.T, sub *Subscription, wait time.Duration) {
	t.Helper()
	select {
	case ev, ok := <-sub.Events():
		if ok {
			t.Fatalf("unexpected event %+v", ev)
		}
	case <-time.After(wait):
	}
}

func TestPublishLocal(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		h := startHub(t, db)
		sub := subscribe(t, h)
		if err := h.Publish(context.Background(), sample("access-request.created")); err != nil {
			t.Fatal(err)
		}
		ev := receive(t, sub)
		if ev.Type != "access-request.created" || ev.ID == "" || ev.Origin == "" || string(ev.Data) != `{"id":"r1","status":"pending"}` {
			t.Errorf("event = %+v", ev)
		}
		if ev.Owner != "tid/oid" || ev.Permission != access.AccessRequestsRead {
			t.Errorf("event lost its audience: %+v", ev)
		}
		// On PostgreSQL the hub also hears its own notification; it must
		// not deliver the event twice.
		expectNothing(t, sub, 300*time.Millisecond)
	})
}

func TestEventIDsUnique(t *testing.T) {
	h := startHub(t, dbtest.Open(t, database.SQLite))
	sub := subscribe(t, h)
	for range 2 {
		if err := h.Publish(context.Background(), sample("x")); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := receive(t, sub), receive(t, sub); a.ID == b.ID {
		t.Errorf("two events share id %s", a.ID)
	}
}

// TestAcrossProcesses runs two hubs on one PostgreSQL database, each with
// its own connection pool as two replicas would have.
func TestAcrossProcesses(t *testing.T) {
	cfg := dbtest.Config(t, database.Postgres)
	first, second := startHub(t, openDB(t, cfg)), startHub(t, openDB(t, cfg))
	onFirst, onSecond := subscribe(t, first), subscribe(t, second)

	if err := first.Publish(context.Background(), sample("access-request.created")); err != nil {
		t.Fatal(err)
	}
	local, remote := receive(t, onFirst), receive(t, onSecond)
	if local.ID != remote.ID || remote.Type != "access-request.created" || remote.TenantID != local.TenantID {
		t.Errorf("remote event %+v differs from local %+v", remote, local)
	}
	if string(remote.Data) != string(local.Data) || remote.Owner != "tid/oid" {
		t.Errorf("remote event lost data or owner: %+v", remote)
	}

	if err := second.Publish(context.Background(), sample("access-request.decided")); err != nil {
		t.Fatal(err)
	}
	if ev := receive(t, onFirst); ev.Type != "access-request.decided" {
		t.Errorf("first hub got %+v", ev)
	}
}

func TestSubscribeBeforeStart(t *testing.T) {
	h := New(dbtest.Open(t, database.Postgres), dbtest.Logger())
	if _, err := h.Subscribe(); err != ErrUnavailable {
		t.Fatalf("Subscribe before Start = %v, want ErrUnavailable", err)
	}
	if err := h.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	if _, err := h.Subscribe(); err != nil {
		t.Fatalf("Subscribe after Start = %v", err)
	}
}

// TestListenerReconnects cuts the listener's connection: streams that may
// have missed events end, and the hub listens again.
func TestListenerReconnects(t *testing.T) {
	cfg := dbtest.Config(t, database.Postgres)
	listener, publisher := startHub(t, openDB(t, cfg)), startHub(t, openDB(t, cfg))
	sub := subscribe(t, listener)

	db := openDB(t, cfg)
	res := db.Gorm.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = ?", "LISTEN "+Channel)
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	select {
	case _, ok := <-sub.Events():
		if ok {
			t.Fatal("got an event instead of the end of the subscription")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("subscription still open 5s after the listener lost its connection")
	}

	var again *Subscription
	deadline := time.Now().Add(5 * time.Second)
	for again == nil {
		var err error
		if again, err = listener.Subscribe(); err != nil && time.Now().After(deadline) {
			t.Fatalf("hub not listening again after 5s: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	defer again.Close()
	if err := publisher.Publish(context.Background(), sample("access-request.withdrawn")); err != nil {
		t.Fatal(err)
	}
	if ev := receive(t, again); ev.Type != "access-request.withdrawn" {
		t.Errorf("after reconnecting got %+v", ev)
	}
}

func TestSlowSubscriberDropped(t *testing.T) {
	h := startHub(t, dbtest.Open(t, database.SQLite))
	slow, fast := subscribe(t, h), subscribe(t, h)
	for range subscriberBuffer + 1 {
		if err := h.Publish(context.Background(), sample("x")); err != nil {
			t.Fatal(err)
		}
		<-fast.Events()
	}
	n := 0
	for range slow.Events() {
		n++
	}
	if n != subscriberBuffer {
		t.Errorf("slow subscriber got %d events before it ended, want %d", n, subscriberBuffer)
	}
	if err := h.Publish(context.Background(), sample("y")); err != nil {
		t.Fatal(err)
	}
	if ev := receive(t, fast); ev.Type != "y" {
		t.Errorf("fast subscriber got %+v", ev)
	}
}

func TestStopEndsSubscriptions(t *testing.T) {
	h := New(dbtest.Open(t, database.SQLite), dbtest.Logger())
	sub, err := h.Subscribe()
	if err != nil {
		t.Fatal(err)
	}
	h.Stop()
	if _, ok := <-sub.Events(); ok {
		t.Error("subscription still open after Stop")
	}
	sub.Close() // a second close is harmless
}

func TestPayloadLimit(t *testing.T) {
	h := startHub(t, dbtest.Open(t, database.Postgres))
	ev := sample("big")
	big, _ := json.Marshal(map[string]string{"pad": string(make([]byte, maxPayload))})
	ev.Data = big
	if err := h.Publish(context.Background(), ev); err == nil {
		t.Error("Publish accepted a payload larger than a notification carries")
	}
}
