package person

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Store reads and writes people.
type Store struct {
	db *gorm.DB
}

// NewStore returns a store on db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// Filter selects people for List.
type Filter struct {
	// Query matches a substring of the display name, mail or user principal
	// name, case-insensitively.
	Query string
	// TenantIDs, when not nil, limits the result to these tenants; an empty
	// non-nil slice matches nothing.
	TenantIDs []string
	Status    string
	Tag       string
}

// Cursor is an opaque position in the people list.
type Cursor struct {
	SortKey string `json:"k"`
	ID      string `json:"i"`
}

// Encode returns the cursor as an opaque URL-safe string.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ErrInvalidCursor is returned for a cursor that this server did not issue.
var ErrInvalidCursor = errors.New("invalid cursor")

// DecodeCursor parses a cursor from Encode.
func DecodeCursor(s string) (*Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrInvalidCursor
	}
	var c Cursor
	if err := json.Unmarshal(b, &c); err != nil || c.ID == "" {
		return nil, ErrInvalidCursor
	}
	return &c, nil
}

// List returns at most limit people matching f in display-name order,
// starting after the cursor, and the cursor of the next page (nil at the end).
func (s *Store) List(ctx context.Context, f Filter, after *Cursor, limit int) ([]Person, *Cursor, error) {
	q := s.db.WithContext(ctx).Model(&Person{})
	if f.TenantIDs != nil {
		if len(f.TenantIDs) == 0 {
			return nil, nil, nil
		}
		q = q.Where("tenant_id IN ?", f.TenantIDs)
	}
	if f.Query != "" {
		q = q.Where("search_text LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(f.Query))+"%")
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Tag != "" {
		q = q.Where("EXISTS (SELECT 1 FROM person_tags t WHERE t.person_id = people.id AND lower(t.tag) = lower(?))", f.Tag)
	}
	if after != nil {
		q = q.Where("(sort_key, id) > (?, ?)", after.SortKey, after.ID)
	}

	var people []Person
	if err := q.Order("sort_key").Order("id").Limit(limit + 1).Find(&people).Error; err != nil {
		return nil, nil, fmt.Errorf("list people: %w", err)
	}
	var next *Cursor
	if len(people) > limit {
		people = people[:limit]
		last := people[len(people)-1]
		next = &Cursor{SortKey: last.SortKey, ID: last.ID}
	}
	if err := s.loadTags(ctx, s.db, people); err != nil {
		return nil, nil, err
	}
	return people, next, nil
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Get returns the person with id, with tags.
func (s *Store) Get(ctx context.Context, id string) (*Person, error) {
	return s.get(ctx, s.db, id)
}

func (s *Store) get(ctx context.Context, db *gorm.DB, id string) (*Person, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	var p Person
	if err := db.WithContext(ctx).Where("id = ?", id).Take(&p).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return nil, fmt.Errorf("read person %s: %w", id, err)
	}
	people := []Person{p}
	if err := s.loadTags(ctx, db, people); err != nil {
		return nil, err
	}
	return &people[0], nil
}

func (s *Store) loadTags(ctx context.Context, db *gorm.DB, people []Person) error {
	if len(people) == 0 {
		return nil
	}
	ids := make([]string, len(people))
	index := make(map[string]int, len(people))
	for i := range people {
		ids[i] = people[i].ID
		index[people[i].ID] = i
		people[i].Tags = []string{}
	}
	var rows []tag
	if err := db.WithContext(ctx).Where("person_id IN ?", ids).Order("lower(tag)").Find(&rows).Error; err != nil {
		return fmt.Errorf("read tags: %w", err)
	}
	for _, r := range rows {
		i := index[r.PersonID]
		people[i].Tags = append(people[i].Tags, r.Tag)
	}
	return nil
}

// SetTags replaces the tags of a person if its version is still
// expectedVersion, and returns the person before and after the change.
// Nothing but tags, the version and updated_at is written.
func (s *Store) SetTags(ctx context.Context, id string, expectedVersion int64, tags []string, record func(tx *gorm.DB, before, after *Person) error) (*Person, error) {
	tags, err := NormalizeTags(tags)
	if err != nil {
		return nil, err
	}

	var after *Person
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		before, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Version != expectedVersion {
			return fmt.Errorf("%w: person %s is at version %d, not %d", ErrVersionMismatch, id, before.Version, expectedVersion)
		}

		now := time.Now().UTC()
		res := tx.Model(&Person{}).Where("id = ? AND version = ?", id, expectedVersion).
			Updates(map[string]any{"version": gorm.Expr("version + 1"), "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("update person %s: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("%w: person %s", ErrVersionMismatch, id)
		}
		if err := tx.Where("person_id = ?", id).Delete(&tag{}).Error; err != nil {
			return fmt.Errorf("clear tags of %s: %w", id, err)
		}
		if len(tags) > 0 {
			rows := make([]tag, len(tags))
			for i, t := range tags {
				rows[i] = tag{PersonID: id, Tag: t}
			}
			if err := tx.Create(&rows).Error; err != nil {
				return fmt.Errorf("write tags of %s: %w", id, err)
			}
		}

		after = clonePerson(before)
		after.Tags, after.Version, after.UpdatedAt = tags, before.Version+1, now
		if record != nil {
			return record(tx, before, after)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

func clonePerson(p *Person) *Person {
	c := *p
	c.Tags = append([]string(nil), p.Tags...)
	return &c
}

// CountByTenant returns the number of people per tenant id, for summaries.
func (s *Store) CountByTenant(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		TenantID string
		N        int64
	}
	err := s.db.WithContext(ctx).Model(&Person{}).Select("tenant_id, count(*) AS n").Group("tenant_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count people: %w", err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.TenantID] = r.N
	}
	return out, nil
}

// EnsureFromIdentity returns the person of (entraTenantID, objectID),
// creating a minimal one from a token's claims when sync has not brought it
// yet; the next sync fills in the rest under the same key.
func EnsureFromIdentity(ctx context.Context, tx *gorm.DB, tenantID, entraTenantID, objectID, name, upn string) (*Person, error) {
	oid, tid := strings.ToLower(objectID), strings.ToLower(entraTenantID)
	var p Person
	err := tx.WithContext(ctx).Where("entra_tenant_id = ? AND object_id = ?", tid, oid).Take(&p).Error
	if err == nil {
		return &p, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("look up person %s: %w", oid, err)
	}
	now := time.Now().UTC()
	p = Person{
		ID: uuid.NewString(), TenantID: tenantID, EntraTenantID: &tid, ObjectID: &oid, Source: SourceEntra,
		DisplayName: name, UserPrincipalName: upn, AccountEnabled: true, Status: StatusEnabled, Version: 1,
		OtherMails: StringList{}, BusinessPhones: StringList{}, CreatedAt: now, UpdatedAt: now,
	}
	p.refreshDerived()
	if err := tx.WithContext(ctx).Create(&p).Error; err != nil {
		return nil, fmt.Errorf("create person %s from sign-in: %w", oid, err)
	}
	return &p, nil
}
