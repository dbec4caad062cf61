package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/rosterhq/roster/api/internal/dbtest"
)

// TestBenchChild runs one small measurement against an in-process directory,
// as `roster bench sync` runs it in a child process.
func TestBenchChild(t *testing.T) {
	const users = 250
	dir, err := benchDirectory([]int{users})
	if err != nil {
		t.Fatal(err)
	}
	origin, caFile, stop, err := serveBenchDirectory(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	admin := os.Getenv("ROSTER_TEST_POSTGRES_URL")
	if admin == "" {
		admin = dbtest.DefaultPostgresURL
	}
	dbURL, drop, err := createBenchDatabase(context.Background(), admin)
	if err != nil {
		t.Fatal(err)
	}
	defer drop()

	var out bytes.Buffer
	o := benchOptions{users: users, pageSize: 100, databaseURL: dbURL, graphURL: origin, caFile: caFile, child: true}
	if err := benchChild(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	var r benchResult
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("decode %q: %v", out.String(), err)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"pages", r.Pages == 3},
		{"full time", r.FullSeconds > 0 && r.FullApplySeconds > 0 && r.FullApplySeconds < r.FullSeconds},
		{"no-change delta", r.NoChangeSeconds > 0},
		{"one percent changed", r.OnePercent == 3 && r.OnePercentUpdate == 3},
		{"floor", r.FetchSeconds > 0 && r.DecodeSeconds > 0 && r.CopySeconds > 0},
		{"peak RSS", r.PeakRSSBytes > 0},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s wrong in %+v", c.name, r)
		}
	}

	var report bytes.Buffer
	printBenchReport(&report, []int{users}, map[int]benchResult{users: r})
	if !strings.Contains(report.String(), "250 ") || !strings.Contains(report.String(), "floor") {
		t.Errorf("report = %q", report.String())
	}
}
