// Package person stores the people of every tenant: synced from Entra ID or,
// in tenants without a directory, created by hand. Sync owns the fields it
// copies from Entra ID; tags and other local fields are never written by it.
package person

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Sources of a person.
const (
	SourceEntra  = "entra"
	SourceManual = "manual"
)

// Statuses of a person.
const (
	StatusEnabled  = "enabled"
	StatusDisabled = "disabled"
	StatusRemoved  = "removed" // left the directory upstream
)

// Errors returned by the store.
var (
	ErrNotFound        = errors.New("person not found")
	ErrVersionMismatch = errors.New("person was changed by someone else")
)

// SyncedFields lists the JSON names of fields that sync copies from Entra ID
// and overwrites on every run; the API refuses local edits of them.
var SyncedFields = []string{
	"displayName", "givenName", "surname", "userPrincipalName", "mail", "otherMails",
	"jobTitle", "department", "officeLocation", "mobilePhone", "businessPhones",
	"accountEnabled", "userType", "onPremisesSyncEnabled", "entraCreatedAt",
}

// Person is one human in a tenant.
type Person struct {
	ID                    string `gorm:"primaryKey"`
	TenantID              string
	EntraTenantID         *string
	ObjectID              *string
	Source                string
	DisplayName           string
	GivenName             string
	Surname               string
	UserPrincipalName     string
	Mail                  string
	OtherMails            StringList `gorm:"type:text"`
	JobTitle              string
	Department            string
	OfficeLocation        string
	MobilePhone           string
	BusinessPhones        StringList `gorm:"type:text"`
	AccountEnabled        bool
	UserType              string
	OnPremisesSyncEnabled *bool
	EntraCreatedAt        *time.Time
	Status                string
	RemovedAt             *time.Time
	SortKey               string
	SearchText            string
	Version               int64
	SeenRunID             *string
	LastSyncedAt          *time.Time
	CreatedAt             time.Time
	UpdatedAt             time.Time

	Tags []string `gorm:"-"`
}

// TableName is the table people live in.
func (Person) TableName() string { return "people" }

// Guest reports whether the person is a guest (B2B) account.
func (p *Person) Guest() bool {
	return strings.EqualFold(p.UserType, "Guest") || strings.Contains(p.UserPrincipalName, "#EXT#")
}

// refreshDerived recomputes the columns that sorting and search use.
func (p *Person) refreshDerived() {
	p.SortKey = strings.ToLower(strings.TrimSpace(p.DisplayName)) + "\x1f" + strings.ToLower(p.UserPrincipalName)
	p.SearchText = strings.ToLower(strings.Join([]string{p.DisplayName, p.Mail, p.UserPrincipalName}, " "))
}

// tag is a row of person_tags.
type tag struct {
	PersonID string `gorm:"primaryKey"`
	Tag      string `gorm:"primaryKey"`
}

func (tag) TableName() string { return "person_tags" }

// Tag limits.
const (
	MaxTags      = 50
	MaxTagLength = 64
)

// InvalidTagsError is a tag list that cannot be stored; Reason names the tag.
type InvalidTagsError struct {
	Reason string
}

func (e *InvalidTagsError) Error() string { return "invalid tags: " + e.Reason }

func invalidTags(format string, args ...any) error {
	return &InvalidTagsError{Reason: fmt.Sprintf(format, args...)}
}

// NormalizeTags trims, checks and de-duplicates tags (case-insensitively,
// keeping the first spelling) and sorts them. The error names the bad tag.
func NormalizeTags(in []string) ([]string, error) {
	seen := map[string]bool{}
	out := make([]string, 0, len(in))
	for _, raw := range in {
		t := strings.TrimSpace(raw)
		if t == "" {
			return nil, invalidTags("tags must not be empty strings")
		}
		if len([]rune(t)) > MaxTagLength {
			return nil, invalidTags("tag %q is longer than %d characters", t, MaxTagLength)
		}
		for _, r := range t {
			// Format characters such as U+202E (right-to-left override) or
			// U+200B (zero width space) would make two tags look alike.
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				return nil, invalidTags("tag %q contains a control or invisible formatting character (%U)", t, r)
			}
		}
		key := strings.ToLower(t)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, t)
	}
	if len(out) > MaxTags {
		return nil, invalidTags("a person can carry at most %d tags, got %d", MaxTags, len(out))
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
	return out, nil
}

// StringList is a list of strings stored as a JSON array in a text column.
type StringList []string

// Scan implements sql.Scanner.
func (l *StringList) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		*l = nil
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("scan StringList from %T", src)
	}
	if len(b) == 0 {
		*l = nil
		return nil
	}
	return json.Unmarshal(b, (*[]string)(l))
}

// Value implements driver.Valuer.
func (l StringList) Value() (driver.Value, error) {
	if l == nil {
		return "[]", nil
	}
	b, err := json.Marshal([]string(l))
	return string(b), err
}

func equalLists(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
