package devdirectory

import "strings"

// userProperties maps each supported Graph user property to its value.
// Empty strings and slices become null, as Graph returns unset properties.
var userProperties = map[string]func(User) any{
	"id":                    func(u User) any { return u.ID },
	"displayName":           func(u User) any { return nullable(u.DisplayName) },
	"givenName":             func(u User) any { return nullable(u.GivenName) },
	"surname":               func(u User) any { return nullable(u.Surname) },
	"userPrincipalName":     func(u User) any { return nullable(u.UserPrincipalName) },
	"mail":                  func(u User) any { return nullable(u.Mail) },
	"otherMails":            func(u User) any { return list(u.OtherMails) },
	"jobTitle":              func(u User) any { return nullable(u.JobTitle) },
	"department":            func(u User) any { return nullable(u.Department) },
	"officeLocation":        func(u User) any { return nullable(u.OfficeLocation) },
	"mobilePhone":           func(u User) any { return nullable(u.MobilePhone) },
	"businessPhones":        func(u User) any { return list(u.BusinessPhones) },
	"accountEnabled":        func(u User) any { return u.Enabled() },
	"userType":              func(u User) any { return nullable(u.UserType) },
	"onPremisesSyncEnabled": func(u User) any { return u.OnPremisesSyncEnabled },
	"createdDateTime":       func(u User) any { return nullable(u.CreatedDateTime) },
}

// defaultProperties are the properties Graph v1.0 returns for a user when the
// request has no $select.
var defaultProperties = []string{
	"businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone",
	"officeLocation", "surname", "userPrincipalName", "id",
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func list(s []string) []string {
	if s == nil {
		return []string{} // Graph returns [] rather than null for collections
	}
	return s
}

// parseSelect returns the properties named by a $select value, with their
// spelling fixed to Graph's (Graph matches them case-insensitively). An empty
// value selects the default properties. On an unknown name it returns that
// name as unknown.
func parseSelect(value string) (selected []string, unknown string) {
	if strings.TrimSpace(value) == "" {
		return defaultProperties, ""
	}
	seen := map[string]bool{}
	for _, raw := range strings.Split(value, ",") {
		name, ok := propertyName(strings.TrimSpace(raw))
		if !ok {
			return nil, strings.TrimSpace(raw)
		}
		if !seen[name] {
			seen[name] = true
			selected = append(selected, name)
		}
	}
	if !seen["id"] {
		selected = append(selected, "id") // Graph always returns the id
	}
	return selected, ""
}

func propertyName(raw string) (string, bool) {
	for name := range userProperties {
		if strings.EqualFold(name, raw) {
			return name, true
		}
	}
	return "", false
}

// renderUser returns the JSON object for u with the selected properties.
func renderUser(u User, selected []string) map[string]any {
	obj := make(map[string]any, len(selected))
	for _, name := range selected {
		obj[name] = userProperties[name](u)
	}
	return obj
}

// renderRemoved returns the delta entry of a deleted user. Graph reports a
// soft-deleted user with the reason "changed".
func renderRemoved(u User) map[string]any {
	return map[string]any{
		"id":       u.ID,
		"@removed": map[string]string{"reason": "changed"},
	}
}
