package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/accessrequest"
	"github.com/rosterhq/roster/api/internal/events"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/problem"
)

// Timing of event streams.
const (
	// eventHeartbeat is how often a quiet stream sends a comment, which
	// keeps proxies from closing it and lets the server re-check the
	// caller's access.
	eventHeartbeat = 15 * time.Second
	// eventRetry is the reconnection delay the stream suggests to clients.
	eventRetry = 5 * time.Second
	// maxEventStream is the longest a stream lasts before the client must
	// reconnect, with a fresh token if the old one has expired.
	maxEventStream = time.Hour
	// eventWriteTimeout bounds each write to a stream, in place of the
	// server's WriteTimeout, which would otherwise end every stream.
	eventWriteTimeout = 30 * time.Second
)

// streamEvents godoc
//
//	@Summary		Server-sent events about changes the caller may see
//	@Description	A text/event-stream of access-request.created, access-request.decided, access-request.withdrawn and access-request.expired events, each with an id line and the data {"id": request id, "tenantId", "status"}. A caller receives the events of the tenants where they hold access-requests:read, and the requester also those of their own requests. A comment line every 15 s keeps the stream open; the first lines carry a retry hint. The stream ends after timeout, when the caller's token expires, or when their access is revoked. Missed events are not replayed, so on reconnecting a client refetches what it shows. Use fetch with the Authorization header, as for any endpoint.
//	@Tags			events
//	@Produce		text/event-stream
//	@Security		Bearer
//	@Param			timeout	query		string	false	"end the stream after this long, e.g. 30m; at most and by default 1h"
//	@Success		200		{string}	string	"the event stream"
//	@Failure		403		{object}	problem.Problem	"the caller's access is disabled or suspended"
//	@Failure		503		{object}	problem.Problem	"this replica cannot receive events now; retry after Retry-After seconds"
//	@Router			/api/v1/events [get]
func (s *Server) streamEvents(c echo.Context) error {
	if err := onlyQuery(c, "timeout"); err != nil {
		return err
	}
	caller := callerOf(c)
	// A user whose access expired may still watch their own access request.
	if caller.Refusal != nil && !errors.Is(caller.Refusal, iam.ErrUserExpired) {
		return refusalProblem(caller.Refusal)
	}
	lifetime, err := streamLifetime(c, caller)
	if err != nil {
		return err
	}
	sub, err := s.deps.Events.Subscribe()
	if errors.Is(err, events.ErrUnavailable) {
		c.Response().Header().Set("Retry-After", "5")
		return problem.New(http.StatusServiceUnavailable, "events-unavailable", "Events unavailable",
			"This server is reconnecting to the database's notifications. Retry shortly, and meanwhile poll.")
	}
	if err != nil {
		return err
	}
	defer sub.Close()

	stream := openEventStream(c)
	audience := newEventAudience(caller)
	ctx := c.Request().Context()
	if err := stream.write(fmt.Sprintf("retry: %d\n: connected\n\n", eventRetry.Milliseconds())); err != nil {
		return nil
	}
	heartbeat := time.NewTicker(eventHeartbeat)
	defer heartbeat.Stop()
	end := time.NewTimer(lifetime)
	defer end.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-end.C:
			return nil
		case ev, ok := <-sub.Events():
			if !ok {
				return nil // the hub ended the subscription; the client reconnects
			}
			visible := audience.sees(ev)
			// A tenant linked after the stream opened is unknown to its
			// permissions until the next heartbeat: re-check at once.
			if !visible && ev.TenantID != "" && !audience.knowsTenant(ev.TenantID) {
				if !s.refreshAudience(c, audience) {
					return nil
				}
				visible = audience.sees(ev)
			}
			if visible {
				if err := stream.event(ev); err != nil {
					return nil
				}
			}
		case <-heartbeat.C:
			if !s.refreshAudience(c, audience) {
				return nil
			}
			if err := stream.write(": heartbeat\n\n"); err != nil {
				return nil
			}
		}
	}
}

// streamLifetime returns how long the stream may last: the timeout
// parameter or maxEventStream, and never past the token's expiry.
func streamLifetime(c echo.Context, caller *iam.Caller) (time.Duration, error) {
	lifetime := maxEventStream
	if raw := c.QueryParam("timeout"); raw != "" {
		d, err := parseDays(raw)
		if err != nil || d > maxEventStream {
			return 0, badParam("timeout", fmt.Sprintf("%q is not a duration up to 1h, such as 30m", raw))
		}
		lifetime = d
	}
	if exp := caller.Principal.Claims.ExpiresAt; !exp.IsZero() {
		lifetime = min(lifetime, time.Until(exp))
	}
	return max(lifetime, 0), nil
}

// refreshAudience re-resolves the caller, so that a stream follows changes
// of their permissions and ends when their access is revoked. It reports
// whether the stream may go on.
func (s *Server) refreshAudience(c echo.Context, a *eventAudience) bool {
	caller, err := s.deps.Resolver.Resolve(c.Request().Context(), a.caller.Principal)
	if err != nil {
		if c.Request().Context().Err() == nil {
			s.deps.Logger.Warn("event stream ended: could not re-check the caller", "caller", a.caller.Principal.ID(),
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "error", err)
		}
		return false
	}
	if caller.Refusal != nil && !errors.Is(caller.Refusal, iam.ErrUserExpired) {
		return false
	}
	a.caller = caller
	return true
}

// eventAudience decides which events a stream's caller receives.
type eventAudience struct {
	caller *iam.Caller
	// owner is the caller's key for events about their own requests; empty
	// for applications.
	owner string
}

func newEventAudience(caller *iam.Caller) *eventAudience {
	a := &eventAudience{caller: caller}
	if id, err := accessrequest.IdentityOf(caller); err == nil {
		a.owner = id.Owner()
	}
	return a
}

func (a *eventAudience) sees(ev events.Event) bool {
	if a.owner != "" && ev.Owner == a.owner {
		return true
	}
	return a.caller.IsUser() && ev.Permission != access.None && a.caller.Effective.Allowed(ev.Permission, ev.TenantID)
}

// knowsTenant reports whether the caller's permissions were evaluated with
// the tenant present.
func (a *eventAudience) knowsTenant(tenantID string) bool {
	for _, t := range a.caller.Tenants {
		if t.ID == tenantID {
			return true
		}
	}
	return false
}

// eventStream writes server-sent events to one response.
type eventStream struct {
	w  io.Writer
	rc *http.ResponseController
}

// openEventStream sends the stream's headers.
func openEventStream(c echo.Context) *eventStream {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Set("X-Accel-Buffering", "no") // stops nginx from buffering the stream
	c.Response().WriteHeader(http.StatusOK)
	return &eventStream{w: c.Response(), rc: http.NewResponseController(c.Response())}
}

// write sends chunk and flushes it. Each write moves the connection's write
// deadline, set from the server's WriteTimeout when the request started, to
// eventWriteTimeout from now. Writers without deadlines, such as
// httptest.ResponseRecorder, ignore it.
func (s *eventStream) write(chunk string) error {
	_ = s.rc.SetWriteDeadline(time.Now().Add(eventWriteTimeout))
	if _, err := io.WriteString(s.w, chunk); err != nil {
		return err
	}
	return s.rc.Flush()
}

func (s *eventStream) event(ev events.Event) error {
	// A data line must not contain a line break, so the JSON is compacted.
	var data bytes.Buffer
	if err := json.Compact(&data, ev.Data); err != nil {
		return fmt.Errorf("compact data of event %s: %w", ev.ID, err)
	}
	return s.write(fmt.Sprintf("id: %s\nevent: %s\ndata: %s\n\n", ev.ID, ev.Type, data.Bytes()))
}
