package settings_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/settings"
)

func TestDefaults(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		snap, err := settings.NewStore(db.Gorm).Snapshot(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !snap.Bool(settings.AccessRequestsEnabled) {
			t.Error("access requests are off by default")
		}
		if got := snap.String(settings.AccessRequestsContact); got != "" {
			t.Errorf("contact = %q, want empty", got)
		}
		if got := snap.Duration(settings.AccessRequestsDefaultGrantExpiry); got != 30*24*time.Hour {
			t.Errorf("default grant expiry = %s, want 720h", got)
		}
		if got := snap.Duration(settings.AccessRequestsPendingMaxAge); got != 14*24*time.Hour {
			t.Errorf("pending max age = %s, want 336h", got)
		}
	})
}

func TestUpdate(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := audit.WithContext(context.Background(), audit.Context{Actor: audit.Actor{ID: "oid-1", Name: "Megan"}})
		store := settings.NewStore(db.Gorm)
		_, rev, err := store.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		err = store.Update(ctx, rev, map[settings.Key]json.RawMessage{
			settings.AccessRequestsEnabled:            json.RawMessage(`false`),
			settings.AccessRequestsContact:            json.RawMessage(`"  the service desk  "`),
			settings.AccessRequestsDefaultGrantExpiry: json.RawMessage(`"never"`),
		}, "quiet period")
		if err != nil {
			t.Fatal(err)
		}

		snap, err := store.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if snap.Bool(settings.AccessRequestsEnabled) {
			t.Error("enabled still true")
		}
		if got := snap.String(settings.AccessRequestsContact); got != "the service desk" {
			t.Errorf("contact = %q, want trimmed", got)
		}
		if got := snap.Duration(settings.AccessRequestsDefaultGrantExpiry); got != 0 {
			t.Errorf("never = %s, want 0", got)
		}

		list, rev2, err := store.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rev2 != rev+1 {
			t.Errorf("revision = %d, want %d", rev2, rev+1)
		}
		changedKeys := map[settings.Key]bool{settings.AccessRequestsEnabled: true, settings.AccessRequestsContact: true,
			settings.AccessRequestsDefaultGrantExpiry: true}
		for _, s := range list {
			changed := changedKeys[s.Key]
			if s.Changed != changed || (changed && (s.UpdatedByName != "Megan" || s.UpdatedAt == nil)) {
				t.Errorf("%s: changed=%v by %q at %v", s.Key, s.Changed, s.UpdatedByName, s.UpdatedAt)
			}
		}
		var events int64
		db.Gorm.Table("audit_events").Where("action = ? AND reason = ?", "settings.changed", "quiet period").Count(&events)
		if events != 1 {
			t.Errorf("audit events = %d, want 1", events)
		}

		err = store.Update(ctx, rev, map[settings.Key]json.RawMessage{settings.AccessRequestsEnabled: json.RawMessage(`true`)}, "")
		if !errors.Is(err, settings.ErrStale) {
			t.Errorf("update with an old revision = %v, want ErrStale", err)
		}
	})
}

func TestUpdateRejects(t *testing.T) {
	cases := []struct {
		name  string
		key   settings.Key
		value string
	}{
		{"unknown-key", "accessRequests.colour", `"red"`},
		{"bool-as-string", settings.AccessRequestsEnabled, `"yes"`},
		{"contact-too-long", settings.AccessRequestsContact, `"` + longString(501) + `"`},
		{"expiry-not-preset", settings.AccessRequestsDefaultGrantExpiry, `"7d"`},
		{"age-too-short", settings.AccessRequestsPendingMaxAge, `"10m"`},
		{"age-never", settings.AccessRequestsPendingMaxAge, `"never"`},
		{"age-garbage", settings.AccessRequestsPendingMaxAge, `"soon"`},
		{"not-json", settings.AccessRequestsEnabled, `tru`},
	}
	db := dbtest.Open(t, database.SQLite)
	store := settings.NewStore(db.Gorm)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, rev, err := store.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			err = store.Update(context.Background(), rev, map[settings.Key]json.RawMessage{c.key: json.RawMessage(c.value)}, "")
			var verr *settings.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("err = %v, want a validation error", err)
			}
			if verr.Fields[string(c.key)] == "" {
				t.Errorf("error does not name %s: %v", c.key, verr)
			}
		})
	}
}

func longString(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'x'
	}
	return string(b)
}

func TestParseDuration(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"14d", 14 * 24 * time.Hour, true},
		{"36h", 36 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"0d", 0, false},
		{"-1h", 0, false},
		{"d", 0, false},
		{"", 0, false},
	}
	for _, c := range cases {
		got, err := settings.ParseDuration(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseDuration(%q) = %s, %v", c.in, got, err)
		}
	}
	if got := settings.FormatDuration(72 * time.Hour); got != "3d" {
		t.Errorf("FormatDuration(72h) = %q", got)
	}
}
