package person

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/rosterhq/roster/api/internal/directory"
)

// Counts are the changes that applying directory pages made to people.
type Counts struct {
	Created  int
	Updated  int
	Disabled int
	Removed  int
	Restored int
	// Written is the number of people rows inserted or changed.
	Written int
	// Staged is the number of disables and removals recorded as pending
	// changes of the run instead of being applied (see ApplyPending).
	Staged int
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Created += o.Created
	c.Updated += o.Updated
	c.Disabled += o.Disabled
	c.Removed += o.Removed
	c.Restored += o.Restored
	c.Written += o.Written
	c.Staged += o.Staged
}

// SyncTarget identifies the tenant and run a page is applied for.
type SyncTarget struct {
	TenantID      string
	EntraTenantID string
	// RunID stamps every person the run reads, so that after a full
	// enumeration StageUnseenRemoved finds those it did not read. Whether a run
	// is full is known only at its end, because the reader restarts with a
	// full enumeration when a delta link has expired.
	RunID string
	// SkipGuests ignores guest accounts: they are not created or updated,
	// and guests synced earlier are kept as they are.
	SkipGuests bool
	// MayHaveStaged is set when an earlier page of the run staged a change,
	// so that ApplyPage must drop the staged change of a person who shows up
	// again in a later state.
	MayHaveStaged bool
}

// ApplyPage upserts one page of directory users in tx, keyed on (Entra
// tenant id, object id). Only synced fields, status and sync bookkeeping are
// written; tags and other local fields are left alone.
//
// Creates, updates and restores are applied at once. Disables and removals
// are only staged as pending changes of target.RunID, because a run must not
// offboard anyone before it has counted how many people would go.
// ApplyPending applies them. A disabled account's other field changes are applied, while
// its status and accountEnabled keep their old values until then.
func ApplyPage(ctx context.Context, tx *gorm.DB, target SyncTarget, users []directory.User, now time.Time) (Counts, error) {
	var counts Counts
	if len(users) == 0 {
		return counts, nil
	}

	existing, err := loadByObjectID(ctx, tx, target.EntraTenantID, users)
	if err != nil {
		return counts, err
	}

	var created []Person
	var touched []string  // seen, no synced field written
	var unstaged []string // seen in a state that cancels a staged change
	var staged []PendingChange
	for _, u := range lastPerObject(users) {
		oid := strings.ToLower(u.ObjectID)
		p, ok := existing[oid]
		switch {
		case u.Removed:
			if ok && p.Status != StatusRemoved {
				staged = append(staged, PendingChange{RunID: target.RunID, PersonID: p.ID, Change: ChangeRemove})
			}
		case target.SkipGuests && isGuest(u, p):
			if ok {
				touched = append(touched, p.ID)
			}
		case !ok:
			np := newSyncedPerson(target, oid, now)
			applyUser(np, u)
			created = append(created, *np)
			counts.Created++
			counts.Written++
		default:
			before := *p
			applyUser(p, u)
			change := classify(&before, p)
			if change == changeDisabled {
				staged = append(staged, PendingChange{RunID: target.RunID, PersonID: p.ID, Change: ChangeDisable})
				p.Status, p.AccountEnabled = before.Status, before.AccountEnabled
				change = classify(&before, p)
			} else {
				unstaged = append(unstaged, p.ID)
			}
			if change == changeNone {
				touched = append(touched, p.ID)
				continue
			}
			if err := saveSynced(ctx, tx, p, target, now); err != nil {
				return counts, err
			}
			counts.Written++
			if change == changeRestored {
				counts.Restored++
			} else {
				counts.Updated++
			}
		}
	}

	if len(created) > 0 {
		if err := tx.WithContext(ctx).CreateInBatches(created, 500).Error; err != nil {
			return counts, fmt.Errorf("insert %d people of tenant %s: %w", len(created), target.EntraTenantID, err)
		}
	}
	if len(touched) > 0 {
		updates := map[string]any{"last_synced_at": now, "seen_run_id": target.RunID}
		if err := tx.WithContext(ctx).Model(&Person{}).Where(anyUUID(tx, "id", touched)).Updates(updates).Error; err != nil {
			return counts, fmt.Errorf("stamp %d unchanged people: %w", len(touched), err)
		}
	}
	if target.MayHaveStaged && len(unstaged) > 0 {
		if err := unstage(ctx, tx, target.RunID, unstaged); err != nil {
			return counts, err
		}
	}
	if err := stage(ctx, tx, staged); err != nil {
		return counts, err
	}
	counts.Staged = len(staged)
	return counts, nil
}

// isGuest reports whether a directory user, or the person it updates when
// the page omits userType, is a guest account.
func isGuest(u directory.User, p *Person) bool {
	if u.UserType != nil {
		return strings.EqualFold(*u.UserType, "Guest")
	}
	if u.UserPrincipalName != nil && strings.Contains(*u.UserPrincipalName, "#EXT#") {
		return true
	}
	return p != nil && p.Guest()
}

// lastPerObject drops all but the last entry of an object id within a page,
// because Graph may return one object more than once in a delta.
func lastPerObject(users []directory.User) []directory.User {
	last := make(map[string]int, len(users))
	for i, u := range users {
		last[strings.ToLower(u.ObjectID)] = i
	}
	if len(last) == len(users) {
		return users
	}
	out := make([]directory.User, 0, len(last))
	for i, u := range users {
		if last[strings.ToLower(u.ObjectID)] == i {
			out = append(out, u)
		}
	}
	return out
}

func loadByObjectID(ctx context.Context, tx *gorm.DB, entraTenantID string, users []directory.User) (map[string]*Person, error) {
	oids := make([]string, 0, len(users))
	for _, u := range users {
		oids = append(oids, strings.ToLower(u.ObjectID))
	}
	var rows []Person
	err := tx.WithContext(ctx).Where("entra_tenant_id = ?", entraTenantID).Where(anyUUID(tx, "object_id", oids)).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read people of tenant %s: %w", entraTenantID, err)
	}
	out := make(map[string]*Person, len(rows))
	for i := range rows {
		out[strings.ToLower(*rows[i].ObjectID)] = &rows[i]
	}
	return out, nil
}

func newSyncedPerson(target SyncTarget, oid string, now time.Time) *Person {
	tid := target.EntraTenantID
	runID := target.RunID
	return &Person{
		ID:             uuid.NewString(),
		TenantID:       target.TenantID,
		EntraTenantID:  &tid,
		ObjectID:       &oid,
		Source:         SourceEntra,
		AccountEnabled: true,
		Status:         StatusEnabled,
		Version:        1,
		SeenRunID:      &runID,
		LastSyncedAt:   &now,
		CreatedAt:      now,
		UpdatedAt:      now,
		OtherMails:     StringList{},
		BusinessPhones: StringList{},
	}
}

// applyUser copies the fields Graph sent; a nil field was not sent and
// keeps its value.
func applyUser(p *Person, u directory.User) {
	setString(&p.DisplayName, u.DisplayName)
	setString(&p.GivenName, u.GivenName)
	setString(&p.Surname, u.Surname)
	setString(&p.UserPrincipalName, u.UserPrincipalName)
	setString(&p.Mail, u.Mail)
	setString(&p.JobTitle, u.JobTitle)
	setString(&p.Department, u.Department)
	setString(&p.OfficeLocation, u.OfficeLocation)
	setString(&p.MobilePhone, u.MobilePhone)
	setString(&p.UserType, u.UserType)
	if u.OtherMails != nil {
		p.OtherMails = append(StringList{}, u.OtherMails...)
	}
	if u.BusinessPhones != nil {
		p.BusinessPhones = append(StringList{}, u.BusinessPhones...)
	}
	if u.AccountEnabled != nil {
		p.AccountEnabled = *u.AccountEnabled
	}
	if u.OnPremisesSyncEnabled != nil {
		v := *u.OnPremisesSyncEnabled
		p.OnPremisesSyncEnabled = &v
	}
	if u.CreatedDateTime != nil {
		t := u.CreatedDateTime.UTC()
		p.EntraCreatedAt = &t
	}

	if p.AccountEnabled {
		p.Status = StatusEnabled
	} else {
		p.Status = StatusDisabled
	}
	p.refreshDerived()
}

func setString(dst *string, src *string) {
	if src != nil {
		*dst = *src
	}
}

type change int

const (
	changeNone change = iota
	changeFields
	changeDisabled
	changeRestored
)

func classify(before, after *Person) change {
	switch {
	case before.Status == StatusRemoved:
		return changeRestored
	case before.Status == StatusEnabled && after.Status == StatusDisabled:
		return changeDisabled
	case syncedEqual(before, after):
		return changeNone
	default:
		return changeFields
	}
}

func syncedEqual(a, b *Person) bool {
	return a.DisplayName == b.DisplayName && a.GivenName == b.GivenName && a.Surname == b.Surname &&
		a.UserPrincipalName == b.UserPrincipalName && a.Mail == b.Mail && a.JobTitle == b.JobTitle &&
		a.Department == b.Department && a.OfficeLocation == b.OfficeLocation && a.MobilePhone == b.MobilePhone &&
		a.UserType == b.UserType && a.AccountEnabled == b.AccountEnabled && a.Status == b.Status &&
		equalLists(a.OtherMails, b.OtherMails) && equalLists(a.BusinessPhones, b.BusinessPhones) &&
		equalBoolPtr(a.OnPremisesSyncEnabled, b.OnPremisesSyncEnabled) && equalTimePtr(a.EntraCreatedAt, b.EntraCreatedAt)
}

func equalBoolPtr(a, b *bool) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func equalTimePtr(a, b *time.Time) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && a.Equal(*b))
}

func saveSynced(ctx context.Context, tx *gorm.DB, p *Person, target SyncTarget, now time.Time) error {
	updates := map[string]any{
		"display_name": p.DisplayName, "given_name": p.GivenName, "surname": p.Surname,
		"user_principal_name": p.UserPrincipalName, "mail": p.Mail, "other_mails": p.OtherMails,
		"job_title": p.JobTitle, "department": p.Department, "office_location": p.OfficeLocation,
		"mobile_phone": p.MobilePhone, "business_phones": p.BusinessPhones,
		"account_enabled": p.AccountEnabled, "user_type": p.UserType,
		"on_premises_sync_enabled": p.OnPremisesSyncEnabled, "entra_created_at": p.EntraCreatedAt,
		"status": p.Status, "removed_at": nil, "sort_key": p.SortKey, "search_text": p.SearchText,
		"version": gorm.Expr("version + 1"), "last_synced_at": now, "updated_at": now,
		"seen_run_id": target.RunID,
	}
	if err := tx.WithContext(ctx).Model(&Person{}).Where("id = ?", p.ID).Updates(updates).Error; err != nil {
		return fmt.Errorf("update person %s: %w", p.ID, err)
	}
	return nil
}

// anyUUID returns the condition that column, a uuid column, is one of ids.
// On PostgreSQL it is "column = ANY($n)" with one array parameter, because
// the prepared form of "column IN ($1, ..., $999)" gets a generic plan after
// a few executions that scans the whole table: a full sync of 100,000 people
// took four times longer with it. SQLite takes the IN list.
func anyUUID(tx *gorm.DB, column string, ids []string) clause.Expr {
	if tx.Dialector.Name() == "postgres" {
		// An array literal, so that gorm binds one parameter instead of
		// expanding the slice; uuids hold no character that needs quoting.
		return gorm.Expr(column+" = ANY(CAST(? AS uuid[]))", "{"+strings.Join(ids, ",")+"}")
	}
	return gorm.Expr(column+" IN ?", ids)
}
