package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
)

func TestAuditVerifyCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := run(ctx, []string{"migrate", "--data-dir", dir}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(ctx, config.Database{DataDir: dir}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, action := range []string{"a.one", "a.two", "a.three"} {
		if err := audit.RecordNow(ctx, db.Gorm, audit.Entry{Action: action, TargetType: "test", TargetID: "x"}); err != nil {
			t.Fatal(err)
		}
	}

	var out bytes.Buffer
	if err := run(ctx, []string{"audit", "verify", "--data-dir", dir}, &out, io.Discard); err != nil || !strings.Contains(out.String(), "OK: 3 events verified") {
		t.Fatalf("verify of a clean trail = %v: %s", err, out.String())
	}

	// Someone with write access to the file removes the trigger and edits.
	db.Gorm.Exec("DROP TRIGGER audit_events_no_update")
	if err := db.Gorm.Exec("UPDATE audit_events SET target_id = 'y' WHERE seq = 2").Error; err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err = run(ctx, []string{"audit", "verify", "--data-dir", dir}, &out, io.Discard)
	if !errors.Is(err, errChainBroken) || !strings.Contains(out.String(), "BROKEN at event 2") {
		t.Errorf("verify after tampering = %v: %s", err, out.String())
	}
}
