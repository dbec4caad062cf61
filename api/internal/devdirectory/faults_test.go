package devdirectory_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/devdirectory"
)

func TestFaultResponses(t *testing.T) {
	cases := []struct {
		name        string
		fault       devdirectory.Fault
		status      int
		contentType string
		check       func(t *testing.T, header http.Header, body []byte)
	}{
		{"throttle-seconds", devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 429, RetryAfterSeconds: 7}, 429, "application/json", func(t *testing.T, h http.Header, body []byte) {
			if h.Get("Retry-After") != "7" {
				t.Errorf("Retry-After = %q, want 7", h.Get("Retry-After"))
			}
			if code := decode[graphError](t, body).Error.Code; code != "TooManyRequests" {
				t.Errorf("code = %q", code)
			}
		}},
		{"throttle-date", devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 429, RetryAfterSeconds: 5, RetryAfterDate: true}, 429, "application/json", func(t *testing.T, h http.Header, _ []byte) {
			at, err := http.ParseTime(h.Get("Retry-After"))
			if err != nil {
				t.Fatalf("Retry-After %q is not an HTTP date: %v", h.Get("Retry-After"), err)
			}
			if wait := time.Until(at); wait < 4*time.Second || wait > 7*time.Second {
				t.Errorf("Retry-After is %v ahead, want about 5-6s", wait)
			}
		}},
		{"service-unavailable", devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 503}, 503, "application/json", func(t *testing.T, h http.Header, body []byte) {
			if h.Get("Retry-After") != "" {
				t.Errorf("Retry-After = %q, want none", h.Get("Retry-After"))
			}
			if code := decode[graphError](t, body).Error.Code; code != "serviceNotAvailable" {
				t.Errorf("code = %q", code)
			}
		}},
		{"malformed", devdirectory.Fault{Kind: devdirectory.FaultMalformed}, 200, "application/json", func(t *testing.T, _ http.Header, body []byte) {
			if !strings.HasPrefix(string(body), `{"`) || strings.HasSuffix(strings.TrimSpace(string(body)), "}") {
				t.Errorf("body %q is not truncated JSON", body)
			}
		}},
		{"empty", devdirectory.Fault{Kind: devdirectory.FaultEmpty}, 200, "application/json", func(t *testing.T, _ http.Header, body []byte) {
			if len(body) != 0 {
				t.Errorf("body = %q, want empty", body)
			}
		}},
		{"html-502", devdirectory.Fault{Kind: devdirectory.FaultHTML, Status: 502}, 502, "text/html", func(t *testing.T, _ http.Header, body []byte) {
			if !strings.Contains(string(body), "<html>") {
				t.Errorf("body = %q, want HTML", body)
			}
		}},
		{"expired-delta", devdirectory.Fault{Kind: devdirectory.FaultExpiredDelta}, 400, "application/json", func(t *testing.T, _ http.Header, body []byte) {
			if code := decode[graphError](t, body).Error.Code; code != "syncStateNotFound" {
				t.Errorf("code = %q", code)
			}
		}},
		{"reset-delta", devdirectory.Fault{Kind: devdirectory.FaultResetDelta}, 410, "application/json", func(t *testing.T, h http.Header, _ []byte) {
			if !strings.HasPrefix(h.Get("Location"), "https://") || !strings.HasSuffix(h.Get("Location"), "/v1.0/users/delta()") {
				t.Errorf("Location = %q, want an absolute delta URL", h.Get("Location"))
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, 2, nil)
			token := e.token(t, tenantA, appID)
			if err := e.faults.Add(tenantA, tc.fault); err != nil {
				t.Fatal(err)
			}
			status, header, body := e.do(t, http.MethodGet, "/v1.0/users/delta()", token, nil)
			if status != tc.status {
				t.Fatalf("status = %d, want %d: %s", status, tc.status, body)
			}
			if !strings.HasPrefix(header.Get("Content-Type"), tc.contentType) {
				t.Errorf("Content-Type = %q, want %s", header.Get("Content-Type"), tc.contentType)
			}
			tc.check(t, header, body)

			// The fault is used up: the next request succeeds.
			if status, _, body := e.do(t, http.MethodGet, "/v1.0/users/delta()", token, nil); status != http.StatusOK {
				t.Errorf("request after the fault: status %d: %s", status, body)
			}
		})
	}
}

func TestFaultAfterAndTimes(t *testing.T) {
	e := newEnv(t, 6, nil)
	token := e.token(t, tenantA, appID)
	// Pages 1 and 2 pass, pages 3 and 4 (the retry) fail, then it heals.
	if err := e.faults.Add(tenantA, devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 500, After: 2, Times: 2}); err != nil {
		t.Fatal(err)
	}
	var statuses []string
	next := "/v1.0/users/delta()?$top=2"
	for range 5 {
		status, _, body := e.do(t, http.MethodGet, next, token, nil)
		statuses = append(statuses, strconv.Itoa(status))
		if status == http.StatusOK {
			if p := decode[page](t, body); p.NextLink != "" {
				next = p.NextLink
			}
		}
	}
	if got := strings.Join(statuses, ","); got != "200,200,500,500,200" {
		t.Errorf("statuses = %s, want 200,200,500,500,200", got)
	}
}

func TestFaultsArePerTenant(t *testing.T) {
	e := newEnv(t, 1, nil)
	if err := e.faults.Add(tenantB, devdirectory.Fault{Kind: devdirectory.FaultStatus, Status: 503}); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := e.do(t, http.MethodGet, "/v1.0/users", e.token(t, tenantA, appID), nil); status != http.StatusOK {
		t.Errorf("tenant A: status %d, want 200", status)
	}
	if status, _, _ := e.do(t, http.MethodGet, "/v1.0/users", e.token(t, tenantB, appID), nil); status != http.StatusServiceUnavailable {
		t.Errorf("tenant B: status %d, want 503", status)
	}
}

func TestFaultDelay(t *testing.T) {
	e := newEnv(t, 1, nil)
	token := e.token(t, tenantA, appID)
	if err := e.faults.Add(tenantA, devdirectory.Fault{Kind: devdirectory.FaultDelay, DelayMillis: 2000}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+"/v1.0/users", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	start := time.Now()
	if resp, err := e.srv.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("delayed request answered %d within the client timeout", resp.StatusCode)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("client waited %v, want it to give up after 200ms", elapsed)
	}
}

func TestFaultsAPI(t *testing.T) {
	e := newEnv(t, 1, nil)
	token := e.token(t, tenantA, appID)

	body := `{"tenantId": "` + tenantA + `", "faults": [{"kind": "status", "status": 429, "retryAfterSeconds": 3}, {"kind": "html", "status": 502}]}`
	status, _, resp := e.do(t, http.MethodPost, "/_dev/faults", "", strings.NewReader(body))
	if status != http.StatusOK {
		t.Fatalf("POST /_dev/faults: %d %s", status, resp)
	}
	if got := len(e.faults.Pending(tenantA)); got != 2 {
		t.Fatalf("pending faults = %d, want 2", got)
	}
	if status, header, _ := e.do(t, http.MethodGet, "/v1.0/users", token, nil); status != 429 || header.Get("Retry-After") != "3" {
		t.Errorf("first request: %d Retry-After %q, want 429 and 3", status, header.Get("Retry-After"))
	}
	if status, _, _ := e.do(t, http.MethodDelete, "/_dev/faults?tenantId="+tenantA, "", nil); status != http.StatusNoContent {
		t.Errorf("DELETE /_dev/faults: %d", status)
	}
	if status, _, _ := e.do(t, http.MethodGet, "/v1.0/users", token, nil); status != http.StatusOK {
		t.Errorf("request after clearing: %d, want 200", status)
	}

	invalid := []string{
		`{"tenantId": "` + tenantA + `", "faults": [{"kind": "explode"}]}`,
		`{"tenantId": "` + tenantA + `", "faults": [{"kind": "status", "status": 200}]}`,
		`{"tenantId": "` + tenantA + `", "faults": [{"kind": "delay"}]}`,
		`{"faults": [{"kind": "empty"}]}`,
		`{"tenantId": "` + tenantA + `", "fault": []}`,
	}
	for _, b := range invalid {
		if status, _, resp := e.do(t, http.MethodPost, "/_dev/faults", "", strings.NewReader(b)); status != http.StatusBadRequest {
			t.Errorf("POST %s: %d %s, want 400", b, status, resp)
		}
	}
}

func TestDevAPIsDisabledByDefault(t *testing.T) {
	e := newEnv(t, 1, func(o *devdirectory.Options) { o.Faults, o.Control = nil, false })
	for _, path := range []string{"/_dev/faults", "/_dev/directory/tenants"} {
		if status, _, _ := e.do(t, http.MethodGet, path, "", nil); status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404 when disabled", path, status)
		}
	}
}
