// Package audit appends events to the audit trail. An event is written in
// the same transaction as the change it records, so that no change exists
// without its event.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Actor is who caused an event: a person's object id, an application's
// client id, or a system job.
type Actor struct {
	ID   string
	Name string
}

// System is the actor of scheduled and background work.
var System = Actor{ID: "system", Name: "Roster"}

// Event is one entry of the trail.
type Event struct {
	ID          string `gorm:"primaryKey"`
	OccurredAt  time.Time
	Action      string
	ActorID     string
	ActorName   string
	TargetType  string
	TargetID    string
	TenantID    *string
	BeforeValue *string
	AfterValue  *string
	RequestID   string
	ClientIP    string
	Reason      string
}

// TableName is the table events live in.
func (Event) TableName() string { return "audit_events" }

// Context carries the request facts every event of a request shares.
type Context struct {
	Actor     Actor
	RequestID string
	ClientIP  string
}

type ctxKey struct{}

// WithContext returns ctx carrying ac.
func WithContext(ctx context.Context, ac Context) context.Context {
	return context.WithValue(ctx, ctxKey{}, ac)
}

// FromContext returns the audit context of ctx, or the system actor.
func FromContext(ctx context.Context) Context {
	if ac, ok := ctx.Value(ctxKey{}).(Context); ok {
		return ac
	}
	return Context{Actor: System}
}

// Entry is what a caller records.
type Entry struct {
	Action     string // dotted name, e.g. "person.tags.changed"
	TargetType string
	TargetID   string
	TenantID   string
	Before     any
	After      any
	// Reason is why the actor made the change, as they stated it.
	Reason string
}

// Record appends e to the trail in tx, with the actor and request facts of ctx.
func Record(ctx context.Context, tx *gorm.DB, e Entry) error {
	ac := FromContext(ctx)
	ev := Event{
		ID:         uuid.NewString(),
		OccurredAt: time.Now().UTC(),
		Action:     e.Action,
		ActorID:    ac.Actor.ID,
		ActorName:  ac.Actor.Name,
		TargetType: e.TargetType,
		TargetID:   e.TargetID,
		RequestID:  ac.RequestID,
		ClientIP:   ac.ClientIP,
		Reason:     e.Reason,
	}
	if e.TenantID != "" {
		ev.TenantID = &e.TenantID
	}
	var err error
	if ev.BeforeValue, err = marshal(e.Before); err != nil {
		return err
	}
	if ev.AfterValue, err = marshal(e.After); err != nil {
		return err
	}
	if err := tx.WithContext(ctx).Create(&ev).Error; err != nil {
		return fmt.Errorf("record audit event %s on %s %s: %w", e.Action, e.TargetType, e.TargetID, err)
	}
	return nil
}

func marshal(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode audit value: %w", err)
	}
	s := string(b)
	return &s, nil
}
