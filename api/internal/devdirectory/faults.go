package devdirectory

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kinds of injected fault.
const (
	// FaultStatus responds with Fault.Status (429, 500, 502, 503, 504, ...) and
	// a Graph error body, with a Retry-After header when RetryAfterSeconds is set.
	FaultStatus = "status"
	// FaultMalformed responds with a truncated JSON body.
	FaultMalformed = "malformed"
	// FaultEmpty responds with an empty body.
	FaultEmpty = "empty"
	// FaultHTML responds with an HTML page, as a proxy in front of Graph might.
	FaultHTML = "html"
	// FaultDelay waits DelayMillis before serving the request normally, or
	// until the client gives up.
	FaultDelay = "delay"
	// FaultExpiredDelta responds 400 syncStateNotFound, as Graph does for an
	// expired delta link.
	FaultExpiredDelta = "expired-delta"
	// FaultResetDelta responds 410 Gone with a Location header pointing at a
	// fresh delta enumeration.
	FaultResetDelta = "reset-delta"
)

// Fault is one injected failure. It applies to the tenant's Graph requests
// after After requests have passed untouched (so After: 2 fails the request
// for the third page), for Times requests (default 1).
type Fault struct {
	Kind string `json:"kind"`
	// Status is the HTTP status: required for FaultStatus, and 200 by default
	// for FaultMalformed, FaultEmpty and FaultHTML.
	Status int `json:"status,omitempty"`
	// RetryAfterSeconds sets a Retry-After header in seconds, or as an HTTP
	// date that many seconds ahead when RetryAfterDate is set.
	RetryAfterSeconds int  `json:"retryAfterSeconds,omitempty"`
	RetryAfterDate    bool `json:"retryAfterDate,omitempty"`
	DelayMillis       int  `json:"delayMs,omitempty"`
	After             int  `json:"after,omitempty"`
	Times             int  `json:"times,omitempty"`
}

func (f Fault) validate() error {
	switch f.Kind {
	case FaultStatus:
		if f.Status < 400 || f.Status > 599 {
			return fmt.Errorf("fault %q: status %d is not an HTTP error status (400-599)", f.Kind, f.Status)
		}
	case FaultMalformed, FaultEmpty, FaultHTML:
		if f.Status != 0 && (f.Status < 200 || f.Status > 599) {
			return fmt.Errorf("fault %q: status %d is not an HTTP status", f.Kind, f.Status)
		}
	case FaultDelay:
		if f.DelayMillis <= 0 {
			return fmt.Errorf("fault %q: delayMs must be positive", f.Kind)
		}
	case FaultExpiredDelta, FaultResetDelta:
	default:
		return fmt.Errorf("unknown fault kind %q", f.Kind)
	}
	if f.After < 0 || f.Times < 0 || f.RetryAfterSeconds < 0 {
		return fmt.Errorf("fault %q: after, times and retryAfterSeconds must not be negative", f.Kind)
	}
	return nil
}

// Faults holds per-tenant queues of injected faults. Each Graph request of a
// tenant consumes the head of its queue. It is safe for concurrent use.
type Faults struct {
	mu     sync.Mutex
	queues map[string][]Fault // tenant id -> pending faults, head first
}

// NewFaults returns an empty set of fault queues.
func NewFaults() *Faults {
	return &Faults{queues: map[string][]Fault{}}
}

// Add appends faults to the queue of tenant tenantID.
func (q *Faults) Add(tenantID string, faults ...Fault) error {
	for i := range faults {
		if err := faults[i].validate(); err != nil {
			return err
		}
		if faults[i].Times == 0 {
			faults[i].Times = 1
		}
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	tid := strings.ToLower(tenantID)
	q.queues[tid] = append(q.queues[tid], faults...)
	return nil
}

// Clear drops the pending faults of tenantID, or of every tenant when
// tenantID is empty.
func (q *Faults) Clear(tenantID string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if tenantID == "" {
		clear(q.queues)
		return
	}
	delete(q.queues, strings.ToLower(tenantID))
}

// Pending returns the faults still queued for tenantID, with the remaining
// After and Times counts.
func (q *Faults) Pending(tenantID string) []Fault {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Clone(q.queues[strings.ToLower(tenantID)])
}

func (q *Faults) all() map[string][]Fault {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make(map[string][]Fault, len(q.queues))
	for tid, queue := range q.queues {
		if len(queue) > 0 {
			out[tid] = slices.Clone(queue)
		}
	}
	return out
}

// next consumes one request's worth of the queue of tenantID and returns the
// fault to apply, if any.
func (q *Faults) next(tenantID string) (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	tid := strings.ToLower(tenantID)
	queue := q.queues[tid]
	if len(queue) == 0 {
		return Fault{}, false
	}
	head := &queue[0]
	if head.After > 0 {
		head.After--
		return Fault{}, false
	}
	f := *head
	head.Times--
	if head.Times == 0 {
		q.queues[tid] = queue[1:]
	}
	return f, true
}

// apply writes the fault's response and reports whether the request is
// answered; a finished delay lets the request be served normally.
func (f Fault) apply(w http.ResponseWriter, r *http.Request, deltaURL string) bool {
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	switch f.Kind {
	case FaultDelay:
		select {
		case <-time.After(time.Duration(f.DelayMillis) * time.Millisecond):
			return false
		case <-r.Context().Done():
			return true
		}
	case FaultStatus:
		f.setRetryAfter(w)
		code, message := statusError(status)
		writeGraphError(w, status, code, message)
	case FaultMalformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"@odata.context":"$metadata#users","value":[{"id":"`))
	case FaultEmpty:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(status)
	case FaultHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<!DOCTYPE html>\n<html><head><title>" + strconv.Itoa(status) + "</title></head><body><h1>" + http.StatusText(status) + "</h1><p>The upstream server did not answer.</p></body></html>\n"))
	case FaultExpiredDelta:
		writeGraphError(w, http.StatusBadRequest, "syncStateNotFound", "The delta token has expired or is not valid. Start a new enumeration without a delta token.")
	case FaultResetDelta:
		w.Header().Set("Location", deltaURL)
		writeGraphError(w, http.StatusGone, "resyncRequired", "The delta state was reset. Follow the Location header to start a new enumeration.")
	}
	return true
}

func (f Fault) setRetryAfter(w http.ResponseWriter) {
	if f.RetryAfterSeconds == 0 && !f.RetryAfterDate {
		return
	}
	if f.RetryAfterDate {
		// An HTTP date has whole seconds, so one more second keeps the wait
		// at least RetryAfterSeconds.
		at := time.Now().Add(time.Duration(f.RetryAfterSeconds+1) * time.Second)
		w.Header().Set("Retry-After", at.UTC().Format(http.TimeFormat))
		return
	}
	w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfterSeconds))
}

// statusError returns the Graph error code and message for an HTTP status.
func statusError(status int) (code, message string) {
	switch status {
	case http.StatusTooManyRequests:
		return "TooManyRequests", "Too many requests have been sent. Retry after the time in the Retry-After header."
	case http.StatusInternalServerError:
		return "generalException", "An unexpected error occurred on the server."
	case http.StatusBadGateway:
		return "BadGateway", "The gateway received an invalid response from the service."
	case http.StatusServiceUnavailable:
		return "serviceNotAvailable", "The service is temporarily unavailable. Retry later."
	case http.StatusGatewayTimeout:
		return "gatewayTimeout", "The service did not respond in time."
	default:
		return strings.ReplaceAll(http.StatusText(status), " ", ""), http.StatusText(status) + "."
	}
}

// faultsRequest is the body of POST /_dev/faults.
type faultsRequest struct {
	TenantID string  `json:"tenantId"`
	Faults   []Fault `json:"faults"`
}

// serveFaults serves the fault injection API:
//
//	GET    /_dev/faults[?tenantId=TID] pending faults of one tenant, or of all by tenant id
//	POST   /_dev/faults                {"tenantId": "...", "faults": [Fault, ...]} appends faults
//	DELETE /_dev/faults[?tenantId=TID] drops pending faults of one tenant or of all
func (q *Faults) serveFaults(w http.ResponseWriter, r *http.Request) {
	tid := r.URL.Query().Get("tenantId")
	switch r.Method {
	case http.MethodGet:
		if tid == "" {
			writeJSON(w, http.StatusOK, q.all())
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"tenantId": tid, "faults": q.Pending(tid)})
	case http.MethodPost:
		var req faultsRequest
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			writeGraphError(w, http.StatusBadRequest, "BadRequest", "invalid faults request: "+err.Error())
			return
		}
		if req.TenantID == "" {
			writeGraphError(w, http.StatusBadRequest, "BadRequest", "invalid faults request: tenantId is missing")
			return
		}
		if err := q.Add(req.TenantID, req.Faults...); err != nil {
			writeGraphError(w, http.StatusBadRequest, "BadRequest", "invalid faults request: "+err.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"tenantId": req.TenantID, "faults": q.Pending(req.TenantID)})
	case http.MethodDelete:
		q.Clear(tid)
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, POST, DELETE")
		writeGraphError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", r.Method+" is not supported on /_dev/faults.")
	}
}
