package graph

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// exchangeKey is the context key of the *exchange of a Graph request.
type exchangeKey struct{}

// exchange records the last HTTP response of one Graph request (after
// retries), so that a failure the SDK reports without a status, such as an
// unparseable body, can still be classified and reported with its status.
type exchange struct {
	tenantID string
	status   int // 0 when no response arrived
	header   http.Header
	attempts int
}

// retryTransport retries Graph requests on 429, 500, 502, 503, 504, attempt
// timeouts and connection failures, up to maxAttempts attempts. Before a
// retry it waits for the Retry-After value (seconds or an HTTP date), or else
// backs off exponentially from baseDelay. It gives up early when the wait
// would exceed maxWait or the request's context ends.
type retryTransport struct {
	base        http.RoundTripper
	maxAttempts int
	baseDelay   time.Duration
	maxWait     time.Duration
	timeout     time.Duration // per attempt
	log         *slog.Logger
	observer    Observer // nil when nobody listens
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ex, _ := req.Context().Value(exchangeKey{}).(*exchange)
	if ex == nil {
		ex = &exchange{}
	}
	for attempt := 1; ; attempt++ {
		resp, err := t.attempt(req)
		ex.attempts = attempt
		ex.status, ex.header = 0, nil
		if resp != nil {
			ex.status, ex.header = resp.StatusCode, resp.Header.Clone()
		}

		wait, retry := t.retryAfter(req, resp, err, attempt)
		if !retry {
			return resp, err
		}
		t.log.Info("graph: retrying request", "tenant", ex.tenantID, "path", req.URL.Path, "attempt", attempt, "status", ex.status, "error", errorText(err), "wait", wait)
		if ex.status == http.StatusTooManyRequests && t.observer != nil {
			t.observer.Throttled(ex.tenantID, wait)
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			resp.Body.Close()
		}
		timer := time.NewTimer(wait)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
	}
}

// attempt sends one copy of req with the per-attempt timeout. The timeout
// stays in force while the caller reads the body, and ends when it closes it.
func (t *retryTransport) attempt(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	try := req.Clone(ctx)
	if req.Body != nil && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, err
		}
		try.Body = body
	}
	resp, err := t.base.RoundTrip(try)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// retryAfter decides whether to retry and how long to wait first.
func (t *retryTransport) retryAfter(req *http.Request, resp *http.Response, err error, attempt int) (time.Duration, bool) {
	if attempt >= t.maxAttempts || req.Context().Err() != nil {
		return 0, false
	}
	if req.Body != nil && req.GetBody == nil {
		return 0, false // the body cannot be sent twice
	}
	if err == nil && !retryableStatus(resp.StatusCode) {
		return 0, false
	}

	wait := t.backoff(attempt)
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			wait = d
		}
	}
	if wait > t.maxWait {
		return 0, false
	}
	return wait, true
}

func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff returns baseDelay doubled per earlier attempt, plus up to 50%
// jitter so that throttled workers do not retry in step.
func (t *retryTransport) backoff(attempt int) time.Duration {
	d := t.baseDelay << (attempt - 1)
	return d + time.Duration(rand.Int64N(int64(d)/2+1))
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date.
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(value); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(value); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		return "timeout: " + err.Error()
	}
	return err.Error()
}
