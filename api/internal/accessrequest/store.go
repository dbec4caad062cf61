package accessrequest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Filter selects requests.
type Filter struct {
	// TenantIDs limits the result to requests of these tenants; an empty
	// list selects nothing.
	TenantIDs []string
	// Status is one of Statuses, or empty for all.
	Status        string
	CreatedBefore *time.Time
	CreatedAfter  *time.Time
	OldestFirst   bool
}

// Cursor is a position in a list of requests.
type Cursor struct {
	CreatedAt time.Time `json:"t"`
	ID        string    `json:"i"`
}

// List returns at most limit requests matching f, newest first unless
// f.OldestFirst, and the cursor of the next page, nil on the last.
func (s *Service) List(ctx context.Context, f Filter, after *Cursor, limit int) ([]Request, *Cursor, error) {
	if len(f.TenantIDs) == 0 {
		return nil, nil, nil
	}
	q := s.db.WithContext(ctx).Where("tenant_id IN ?", f.TenantIDs)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.CreatedBefore != nil {
		q = q.Where("created_at < ?", *f.CreatedBefore)
	}
	if f.CreatedAfter != nil {
		q = q.Where("created_at >= ?", *f.CreatedAfter)
	}

	order, cmp := "DESC", "<"
	if f.OldestFirst {
		order, cmp = "ASC", ">"
	}
	if after != nil {
		q = q.Where("(created_at, id) "+cmp+" (?, ?)", after.CreatedAt, after.ID)
	}
	var rows []Request
	if err := q.Order("created_at " + order).Order("id " + order).Limit(limit + 1).Find(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("list access requests: %w", err)
	}
	var next *Cursor
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		next = &Cursor{CreatedAt: last.CreatedAt, ID: last.ID}
	}
	return rows, next, nil
}

// Get returns a request, or ErrNotFound.
func (s *Service) Get(ctx context.Context, id string) (*Request, error) {
	return get(ctx, s.db, id)
}

func get(ctx context.Context, db *gorm.DB, id string) (*Request, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	var r Request
	err := db.WithContext(ctx).Where("id = ?", strings.ToLower(id)).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("read access request %s: %w", id, err)
	}
	return &r, nil
}

// Mine returns the most recent requests of an identity, newest first.
func (s *Service) Mine(ctx context.Context, id Identity, limit int) ([]Request, error) {
	var rows []Request
	err := s.byIdentity(ctx, s.db, id.EntraTenantID, id.ObjectID).Order("created_at DESC").Order("id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list access requests of %s: %w", id.ObjectID, err)
	}
	return rows, nil
}

// History returns the other requests of r's requester, newest first.
func (s *Service) History(ctx context.Context, r *Request, limit int) ([]Request, error) {
	var rows []Request
	err := s.byIdentity(ctx, s.db, r.EntraTenantID, r.ObjectID).Where("id <> ?", r.ID).
		Order("created_at DESC").Order("id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list earlier access requests of %s: %w", r.ObjectID, err)
	}
	return rows, nil
}

func (s *Service) byIdentity(ctx context.Context, db *gorm.DB, entraTenantID, objectID string) *gorm.DB {
	return db.WithContext(ctx).Model(&Request{}).
		Where("entra_tenant_id = ? AND object_id = ?", strings.ToLower(entraTenantID), strings.ToLower(objectID))
}

// CountPending counts the pending requests of the given tenants.
func (s *Service) CountPending(ctx context.Context, tenantIDs []string) (int64, error) {
	if len(tenantIDs) == 0 {
		return 0, nil
	}
	var n int64
	err := s.db.WithContext(ctx).Model(&Request{}).Where("status = ? AND tenant_id IN ?", StatusPending, tenantIDs).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count pending access requests: %w", err)
	}
	return n, nil
}

// Quota returns how many more requests the identity may make now and, when
// none, the time the next is accepted.
func (s *Service) Quota(ctx context.Context, id Identity) (int, *time.Time, error) {
	return s.quota(ctx, s.db, id.EntraTenantID, id.ObjectID)
}

func (s *Service) quota(ctx context.Context, db *gorm.DB, entraTenantID, objectID string) (int, *time.Time, error) {
	var recent []time.Time
	err := s.byIdentity(ctx, db, entraTenantID, objectID).Where("created_at > ?", s.now().Add(-24*time.Hour)).
		Order("created_at").Pluck("created_at", &recent).Error
	if err != nil {
		return 0, nil, fmt.Errorf("count recent access requests of %s: %w", objectID, err)
	}
	if len(recent) < MaxPerDay {
		return MaxPerDay - len(recent), nil, nil
	}
	// The request that leaves the 24-hour window first frees a place.
	next := recent[len(recent)-MaxPerDay].Add(24 * time.Hour)
	return 0, &next, nil
}
