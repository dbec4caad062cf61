package devdirectory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
)

// File is the JSON document that describes a directory: its tenants and
// their users, with Microsoft Graph's property names.
type File struct {
	Tenants []Tenant `json:"tenants"`
}

// Tenant is one Entra tenant of a directory file.
type Tenant struct {
	TenantID      string `json:"tenantId"`
	DisplayName   string `json:"displayName"`
	DefaultDomain string `json:"defaultDomain"`
	// Apps lists the applications present in the tenant (admin consent was
	// given) with the application permissions they were granted. An app that
	// is not listed gets AADSTS700016 from the token endpoint; an app listed
	// without User.Read.All gets a token that Graph rejects with 403.
	Apps  []AppGrant `json:"apps,omitempty"`
	Users []User     `json:"users"`
	// Customers lists the customer tenants this tenant manages as an MSP,
	// served by GET /v1.0/tenantRelationships/delegatedAdminCustomers and
	// GET /v1.0/contracts to tokens of this tenant.
	Customers []Customer `json:"customers,omitempty"`
}

// Relationships of a Customer.
const (
	RelationshipGDAP     = "gdap"     // listed by delegatedAdminCustomers only
	RelationshipContract = "contract" // listed by contracts only
	RelationshipBoth     = ""         // listed by both
)

// Customer is a customer tenant of an MSP's tenant.
type Customer struct {
	TenantID      string `json:"tenantId"`
	DisplayName   string `json:"displayName"`
	DefaultDomain string `json:"defaultDomain,omitempty"`
	// Relationship selects the lists that show the customer:
	// RelationshipGDAP, RelationshipContract or, when empty, both.
	Relationship string `json:"relationship,omitempty"`
}

// AppGrant is an application's presence in a tenant and its granted
// application permissions (app roles), such as "User.Read.All".
type AppGrant struct {
	AppID string   `json:"appId"`
	Roles []string `json:"roles"`
}

// User is a user object with Microsoft Graph's property names. Empty strings
// and nil slices are served as null, as Graph does for unset properties.
type User struct {
	ID                string   `json:"id"`
	DisplayName       string   `json:"displayName"`
	GivenName         string   `json:"givenName,omitempty"`
	Surname           string   `json:"surname,omitempty"`
	UserPrincipalName string   `json:"userPrincipalName"`
	Mail              string   `json:"mail,omitempty"`
	OtherMails        []string `json:"otherMails,omitempty"`
	JobTitle          string   `json:"jobTitle,omitempty"`
	Department        string   `json:"department,omitempty"`
	OfficeLocation    string   `json:"officeLocation,omitempty"`
	MobilePhone       string   `json:"mobilePhone,omitempty"`
	BusinessPhones    []string `json:"businessPhones,omitempty"`
	// AccountEnabled defaults to true when the file omits it.
	AccountEnabled *bool `json:"accountEnabled,omitempty"`
	// UserType is "Member" (the default) or "Guest".
	UserType string `json:"userType,omitempty"`
	// OnPremisesSyncEnabled is nil for cloud-only users, as on Graph.
	OnPremisesSyncEnabled *bool `json:"onPremisesSyncEnabled,omitempty"`
	// CreatedDateTime is an RFC 3339 timestamp, served as written.
	CreatedDateTime string `json:"createdDateTime,omitempty"`
}

// Enabled reports whether the account is enabled.
func (u User) Enabled() bool {
	return u.AccountEnabled == nil || *u.AccountEnabled
}

// normalized returns u with defaults filled in and empty slices set to nil,
// so that two users with the same content compare equal.
func (u User) normalized() User {
	enabled := u.Enabled()
	u.ID = strings.ToLower(u.ID)
	u.AccountEnabled = &enabled
	if u.UserType == "" {
		u.UserType = "Member"
	}
	if len(u.OtherMails) == 0 {
		u.OtherMails = nil
	}
	if len(u.BusinessPhones) == 0 {
		u.BusinessPhones = nil
	}
	u.OtherMails = slices.Clone(u.OtherMails)
	u.BusinessPhones = slices.Clone(u.BusinessPhones)
	return u
}

// Load reads and validates the directory file at path.
func Load(path string) (*Directory, error) {
	f, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return newDirectory(f), nil
}

// Parse validates a directory file's content and returns the directory it
// describes. The error lists every invalid field, naming its tenant and user.
func Parse(data []byte) (*Directory, error) {
	f, err := parseFile(data)
	if err != nil {
		return nil, err
	}
	return newDirectory(f), nil
}

func readFile(path string) (File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return File{}, fmt.Errorf("read directory file: %w", err)
	}
	f, err := parseFile(data)
	if err != nil {
		return File{}, fmt.Errorf("directory file %s: %w", path, err)
	}
	return f, nil
}

func parseFile(data []byte) (File, error) {
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("invalid directory JSON: %w", err)
	}
	if err := validateFile(f); err != nil {
		return File{}, err
	}
	for ti := range f.Tenants {
		t := &f.Tenants[ti]
		t.TenantID = strings.ToLower(t.TenantID)
		for ui := range t.Users {
			t.Users[ui] = t.Users[ui].normalized()
		}
	}
	return f, nil
}

var (
	guidPattern   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`)
)

func validateFile(f File) error {
	if len(f.Tenants) == 0 {
		return errors.New(`invalid directory: "tenants" is empty`)
	}
	var errs []error
	seen := map[string]bool{}
	for i, t := range f.Tenants {
		where := fmt.Sprintf("tenant %d (%q)", i+1, t.DisplayName)
		if t.TenantID != "" {
			where = fmt.Sprintf("tenant %s (%q)", t.TenantID, t.DisplayName)
		}
		id := strings.ToLower(t.TenantID)
		if seen[id] && id != "" {
			errs = append(errs, fmt.Errorf("%s: tenantId: duplicate", where))
		}
		seen[id] = true
		errs = append(errs, validateTenant(where, t)...)
	}
	return errors.Join(errs...)
}

func validateTenant(where string, t Tenant) []error {
	var errs []error
	add := func(field, problem string) {
		errs = append(errs, fmt.Errorf("%s: %s: %s", where, field, problem))
	}
	if !guidPattern.MatchString(t.TenantID) {
		add("tenantId", fmt.Sprintf("%q is not a GUID", t.TenantID))
	}
	if strings.TrimSpace(t.DisplayName) == "" {
		add("displayName", "missing")
	}
	if !domainPattern.MatchString(t.DefaultDomain) {
		add("defaultDomain", fmt.Sprintf("%q is not a lower-case domain name", t.DefaultDomain))
	}
	for i, a := range t.Apps {
		if !guidPattern.MatchString(a.AppID) {
			add(fmt.Sprintf("apps[%d].appId", i), fmt.Sprintf("%q is not a GUID", a.AppID))
		}
	}
	for i, c := range t.Customers {
		for _, problem := range validateCustomer(c) {
			add(fmt.Sprintf("customers[%d]", i), problem)
		}
	}

	ids := map[string]bool{}
	upns := map[string]bool{}
	for i, u := range t.Users {
		errs = append(errs, validateUserIn(where, i, u)...)
		id, upn := strings.ToLower(u.ID), strings.ToLower(u.UserPrincipalName)
		if id != "" && ids[id] {
			errs = append(errs, fmt.Errorf("%s: %s: id: duplicate", where, userLabel(i, u)))
		}
		if upn != "" && upns[upn] {
			errs = append(errs, fmt.Errorf("%s: %s: userPrincipalName: duplicate", where, userLabel(i, u)))
		}
		ids[id], upns[upn] = true, true
	}
	return errs
}

func userLabel(index int, u User) string {
	if u.UserPrincipalName != "" {
		return fmt.Sprintf("user %d (%s)", index+1, u.UserPrincipalName)
	}
	return fmt.Sprintf("user %d (id %q)", index+1, u.ID)
}

func validateUserIn(where string, index int, u User) []error {
	var errs []error
	for _, problem := range validateUser(u) {
		errs = append(errs, fmt.Errorf("%s: %s: %s", where, userLabel(index, u), problem))
	}
	return errs
}

// validateUser returns one "field: problem" message per invalid field.
func validateUser(u User) []string {
	var problems []string
	add := func(field, problem string) {
		problems = append(problems, field+": "+problem)
	}
	if !guidPattern.MatchString(u.ID) {
		add("id", fmt.Sprintf("%q is not a GUID", u.ID))
	}
	if strings.TrimSpace(u.DisplayName) == "" {
		add("displayName", "missing")
	}
	if err := checkUPN(u); err != "" {
		add("userPrincipalName", err)
	}
	if u.Mail != "" && !isEmail(u.Mail) {
		add("mail", fmt.Sprintf("%q is not an email address", u.Mail))
	}
	for i, m := range u.OtherMails {
		if !isEmail(m) {
			add(fmt.Sprintf("otherMails[%d]", i), fmt.Sprintf("%q is not an email address", m))
		}
	}
	for i, p := range u.BusinessPhones {
		if strings.TrimSpace(p) == "" {
			add(fmt.Sprintf("businessPhones[%d]", i), "empty")
		}
	}
	if u.UserType != "" && u.UserType != "Member" && u.UserType != "Guest" {
		add("userType", fmt.Sprintf("%q is neither \"Member\" nor \"Guest\"", u.UserType))
	}
	if u.CreatedDateTime != "" {
		if _, err := time.Parse(time.RFC3339, u.CreatedDateTime); err != nil {
			add("createdDateTime", fmt.Sprintf("%q is not an RFC 3339 timestamp", u.CreatedDateTime))
		}
	}
	return problems
}

func checkUPN(u User) string {
	upn := u.UserPrincipalName
	if upn == "" {
		return "missing"
	}
	if !isEmail(upn) {
		return fmt.Sprintf("%q is not of the form name@domain", upn)
	}
	guestUPN := strings.Contains(upn, "#EXT#@")
	if u.UserType == "Guest" && !guestUPN {
		return fmt.Sprintf("%q belongs to a guest and must contain \"#EXT#@\"", upn)
	}
	if u.UserType != "Guest" && guestUPN {
		return fmt.Sprintf("%q contains \"#EXT#@\" but userType is not \"Guest\"", upn)
	}
	return ""
}

func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.ContainsAny(s, " \t\r\n") &&
		!strings.Contains(domain, "@") && strings.Contains(domain, ".")
}

// validateCustomer returns one "field: problem" message per invalid field.
func validateCustomer(c Customer) []string {
	var problems []string
	if !guidPattern.MatchString(c.TenantID) {
		problems = append(problems, fmt.Sprintf("tenantId: %q is not a GUID", c.TenantID))
	}
	if strings.TrimSpace(c.DisplayName) == "" {
		problems = append(problems, "displayName: missing")
	}
	if c.DefaultDomain != "" && !domainPattern.MatchString(c.DefaultDomain) {
		problems = append(problems, fmt.Sprintf("defaultDomain: %q is not a lower-case domain name", c.DefaultDomain))
	}
	switch c.Relationship {
	case RelationshipGDAP, RelationshipContract, RelationshipBoth:
	default:
		problems = append(problems, fmt.Sprintf("relationship: %q is neither %q nor %q", c.Relationship, RelationshipGDAP, RelationshipContract))
	}
	return problems
}
