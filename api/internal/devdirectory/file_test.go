package devdirectory_test

import (
	"strings"
	"testing"

	"github.com/rosterhq/roster/api/internal/devdirectory"
)

func TestParseRejectsInvalidFields(t *testing.T) {
	cases := []struct {
		name   string
		change func(f *devdirectory.File)
		want   []string // fragments of the error
	}{
		{"tenant-id", func(f *devdirectory.File) { f.Tenants[0].TenantID = "not-a-guid" }, []string{`"Tenant A"`, `tenantId: "not-a-guid" is not a GUID`}},
		{"tenant-duplicate", func(f *devdirectory.File) { f.Tenants[1].TenantID = tenantA }, []string{"tenant " + tenantA, "tenantId: duplicate"}},
		{"tenant-domain", func(f *devdirectory.File) { f.Tenants[1].DefaultDomain = "B Example" }, []string{`"Tenant B"`, "defaultDomain"}},
		{"tenant-name", func(f *devdirectory.File) { f.Tenants[0].DisplayName = "" }, []string{"tenant " + tenantA, "displayName: missing"}},
		{"user-id", func(f *devdirectory.File) { f.Tenants[0].Users[1].ID = "42" }, []string{"tenant " + tenantA, "user 2 (user2@a.example)", `id: "42" is not a GUID`}},
		{"user-id-duplicate", func(f *devdirectory.File) { f.Tenants[0].Users[1].ID = userID(1) }, []string{"user 2 (user2@a.example)", "id: duplicate"}},
		{"upn-missing", func(f *devdirectory.File) { f.Tenants[0].Users[0].UserPrincipalName = "" }, []string{"user 1 (id", "userPrincipalName: missing"}},
		{"upn-duplicate", func(f *devdirectory.File) { f.Tenants[0].Users[2].UserPrincipalName = "USER1@a.example" }, []string{"user 3 (USER1@a.example)", "userPrincipalName: duplicate"}},
		{"upn-form", func(f *devdirectory.File) { f.Tenants[0].Users[0].UserPrincipalName = "user1" }, []string{"userPrincipalName", "name@domain"}},
		{"guest-upn", func(f *devdirectory.File) { f.Tenants[0].Users[0].UserType = "Guest" }, []string{"user 1 (user1@a.example)", `must contain "#EXT#@"`}},
		{"member-ext-upn", func(f *devdirectory.File) { f.Tenants[0].Users[0].UserPrincipalName = "x_y.example#EXT#@a.example" }, []string{`userType is not "Guest"`}},
		{"user-type", func(f *devdirectory.File) { f.Tenants[0].Users[0].UserType = "Admin" }, []string{`userType: "Admin"`}},
		{"mail", func(f *devdirectory.File) { f.Tenants[1].Users[0].Mail = "nobody" }, []string{"tenant " + tenantB, "user 1 (user500@b.example)", `mail: "nobody" is not an email address`}},
		{"other-mails", func(f *devdirectory.File) { f.Tenants[0].Users[0].OtherMails = []string{"ok@x.example", "bad"} }, []string{"otherMails[1]"}},
		{"phones", func(f *devdirectory.File) { f.Tenants[0].Users[0].BusinessPhones = []string{" "} }, []string{"businessPhones[0]: empty"}},
		{"created", func(f *devdirectory.File) { f.Tenants[0].Users[0].CreatedDateTime = "yesterday" }, []string{"createdDateTime", "RFC 3339"}},
		{"display-name", func(f *devdirectory.File) { f.Tenants[0].Users[0].DisplayName = " " }, []string{"user 1 (user1@a.example)", "displayName: missing"}},
		{"app-id", func(f *devdirectory.File) { f.Tenants[0].Apps[0].AppID = "graph" }, []string{"apps[0].appId"}},
		{"no-tenants", func(f *devdirectory.File) { f.Tenants = nil }, []string{`"tenants" is empty`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := testFile(3)
			tc.change(&f)
			_, err := devdirectory.Parse(mustJSON(t, f))
			if err == nil {
				t.Fatal("Parse accepted an invalid file")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	f := testFile(3)
	f.Tenants[0].Users[0].Mail = "bad"
	f.Tenants[1].Users[0].ID = "bad"
	_, err := devdirectory.Parse(mustJSON(t, f))
	if err == nil {
		t.Fatal("Parse accepted an invalid file")
	}
	if got := strings.Count(err.Error(), "\n") + 1; got != 2 {
		t.Errorf("error lists %d problems, want 2: %v", got, err)
	}
}

func TestParseRejectsUnknownField(t *testing.T) {
	_, err := devdirectory.Parse([]byte(`{"tenants": [{"tenantId": "` + tenantA + `", "displayName": "A", "defaultDomain": "a.example", "users": [{"id": "` + userID(1) + `", "displayName": "U", "userPrincipalName": "u@a.example", "title": "x"}]}]}`))
	if err == nil || !strings.Contains(err.Error(), "title") {
		t.Fatalf("Parse error = %v, want one naming the unknown field title", err)
	}
}

func TestParseDefaults(t *testing.T) {
	d, err := devdirectory.Parse(mustJSON(t, testFile(1)))
	if err != nil {
		t.Fatal(err)
	}
	users, err := d.Users(tenantA)
	if err != nil {
		t.Fatal(err)
	}
	u := users[0]
	if u.AccountEnabled == nil || !*u.AccountEnabled {
		t.Errorf("accountEnabled = %v, want true by default", u.AccountEnabled)
	}
	if u.UserType != "Member" {
		t.Errorf("userType = %q, want Member by default", u.UserType)
	}
}
