package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Filter selects events.
type Filter struct {
	// Tenants limits events to these tenants; nil means every tenant.
	Tenants []string
	// IncludeUntenanted adds events that concern no tenant (roles,
	// settings), for callers who may read the trail everywhere.
	IncludeUntenanted bool
	ActorID           string
	ImpersonatorID    string
	SessionID         string
	ActionPrefix      string
	TargetType        string
	TargetID          string
	TenantID          string
	From, To          *time.Time
	// Query matches a substring of the action, names, reason or values.
	Query string
}

func (f Filter) apply(q *gorm.DB) *gorm.DB {
	if f.Tenants != nil {
		if f.IncludeUntenanted {
			q = q.Where("(tenant_id IN ? OR tenant_id IS NULL)", nonEmpty(f.Tenants))
		} else {
			q = q.Where("tenant_id IN ?", nonEmpty(f.Tenants))
		}
	} else if !f.IncludeUntenanted {
		q = q.Where("tenant_id IS NOT NULL")
	}
	if f.ActorID != "" {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.ImpersonatorID != "" {
		q = q.Where("impersonator_id = ?", f.ImpersonatorID)
	}
	if f.SessionID != "" {
		q = q.Where("impersonation_session_id = ?", f.SessionID)
	}
	if f.ActionPrefix != "" {
		q = q.Where("action LIKE ? ESCAPE '\\'", escapeLike(f.ActionPrefix)+"%")
	}
	if f.TargetType != "" {
		q = q.Where("target_type = ?", f.TargetType)
	}
	if f.TargetID != "" {
		q = q.Where("target_id = ?", f.TargetID)
	}
	if f.TenantID != "" {
		q = q.Where("tenant_id = ?", f.TenantID)
	}
	if f.From != nil {
		q = q.Where("occurred_at >= ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("occurred_at < ?", f.To.UTC())
	}
	if f.Query != "" {
		like := "%" + escapeLike(strings.ToLower(f.Query)) + "%"
		q = q.Where(`(lower(action) LIKE ? ESCAPE '\' OR lower(actor_name) LIKE ? ESCAPE '\' OR lower(target_name) LIKE ? ESCAPE '\'
			OR lower(reason) LIKE ? ESCAPE '\' OR lower(coalesce(before_value, '')) LIKE ? ESCAPE '\' OR lower(coalesce(after_value, '')) LIKE ? ESCAPE '\'
			OR lower(impersonator_name) LIKE ? ESCAPE '\')`, like, like, like, like, like, like, like)
	}
	return q
}

// nonEmpty keeps an IN list valid when it is empty.
func nonEmpty(ids []string) []string {
	if len(ids) == 0 {
		return []string{"00000000-0000-0000-0000-000000000000"}
	}
	return ids
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// List returns at most limit events matching f, newest first, with a
// sequence number below beforeSeq when it is not zero.
func List(ctx context.Context, db *gorm.DB, f Filter, beforeSeq int64, limit int) ([]Event, error) {
	q := f.apply(db.WithContext(ctx).Model(&Event{}))
	if beforeSeq > 0 {
		q = q.Where("seq < ?", beforeSeq)
	}
	var out []Event
	if err := q.Order("seq DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list audit events: %w", err)
	}
	return out, nil
}

// Stream calls fn for every event matching f, newest first. It reads in
// keyset batches, so memory does not grow with the number of events and no
// connection is held between batches (SQLite has only one).
func Stream(ctx context.Context, db *gorm.DB, f Filter, fn func(*Event) error) error {
	const batch = 1000
	var before int64
	for {
		events, err := List(ctx, db, f, before, batch)
		if err != nil {
			return err
		}
		for i := range events {
			if err := fn(&events[i]); err != nil {
				return err
			}
		}
		if len(events) < batch {
			return nil
		}
		before = events[len(events)-1].Seq
	}
}
