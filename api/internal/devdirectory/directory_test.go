package devdirectory_test

import (
	"errors"
	"os"
	"testing"

	"github.com/rosterhq/roster/api/internal/devdirectory"
)

func TestUpsertDeleteDisable(t *testing.T) {
	d, err := devdirectory.Parse(mustJSON(t, testFile(3)))
	if err != nil {
		t.Fatal(err)
	}

	if err := d.UpsertUser(tenantA, testUser(4, "a.example")); err != nil {
		t.Fatalf("UpsertUser new: %v", err)
	}
	if err := d.SetAccountEnabled(tenantA, userID(1), false); err != nil {
		t.Fatalf("SetAccountEnabled: %v", err)
	}
	if err := d.DeleteUser(tenantA, userID(2)); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}

	users, _ := d.Users(tenantA)
	if len(users) != 3 {
		t.Fatalf("Users = %d, want 3 after one add and one delete", len(users))
	}
	if users[0].ID != userID(1) || *users[0].AccountEnabled {
		t.Errorf("user 1 = %+v, want disabled", users[0])
	}
	if got := d.Tenants()[0].Users; got != 3 {
		t.Errorf("Tenants()[0].Users = %d, want 3", got)
	}

	// A deleted user comes back with the same id.
	if err := d.UpsertUser(tenantA, testUser(2, "a.example")); err != nil {
		t.Fatalf("UpsertUser restore: %v", err)
	}
	if users, _ = d.Users(tenantA); len(users) != 4 {
		t.Errorf("Users = %d after restore, want 4", len(users))
	}
}

func TestMutationErrors(t *testing.T) {
	d, err := devdirectory.Parse(mustJSON(t, testFile(2)))
	if err != nil {
		t.Fatal(err)
	}
	taken := testUser(9, "a.example")
	taken.UserPrincipalName = "user1@a.example"
	invalid := testUser(9, "a.example")
	invalid.Mail = "nope"

	cases := []struct {
		name string
		err  error
		want error
	}{
		{"upsert-unknown-tenant", d.UpsertUser("99999999-9999-4999-8999-999999999999", testUser(9, "x.example")), devdirectory.ErrTenantNotFound},
		{"upsert-upn-taken", d.UpsertUser(tenantA, taken), devdirectory.ErrInvalidUser},
		{"upsert-invalid", d.UpsertUser(tenantA, invalid), devdirectory.ErrInvalidUser},
		{"delete-unknown-user", d.DeleteUser(tenantA, userID(77)), devdirectory.ErrUserNotFound},
		{"disable-other-tenant", d.SetAccountEnabled(tenantB, userID(1), false), devdirectory.ErrUserNotFound},
		{"users-unknown-tenant", func() error { _, err := d.Users("nope"); return err }(), devdirectory.ErrTenantNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !errors.Is(tc.err, tc.want) {
				t.Errorf("error = %v, want %v", tc.err, tc.want)
			}
		})
	}

	if err := d.DeleteUser(tenantA, userID(1)); err != nil {
		t.Fatal(err)
	}
	if err := d.DeleteUser(tenantA, userID(1)); !errors.Is(err, devdirectory.ErrUserNotFound) {
		t.Errorf("second DeleteUser = %v, want ErrUserNotFound", err)
	}
}

func TestPeopleSkipsDisabledAndDeleted(t *testing.T) {
	d, err := devdirectory.Parse(mustJSON(t, testFile(3)))
	if err != nil {
		t.Fatal(err)
	}
	_ = d.SetAccountEnabled(tenantA, userID(1), false)
	_ = d.DeleteUser(tenantA, userID(2))

	people := d.People()
	want := []devdirectory.Person{
		{TenantID: tenantA, ObjectID: userID(3), Name: "User 3", UserPrincipalName: "user3@a.example"},
		{TenantID: tenantB, ObjectID: userID(500), Name: "User 500", UserPrincipalName: "user500@b.example"},
	}
	if len(people) != len(want) {
		t.Fatalf("People = %+v, want %+v", people, want)
	}
	for i := range want {
		if people[i] != want[i] {
			t.Errorf("People[%d] = %+v, want %+v", i, people[i], want[i])
		}
	}
}

func TestReloadAppliesDifference(t *testing.T) {
	f := testFile(4)
	path := writeFile(t, f)
	d, err := devdirectory.Load(path)
	if err != nil {
		t.Fatal(err)
	}

	f.Tenants[0].Users[0].JobTitle = "Lead Tester"                                 // update user 1
	f.Tenants[0].Users = append(f.Tenants[0].Users[:1], f.Tenants[0].Users[2:]...) // delete user 2
	f.Tenants[0].Users = append(f.Tenants[0].Users, testUser(5, "a.example"))      // add user 5
	f.Tenants = f.Tenants[:1]                                                      // drop tenant B
	if err := os.WriteFile(path, mustJSON(t, f), 0o600); err != nil {
		t.Fatal(err)
	}

	sum, err := d.Reload(path)
	if err != nil {
		t.Fatal(err)
	}
	want := devdirectory.ReloadSummary{TenantsRemoved: 1, UsersAdded: 1, UsersUpdated: 1, UsersDeleted: 1}
	if sum != want {
		t.Errorf("Reload summary = %+v, want %+v", sum, want)
	}
	if _, err := d.Tenant(tenantB); !errors.Is(err, devdirectory.ErrTenantNotFound) {
		t.Errorf("Tenant(B) after reload = %v, want ErrTenantNotFound", err)
	}

	again, err := d.Reload(path)
	if err != nil {
		t.Fatal(err)
	}
	if again != (devdirectory.ReloadSummary{}) {
		t.Errorf("second Reload of the same file = %+v, want no change", again)
	}
}

func TestReloadKeepsStateOnInvalidFile(t *testing.T) {
	path := writeFile(t, testFile(2))
	d, err := devdirectory.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(`{"tenants": [`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Reload(path); err == nil {
		t.Fatal("Reload accepted a truncated file")
	}
	if users, _ := d.Users(tenantA); len(users) != 2 {
		t.Errorf("Users = %d after a failed reload, want 2", len(users))
	}
}

func TestTenantByDomain(t *testing.T) {
	d, err := devdirectory.Parse(mustJSON(t, testFile(1)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.Tenant("B.example")
	if err != nil || got.TenantID != tenantB {
		t.Errorf("Tenant(B.example) = %+v, %v; want tenant B", got, err)
	}
}

func TestDemoDirectory(t *testing.T) {
	d := devdirectory.NewDemo()
	want := []struct {
		id, domain string
		users      int
	}{
		{devdirectory.HomeTenantID, devdirectory.HomeTenantDomain, 25},
		{devdirectory.FabrikamTenantID, devdirectory.FabrikamDomain, 120},
		{devdirectory.TailspinTenantID, devdirectory.TailspinDomain, 40},
		{devdirectory.WoodgroveTenantID, devdirectory.WoodgroveDomain, 190},
	}
	tenants := d.Tenants()
	if len(tenants) != len(want) {
		t.Fatalf("demo has %d tenants, want %d", len(tenants), len(want))
	}
	for i, w := range want {
		if tenants[i].TenantID != w.id || tenants[i].DefaultDomain != w.domain || tenants[i].Users != w.users {
			t.Errorf("tenant %d = %+v, want id %s, domain %s, %d users", i, tenants[i], w.id, w.domain, w.users)
		}
		roles, ok, err := d.AppRoles(w.id, devdirectory.GraphClientID)
		if err != nil || !ok || len(roles) == 0 {
			t.Errorf("tenant %s: Graph app roles = %v, %v, %v; want User.Read.All", w.id, roles, ok, err)
		}
	}

	var admin, guests, disabled, noMail, synced int
	for _, w := range want {
		users, _ := d.Users(w.id)
		for _, u := range users {
			switch {
			case u.UserPrincipalName == devdirectory.AdminUPN && w.id == devdirectory.HomeTenantID && u.Enabled():
				admin++
			case u.UserType == "Guest":
				guests++
			case !u.Enabled():
				disabled++
			}
			if u.Mail == "" {
				noMail++
			}
			if u.OnPremisesSyncEnabled != nil && *u.OnPremisesSyncEnabled {
				synced++
			}
		}
	}
	if admin != 1 {
		t.Errorf("enabled %s in the home tenant: %d, want 1", devdirectory.AdminUPN, admin)
	}
	for name, n := range map[string]int{"guests": guests, "disabled": disabled, "without mail": noMail, "synced": synced} {
		if n == 0 {
			t.Errorf("demo has no %s users", name)
		}
	}
}
