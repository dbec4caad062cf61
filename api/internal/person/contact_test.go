package person

import "testing"

func TestContactEmail(t *testing.T) {
	cases := []struct {
		name   string
		person Person
		want   string
	}{
		{"mail", Person{Mail: "a@x.example", OtherMails: StringList{"b@y.example"}, UserPrincipalName: "a@x.onmicrosoft.example"}, "a@x.example"},
		{"other-mail", Person{OtherMails: StringList{"", "b@y.example"}, UserPrincipalName: "a@x.onmicrosoft.example"}, "b@y.example"},
		{"upn", Person{UserPrincipalName: "a@x.onmicrosoft.example"}, "a@x.onmicrosoft.example"},
	}
	for _, tc := range cases {
		if got := tc.person.ContactEmail(); got != tc.want {
			t.Errorf("%s: ContactEmail() = %q, want %q", tc.name, got, tc.want)
		}
	}
}
