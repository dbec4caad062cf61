package iam_test

import (
	"context"
	"testing"
	"time"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/auth"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/dbtest"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/tenant"
)

const (
	homeTID = "7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01"
	oid     = "11111111-2222-3333-4444-555555555555"
	upn     = "ada@northwind.example"
)

func setup(t *testing.T, db *database.DB, admins ...string) (*iam.Resolver, *iam.Service) {
	t.Helper()
	ctx := context.Background()
	tenants := tenant.NewStore(db.Gorm)
	if _, err := tenants.EnsureHome(ctx, "Northwind", homeTID); err != nil {
		t.Fatal(err)
	}
	svc := iam.NewService(db.Gorm)
	if err := svc.Roles.EnsureBuiltins(ctx); err != nil {
		t.Fatal(err)
	}
	return iam.NewResolver(db.Gorm, tenants, admins, dbtest.Logger()), svc
}

func principal() *access.Principal {
	return &access.Principal{Home: true, Claims: &auth.Claims{TenantID: homeTID, ObjectID: oid, Name: "Ada", PreferredUsername: upn, IDType: "user"}}
}

func count(t *testing.T, db *database.DB, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Gorm.Table(table).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBootstrapOnce(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		r, _ := setup(t, db, upn)
		c, err := r.Resolve(ctx, principal())
		if err != nil {
			t.Fatal(err)
		}
		if !c.IsUser() || !c.Effective.Everywhere(access.RolesManage) {
			t.Fatalf("bootstrap administrator cannot manage roles: %+v", c)
		}
		if n := count(t, db, "audit_events", "action = ?", "user.bootstrap.granted"); n != 1 {
			t.Errorf("bootstrap events = %d, want 1", n)
		}
		if _, err := r.Resolve(ctx, principal()); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "users", "1 = 1"); n != 1 {
			t.Errorf("users after second sign-in = %d, want 1", n)
		}

		// A removed bootstrap administrator is not recreated.
		db.Gorm.Exec("DELETE FROM role_assignments")
		db.Gorm.Exec("DELETE FROM users")
		c, err = r.Resolve(ctx, principal())
		if err != nil {
			t.Fatal(err)
		}
		if c.IsUser() {
			t.Error("removed bootstrap administrator came back")
		}
	})
}

func TestBootstrapAtStartForSyncedPerson(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		r, _ := setup(t, db, oid)
		home, _ := tenant.NewStore(db.Gorm).Home(ctx)
		if _, err := person.EnsureFromIdentity(ctx, db.Gorm, home.ID, homeTID, oid, "Ada", upn); err != nil {
			t.Fatal(err)
		}
		if err := r.EnsureBootstrap(ctx); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "users", "1 = 1"); n != 1 {
			t.Errorf("users after start = %d, want 1", n)
		}
	})
}

func TestRefusals(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		r, svc := setup(t, db, upn)
		if _, err := r.Resolve(ctx, principal()); err != nil {
			t.Fatal(err)
		}

		db.Gorm.Exec("UPDATE users SET expires_at = ?", time.Now().UTC().Add(-time.Minute))
		c, _ := r.Resolve(ctx, principal())
		if c.Refusal == nil || c.IsUser() {
			t.Error("expired user was not refused")
		}
		n, err := svc.SweepExpired(ctx)
		if err != nil || n != 1 {
			t.Errorf("sweep recorded %d (%v), want 1", n, err)
		}
		if n, _ := svc.SweepExpired(ctx); n != 0 {
			t.Errorf("second sweep recorded %d, want 0", n)
		}

		db.Gorm.Exec("UPDATE users SET expires_at = NULL")
		db.Gorm.Exec("UPDATE people SET status = 'removed'")
		c, _ = r.Resolve(ctx, principal())
		if c.Refusal == nil || c.User.Status != iam.StatusSuspended {
			t.Errorf("user of a removed person = %+v", c.User)
		}
		if n := count(t, db, "audit_events", "action = ?", "user.suspended"); n != 1 {
			t.Errorf("suspension events = %d, want 1", n)
		}
		// The person returns upstream; the user stays suspended.
		db.Gorm.Exec("UPDATE people SET status = 'enabled'")
		c, _ = r.Resolve(ctx, principal())
		if c.Refusal == nil {
			t.Error("suspended user came back without a decision")
		}
	})
}
