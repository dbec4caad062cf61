package dirsync_test

import (
	"context"
	"testing"

	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/directory"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/person"
)

func guest(oid, name string) directory.User {
	u := user(oid, name)
	u.UserType = str("Guest")
	u.UserPrincipalName = str(name + "_contoso.example#EXT#@fabrikam.example")
	u.Mail = nil
	u.OtherMails = []string{name + "@contoso.example"}
	return u
}

const oidGuest, oidGuest2 = "00000000-0000-0000-0000-0000000000e1", "00000000-0000-0000-0000-0000000000e2"

func TestGuestsKeptAndMarked(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		r := &scriptedReader{scripts: []script{
			{pages: [][]directory.User{{user(oidAda, "ada"), guest(oidGuest, "gail")}}, result: directory.DeltaResult{DeltaLink: "l1", Full: true}},
		}}
		svc, tn := setup(t, db, r)
		if run := runOnce(t, svc, tn); run.CreatedCount != 2 {
			t.Fatalf("created = %d, want 2 with the guest", run.CreatedCount)
		}
		g := peopleByOID(t, db)[oidGuest]
		if !g.Guest() || g.Status != person.StatusEnabled {
			t.Errorf("guest = %+v, want kept and marked as guest", g)
		}
		if got := g.ContactEmail(); got != "gail@contoso.example" {
			t.Errorf("guest contact email = %q, want the first other mail", got)
		}
	})
}

func TestSkipGuests(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		changed := guest(oidGuest, "gail")
		changed.DisplayName = str("Gail Renamed")
		r := &scriptedReader{scripts: []script{
			{pages: [][]directory.User{{user(oidAda, "ada"), guest(oidGuest, "gail")}}, result: directory.DeltaResult{DeltaLink: "l1", Full: true}},
			// A full enumeration after the switch: one known guest, changed,
			// and a new one.
			{pages: [][]directory.User{{user(oidAda, "ada"), changed, guest(oidGuest2, "gus")}}, result: directory.DeltaResult{DeltaLink: "l2", Full: true}},
		}}
		svc, tn := setup(t, db, r)
		runOnce(t, svc, tn)

		if err := svc.SetSyncGuests(ctx, tn.ID, false); err != nil {
			t.Fatal(err)
		}
		if on, err := svc.SyncsGuests(ctx, tn.ID); err != nil || on {
			t.Fatalf("SyncsGuests = %v, %v; want false", on, err)
		}
		run := runOnce(t, svc, tn)
		if run.Status != dirsync.StatusSucceeded || run.CreatedCount != 0 || run.UpdatedCount != 0 || run.RemovedCount != 0 {
			t.Errorf("run = %s created %d updated %d removed %d; want nothing written", run.Status, run.CreatedCount, run.UpdatedCount, run.RemovedCount)
		}
		people := peopleByOID(t, db)
		if _, ok := people[oidGuest2]; ok {
			t.Error("new guest created although guests are skipped")
		}
		if g := people[oidGuest]; g.Status != person.StatusEnabled || g.DisplayName != "gail" {
			t.Errorf("known guest = %s %q, want kept as it was", g.Status, g.DisplayName)
		}
	})
}

func TestSetSyncGuestsUnknownTenant(t *testing.T) {
	db := dbtest.Open(t, database.SQLite)
	svc, _ := setup(t, db, &scriptedReader{})
	if err := svc.SetSyncGuests(context.Background(), "00000000-0000-4000-8000-000000000099", false); err == nil {
		t.Error("SetSyncGuests on an unknown tenant succeeded")
	}
}
