package config_test

import (
	"flag"
	"io"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/config"
)

func parseServe(t *testing.T, env map[string]string, args ...string) (config.Config, error) {
	t.Helper()
	var cfg config.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := config.NewFlags(fs, &cfg, func(k string) string { return env[k] })
	f.RegisterDatabase()
	f.RegisterServer()
	err := f.Parse(args)
	return cfg, err
}

func TestSyncSettings(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string
		args  []string
		want  config.Sync
		valid bool
	}{
		{"defaults", nil, nil, config.Sync{Period: time.Hour, FullPeriod: 168 * time.Hour, Concurrency: 4, GuardPercent: 20, GuardMin: 10}, true},
		{"env", map[string]string{"ROSTER_SYNC_PERIOD": "0", "ROSTER_SYNC_GUARD_PERCENT": "35", "ROSTER_SYNC_GUARD_MIN": "3", "ROSTER_SYNC_CONCURRENCY": "8"},
			nil, config.Sync{Period: 0, FullPeriod: 168 * time.Hour, Concurrency: 8, GuardPercent: 35, GuardMin: 3}, true},
		{"flag-wins", map[string]string{"ROSTER_SYNC_PERIOD": "2h"}, []string{"--sync-period", "15m", "--sync-full-period", "24h"},
			config.Sync{Period: 15 * time.Minute, FullPeriod: 24 * time.Hour, Concurrency: 4, GuardPercent: 20, GuardMin: 10}, true},
		{"percent-too-high", map[string]string{"ROSTER_SYNC_GUARD_PERCENT": "120"}, nil,
			config.Sync{Period: time.Hour, FullPeriod: 168 * time.Hour, Concurrency: 4, GuardPercent: 120, GuardMin: 10}, false},
		{"negative-period", nil, []string{"--sync-period", "-1h"},
			config.Sync{Period: -time.Hour, FullPeriod: 168 * time.Hour, Concurrency: 4, GuardPercent: 20, GuardMin: 10}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseServe(t, tc.env, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Sync != tc.want {
				t.Errorf("sync settings = %+v, want %+v", cfg.Sync, tc.want)
			}
			if err := cfg.Sync.Validate(); (err == nil) != tc.valid {
				t.Errorf("Validate() = %v, want valid %v", err, tc.valid)
			}
		})
	}
	if err := (config.Sync{}).Validate(); err != nil {
		t.Errorf("zero settings: %v, want valid", err)
	}
}
