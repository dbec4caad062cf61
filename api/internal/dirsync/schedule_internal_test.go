package dirsync

import (
	"fmt"
	"testing"
	"time"
)

func TestSlotSpreadsTenants(t *testing.T) {
	p := Policy{Period: time.Hour}.withDefaults()
	now := time.Date(2026, 5, 1, 10, 30, 0, 0, time.UTC)
	starts := map[time.Duration]bool{}
	for i := range 20 {
		id := fmt.Sprintf("tenant-%d", i)
		slot, start := p.slot(id, now)
		if start.After(now) || now.Sub(start) >= p.Period {
			t.Errorf("%s: period starts at %v, want within the hour before %v", id, start, now)
		}
		if again, _ := p.slot(id, now.Add(p.Period)); again != slot+1 {
			t.Errorf("%s: slot an hour later = %d, want %d", id, again, slot+1)
		}
		starts[start.Sub(start.Truncate(p.Period))] = true
	}
	if len(starts) < 15 {
		t.Errorf("20 tenants share %d offsets in the hour, want them spread", len(starts))
	}
}

func TestDueRequest(t *testing.T) {
	s := &Service{policy: Policy{Period: time.Hour}.withDefaults()}
	now := time.Date(2026, 5, 1, 10, 30, 0, 0, time.UTC)
	_, slotStart := s.policy.slot("t1", now)
	at := func(d time.Duration) *time.Time { v := slotStart.Add(d); return &v }
	recentFull := now.Add(-24 * time.Hour)
	oldFull := now.Add(-8 * 24 * time.Hour)

	cases := []struct {
		name     string
		last     *Run
		failures int
		lastFull *time.Time
		due      bool
		full     bool
	}{
		{"never-synced", nil, 0, nil, true, true},
		{"synced-last-period", &Run{Status: StatusSucceeded, QueuedAt: *at(-time.Minute)}, 0, &recentFull, true, false},
		{"synced-this-period", &Run{Status: StatusSucceeded, QueuedAt: *at(time.Second)}, 0, &recentFull, false, false},
		{"running", &Run{Status: StatusRunning, QueuedAt: *at(-2 * time.Hour)}, 0, &recentFull, false, false},
		{"awaiting-confirmation", &Run{Status: StatusNeedsConfirmation, QueuedAt: *at(-5 * time.Hour)}, 0, &recentFull, false, false},
		{"full-due", &Run{Status: StatusSucceeded, QueuedAt: *at(-time.Hour)}, 0, &oldFull, true, true},
		{"one-failure", &Run{Status: StatusFailed, QueuedAt: *at(-2 * time.Hour), FinishedAt: at(-2 * time.Hour)}, 1, &recentFull, true, false},
		{"backing-off", &Run{Status: StatusFailed, QueuedAt: *at(-90 * time.Minute), FinishedAt: at(-90 * time.Minute)}, 3, &recentFull, false, false},
		{"backoff-over", &Run{Status: StatusFailed, QueuedAt: *at(-5 * time.Hour), FinishedAt: at(-5 * time.Hour)}, 3, &recentFull, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			latest := map[string]Run{}
			if tc.last != nil {
				latest["t1"] = *tc.last
			}
			req, due := s.dueRequest(linkedTenant{ID: "t1", LastFullSyncAt: tc.lastFull}, latest, tc.failures, now)
			if due != tc.due {
				t.Errorf("due = %v, want %v", due, tc.due)
			}
			if due && req.full != tc.full {
				t.Errorf("full = %v, want %v", req.full, tc.full)
			}
			if due && req.attempt != tc.failures+1 {
				t.Errorf("attempt = %d, want %d", req.attempt, tc.failures+1)
			}
		})
	}
}

func TestBackoffCapped(t *testing.T) {
	p := Policy{Period: time.Hour}.withDefaults()
	cases := []struct {
		failures int
		want     time.Duration
	}{{0, 0}, {1, time.Hour}, {2, 2 * time.Hour}, {4, 8 * time.Hour}, {6, 24 * time.Hour}, {80, 24 * time.Hour}}
	for _, tc := range cases {
		if got := p.backoff(tc.failures); got != tc.want {
			t.Errorf("backoff(%d) = %v, want %v", tc.failures, got, tc.want)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	p := Policy{RetryBase: time.Minute, RetryMax: 5 * time.Minute}.withDefaults()
	cases := []struct {
		next    int
		minimum time.Duration
		low     time.Duration
	}{{2, 0, time.Minute}, {3, 0, 2 * time.Minute}, {5, 0, 5 * time.Minute}, {9, 0, 5 * time.Minute}, {2, 20 * time.Minute, 20 * time.Minute}}
	for _, tc := range cases {
		got := p.retryDelay(tc.next, tc.minimum)
		high := max(tc.low*6/5, tc.minimum)
		if got < tc.low || got > high {
			t.Errorf("retryDelay(%d, %v) = %v, want between %v and %v", tc.next, tc.minimum, got, tc.low, high)
		}
	}
}
