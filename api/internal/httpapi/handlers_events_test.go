package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/devidp"
)

func init() {
	// Event streams are validated as opaque text; the event tests check
	// their content.
	openapi3filter.RegisterBodyDecoder("text/event-stream", openapi3filter.FileBodyDecoder)
}

// sseEvent is one server-sent event as a client parses it.
type sseEvent struct {
	ID, Type string
	Data     map[string]string
}

// sseClient reads an event stream in the background.
type sseClient struct {
	t      *testing.T
	events chan sseEvent
	// ended is closed when the stream ends.
	ended chan struct{}
	mu    sync.Mutex
	retry string
}

// openEvents connects to baseURL's event stream and fails the test unless
// it is a 200 text/event-stream.
func openEvents(t *testing.T, client *http.Client, baseURL, path, token string) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s = %d %s: %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	c := &sseClient{t: t, events: make(chan sseEvent, 32), ended: make(chan struct{})}
	go c.read(resp.Body)
	t.Cleanup(func() {
		cancel()
		resp.Body.Close()
	})
	return c
}

func (c *sseClient) read(body io.Reader) {
	defer close(c.ended)
	scanner := bufio.NewScanner(body)
	var ev sseEvent
	for scanner.Scan() {
		line := scanner.Text()
		field, value, _ := strings.Cut(line, ": ")
		switch {
		case line == "":
			if ev.Type != "" {
				c.events <- ev
			}
			ev = sseEvent{}
		case strings.HasPrefix(line, ":"):
		case field == "retry":
			c.mu.Lock()
			c.retry = value
			c.mu.Unlock()
		case field == "id":
			ev.ID = value
		case field == "event":
			ev.Type = value
		case field == "data":
			if err := json.Unmarshal([]byte(value), &ev.Data); err != nil {
				c.t.Errorf("data %q is not a JSON object: %v", value, err)
			}
		}
	}
}

// next returns the next event, failing after 5 seconds.
func (c *sseClient) next(t *testing.T) sseEvent {
	t.Helper()
	select {
	case ev := <-c.events:
		return ev
	case <-c.ended:
		t.Fatal("the stream ended before the event arrived")
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return sseEvent{}
}

// expectNone fails if an event arrives within wait.
func (c *sseClient) expectNone(t *testing.T, wait time.Duration) {
	t.Helper()
	select {
	case ev := <-c.events:
		t.Errorf("unexpected event %+v", ev)
	case <-time.After(wait):
	}
}

// expectEnd fails unless the stream ends within wait.
func (c *sseClient) expectEnd(t *testing.T, wait time.Duration) {
	t.Helper()
	select {
	case <-c.ended:
	case <-time.After(wait):
		t.Errorf("stream still open after %s", wait)
	}
}

func TestEventStream(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		fab := createFabrikam(t, e, admin)
		fabAdmin := newRequester(t, e, fabrikamTID, 0)
		e.grantRequest(t, admin, e.requestAccess(t, fabAdmin.token, "").ID, grantBody(access.RoleTenantAdministrator, ownScope, ""))
		alex := newRequester(t, e, devdirectory.HomeTenantID, 0)

		reviewer := openEvents(t, e.server.Client(), e.server.URL, "/api/v1/events", admin)
		own := openEvents(t, e.server.Client(), e.server.URL, "/api/v1/events", alex.token)
		other := openEvents(t, e.server.Client(), e.server.URL, "/api/v1/events", fabAdmin.token)

		req := e.requestAccess(t, alex.token, "")
		created := reviewer.next(t)
		want := map[string]string{"id": req.ID, "tenantId": e.home.ID, "status": "pending"}
		if created.Type != "access-request.created" || created.ID == "" || !equalMaps(created.Data, want) {
			t.Errorf("reviewer got %+v, want created %v", created, want)
		}
		if ev := own.next(t); ev.Type != "access-request.created" || ev.ID != created.ID {
			t.Errorf("requester got %+v", ev)
		}

		if r := e.do(http.MethodPost, "/api/v1/access-requests/"+req.ID+"/deny", admin, map[string]string{"reason": "no"}); r.Status != 200 {
			t.Fatalf("deny = %d %s", r.Status, r.Body)
		}
		decided := reviewer.next(t)
		if decided.Type != "access-request.decided" || decided.Data["status"] != "denied" || decided.ID == created.ID {
			t.Errorf("reviewer got %+v, want decided", decided)
		}
		if ev := own.next(t); ev.Type != "access-request.decided" || ev.Data["status"] != "denied" {
			t.Errorf("requester got %+v", ev)
		}
		// A Fabrikam reviewer sees nothing of the home tenant.
		other.expectNone(t, 300*time.Millisecond)

		fabReq := e.requestAccess(t, newRequester(t, e, fabrikamTID, 1).token, "")
		if ev := other.next(t); ev.Type != "access-request.created" || ev.Data["tenantId"] != fab.ID || ev.Data["id"] != fabReq.ID {
			t.Errorf("Fabrikam reviewer got %+v", ev)
		}
		// Alex sees no one else's request.
		own.expectNone(t, 300*time.Millisecond)

		reviewer.mu.Lock()
		if reviewer.retry != "5000" {
			t.Errorf("retry = %q, want 5000", reviewer.retry)
		}
		reviewer.mu.Unlock()
	})
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestEventStreamEnds(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		timed := openEvents(t, e.server.Client(), e.server.URL, "/api/v1/events?timeout=200ms", e.token(adminUPN))
		timed.expectEnd(t, 3*time.Second)

		// A stream never outlives its token.
		short, err := e.provider.MintAccessToken(devidp.MintOptions{User: adminUPN, Lifetime: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		expiring := openEvents(t, e.server.Client(), e.server.URL, "/api/v1/events", short)
		expiring.expectEnd(t, 5*time.Second)
	})
}

func TestEventStreamRejections(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.token(adminUPN)
		disabled := userFromRequest(t, e, newRequester(t, e, devdirectory.HomeTenantID, 0), "")
		if r := e.do(http.MethodPost, "/api/v1/users/"+disabled.userID+"/disable", admin, map[string]string{"reason": "left"}); r.Status != 200 {
			t.Fatalf("disable = %d %s", r.Status, r.Body)
		}
		cases := []struct {
			name   string
			path   string
			token  string
			status int
		}{
			{"disabled-user", "/api/v1/events", disabled.token, 403},
			{"timeout-too-long", "/api/v1/events?timeout=2h", admin, 400},
			{"timeout-garbage", "/api/v1/events?timeout=soon", admin, 400},
			{"unknown-parameter", "/api/v1/events?since=1", admin, 400},
			{"no-token", "/api/v1/events", "", 401},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if r := e.do(http.MethodGet, c.path, c.token, nil); r.Status != c.status {
					t.Errorf("status = %d, want %d: %s", r.Status, c.status, r.Body)
				}
			})
		}
	})
}

// TestEventStreamOutlivesServerTimeouts serves the API with read and write
// timeouts shorter than the wait for an event, as a production server has.
func TestEventStreamOutlivesServerTimeouts(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, database.SQLite))
	strict := httptest.NewUnstartedServer(e.server.Config.Handler)
	strict.Config.ReadTimeout, strict.Config.WriteTimeout = 300*time.Millisecond, 300*time.Millisecond
	strict.Start()
	// Registered before the stream's cleanup, so it runs after the stream
	// is closed: Close waits for open requests.
	t.Cleanup(strict.Close)

	stream := openEvents(t, strict.Client(), strict.URL, "/api/v1/events", e.token(adminUPN))
	time.Sleep(time.Second)
	req := e.requestAccess(t, newRequester(t, e, devdirectory.HomeTenantID, 0).token, "")
	if ev := stream.next(t); ev.Data["id"] != req.ID {
		t.Errorf("got %+v, want the event of %s", ev, req.ID)
	}
}

// TestEventsAcrossServers runs two API servers, each with its own hub, on
// one PostgreSQL database: an event raised on one reaches the streams of the
// other.
func TestEventsAcrossServers(t *testing.T) {
	db := dbtest.Open(t, database.Postgres)
	first, second := newEnv(t, db), newEnv(t, db)
	onFirst := openEvents(t, first.server.Client(), first.server.URL, "/api/v1/events", first.token(adminUPN))
	onSecond := openEvents(t, second.server.Client(), second.server.URL, "/api/v1/events", second.token(adminUPN))

	req := first.requestAccess(t, newRequester(t, first, devdirectory.HomeTenantID, 0).token, "")
	if ev := onSecond.next(t); ev.Type != "access-request.created" || ev.Data["id"] != req.ID {
		t.Errorf("second server got %+v", ev)
	}
	if ev := onFirst.next(t); ev.Type != "access-request.created" {
		t.Errorf("first server got %+v", ev)
	}

	if r := second.do(http.MethodPost, "/api/v1/access-requests/"+req.ID+"/deny", second.token(adminUPN), map[string]string{"reason": "no"}); r.Status != 200 {
		t.Fatalf("deny on the second server = %d %s", r.Status, r.Body)
	}
	if ev := onFirst.next(t); ev.Type != "access-request.decided" || ev.Data["status"] != "denied" {
		t.Errorf("first server got %+v", ev)
	}
	onFirst.expectNone(t, 300*time.Millisecond)
}
