package iam

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// UserRow is a user with the person fields lists show.
type UserRow struct {
	User
	DisplayName       string
	UserPrincipalName string
	Mail              string
	PersonStatus      string
	TenantName        string
	SortKey           string
}

// UserFilter selects users.
type UserFilter struct {
	// TenantIDs limits the result to users of these tenants; nil means all.
	TenantIDs []string
	RoleID    string
	// Status is active, disabled, suspended or expired.
	Status         string
	ExpiringWithin time.Duration
	Query          string
}

// UserCursor is a position in the user list.
type UserCursor struct {
	SortKey string `json:"k"`
	ID      string `json:"i"`
}

// Users reads users.
type Users struct {
	db  *gorm.DB
	now func() time.Time
}

// NewUsers returns a user store.
func NewUsers(db *gorm.DB) *Users {
	return &Users{db: db, now: func() time.Time { return time.Now().UTC() }}
}

func (s *Users) base(ctx context.Context, db *gorm.DB) *gorm.DB {
	return db.WithContext(ctx).Table("users").
		Select("users.*, people.display_name, people.user_principal_name, people.mail, people.status AS person_status, people.sort_key, tenants.name AS tenant_name").
		Joins("JOIN people ON people.id = users.person_id").
		Joins("JOIN tenants ON tenants.id = users.tenant_id")
}

// List returns at most limit users matching f, ordered by name.
func (s *Users) List(ctx context.Context, f UserFilter, after *UserCursor, limit int) ([]UserRow, *UserCursor, error) {
	q := s.base(ctx, s.db)
	if f.TenantIDs != nil {
		if len(f.TenantIDs) == 0 {
			return nil, nil, nil
		}
		q = q.Where("users.tenant_id IN ?", f.TenantIDs)
	}
	if f.RoleID != "" {
		q = q.Where("EXISTS (SELECT 1 FROM role_assignments a WHERE a.principal_type = 'user' AND a.principal_id = users.id AND a.role_id = ?)", f.RoleID)
	}
	now := s.now()
	switch f.Status {
	case "":
	case StatusExpired:
		q = q.Where("users.status = ? AND users.expires_at IS NOT NULL AND users.expires_at <= ?", StatusActive, now)
	case StatusActive:
		q = q.Where("users.status = ? AND (users.expires_at IS NULL OR users.expires_at > ?)", StatusActive, now)
	default:
		q = q.Where("users.status = ?", f.Status)
	}
	if f.ExpiringWithin > 0 {
		q = q.Where("users.status = ? AND users.expires_at > ? AND users.expires_at <= ?", StatusActive, now, now.Add(f.ExpiringWithin))
	}
	if f.Query != "" {
		q = q.Where("people.search_text LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(f.Query))+"%")
	}
	if after != nil {
		q = q.Where("(people.sort_key, users.id) > (?, ?)", after.SortKey, after.ID)
	}
	var rows []UserRow
	if err := q.Order("people.sort_key").Order("users.id").Limit(limit + 1).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("list users: %w", err)
	}
	var next *UserCursor
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		next = &UserCursor{SortKey: last.SortKey, ID: last.ID}
	}
	return rows, next, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Get returns a user with its person fields.
func (s *Users) Get(ctx context.Context, id string) (*UserRow, error) {
	return getUser(ctx, s, s.db, id)
}

func getUser(ctx context.Context, s *Users, db *gorm.DB, id string) (*UserRow, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrUserNotFound, id)
	}
	var rows []UserRow
	if err := s.base(ctx, db).Where("users.id = ?", id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("read user %s: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrUserNotFound, id)
	}
	return &rows[0], nil
}

// ByPerson returns the user of a person, or ErrUserNotFound.
func (s *Users) ByPerson(ctx context.Context, personID string) (*UserRow, error) {
	var rows []UserRow
	if err := s.base(ctx, s.db).Where("users.person_id = ?", personID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: person %s", ErrUserNotFound, personID)
	}
	return &rows[0], nil
}

// Assignments returns the assignments of a principal.
func (s *Users) Assignments(ctx context.Context, principalType, principalID string) ([]Assignment, error) {
	var rows []Assignment
	err := s.db.WithContext(ctx).Where("principal_type = ? AND principal_id = ?", principalType, principalID).Order("assigned_at").Find(&rows).Error
	return rows, err
}

// Expire records the expiry of every active user whose expiry passed and
// was not recorded yet, calling record for each in the same transaction.
// It decides nothing: the request path refuses expired users by itself.
func (s *Users) Expire(ctx context.Context, record func(tx *gorm.DB, u *User) error) (int, error) {
	now := s.now()
	var due []User
	err := s.db.WithContext(ctx).Where("status = ? AND expires_at IS NOT NULL AND expires_at <= ? AND expiry_recorded_at IS NULL", StatusActive, now).
		Limit(1000).Find(&due).Error
	if err != nil {
		return 0, fmt.Errorf("find expired users: %w", err)
	}
	n := 0
	for i := range due {
		u := &due[i]
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			res := tx.Model(&User{}).Where("id = ? AND expiry_recorded_at IS NULL", u.ID).Update("expiry_recorded_at", now)
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error
			}
			n++
			return record(tx, u)
		})
		if err != nil {
			return n, fmt.Errorf("record expiry of user %s: %w", u.ID, err)
		}
	}
	return n, nil
}
