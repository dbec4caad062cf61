// Package audit appends events to the audit trail and reads them back. An
// event is written in the same transaction as the change it records, so that
// no change exists without its event. Events form a hash chain: each carries
// the hash of the one before, so that `roster audit verify` finds an event
// altered or removed outside Roster. On PostgreSQL a trigger also rejects
// updates and deletes; on SQLite triggers do the same.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Actor types.
const (
	ActorUser   = "user"
	ActorClient = "client"
	ActorSystem = "system"
)

// Actor is who caused an event, with the display name frozen at the time.
type Actor struct {
	Type string
	ID   string
	Name string
}

// System is the actor of scheduled and background work.
var System = Actor{Type: ActorSystem, ID: "system", Name: "Roster"}

// Event is one entry of the trail.
type Event struct {
	ID                     string `gorm:"primaryKey"`
	Seq                    int64
	PrevHash               string
	Hash                   string
	OccurredAt             time.Time
	Action                 string
	ActorType              string
	ActorID                string
	ActorName              string
	ImpersonatorID         string
	ImpersonatorName       string
	ImpersonationSessionID string
	TargetType             string
	TargetID               string
	TargetName             string
	TenantID               *string
	BeforeValue            *string
	AfterValue             *string
	Reason                 string
	RequestID              string
	ClientIP               string
	UserAgent              string
}

// TableName is the table events live in.
func (Event) TableName() string { return "audit_events" }

// Context carries the request facts every event of a request shares.
type Context struct {
	Actor Actor
	// Impersonator is set when Actor acts through an impersonation session.
	Impersonator *Actor
	SessionID    string
	RequestID    string
	ClientIP     string
	UserAgent    string
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

// AsSystem returns ctx with actor replacing the caller, keeping the request
// facts, for changes a rule makes on its own.
func AsSystem(ctx context.Context, actor Actor) context.Context {
	ac := FromContext(ctx)
	ac.Actor, ac.Impersonator, ac.SessionID = actor, nil, ""
	return WithContext(ctx, ac)
}

// Entry is the description of a change that a caller records.
type Entry struct {
	Action     string // dotted name, e.g. "person.tags.changed"
	TargetType string
	TargetID   string
	TargetName string
	TenantID   string
	Before     any
	After      any
	// Reason is the actor's stated reason for the change.
	Reason string
}

// chainHead is the last link of the chain, locked by each writer.
type chainHead struct {
	ID   int `gorm:"primaryKey"`
	Seq  int64
	Hash string
}

func (chainHead) TableName() string { return "audit_chain_head" }

// Record appends e to the trail in tx, with the actor and request facts of
// ctx. It locks the head of the chain until tx ends, so audited writes are
// serialised.
func Record(ctx context.Context, tx *gorm.DB, e Entry) error {
	ac := FromContext(ctx)
	ev := Event{
		ID:         uuid.NewString(),
		OccurredAt: time.Now().UTC().Truncate(time.Microsecond),
		Action:     e.Action,
		ActorType:  ac.Actor.Type,
		ActorID:    ac.Actor.ID,
		ActorName:  ac.Actor.Name,
		TargetType: e.TargetType,
		TargetID:   e.TargetID,
		TargetName: e.TargetName,
		Reason:     e.Reason,
		RequestID:  ac.RequestID,
		ClientIP:   ac.ClientIP,
		UserAgent:  truncate(ac.UserAgent, 512),
	}
	if ev.ActorType == "" {
		ev.ActorType = ActorUser
	}
	if ac.Impersonator != nil {
		ev.ImpersonatorID, ev.ImpersonatorName, ev.ImpersonationSessionID = ac.Impersonator.ID, ac.Impersonator.Name, ac.SessionID
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
	if err := appendEvent(ctx, tx, &ev); err != nil {
		return fmt.Errorf("record audit event %s on %s %s: %w", e.Action, e.TargetType, e.TargetID, err)
	}
	return nil
}

// appendEvent links ev to the chain and inserts it.
func appendEvent(ctx context.Context, tx *gorm.DB, ev *Event) error {
	q := tx.WithContext(ctx)
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var head chainHead
	if err := q.Where("id = 1").Take(&head).Error; err != nil {
		return fmt.Errorf("lock audit chain: %w", err)
	}
	ev.Seq, ev.PrevHash = head.Seq+1, head.Hash
	ev.Hash = ev.computeHash()
	if err := tx.WithContext(ctx).Create(ev).Error; err != nil {
		return err
	}
	return tx.WithContext(ctx).Model(&chainHead{}).Where("id = 1").Updates(map[string]any{"seq": ev.Seq, "hash": ev.Hash}).Error
}

// computeHash returns the SHA-256 of the previous hash and every recorded
// field, each separated by the unit separator.
func (ev *Event) computeHash() string {
	fields := []string{
		strconv.FormatInt(ev.Seq, 10), ev.PrevHash, ev.ID, ev.OccurredAt.UTC().Format(time.RFC3339Nano), ev.Action,
		ev.ActorType, ev.ActorID, ev.ActorName, ev.ImpersonatorID, ev.ImpersonatorName, ev.ImpersonationSessionID,
		ev.TargetType, ev.TargetID, ev.TargetName, deref(ev.TenantID), deref(ev.BeforeValue), deref(ev.AfterValue),
		ev.Reason, ev.RequestID, ev.ClientIP, ev.UserAgent,
	}
	sum := sha256.Sum256([]byte(strings.Join(fields, "\x1f")))
	return hex.EncodeToString(sum[:])
}

func deref(s *string) string {
	if s == nil {
		return "\x00"
	}
	return *s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
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

type sessionSeen struct {
	SessionKey string `gorm:"primaryKey"`
	SeenAt     time.Time
}

func (sessionSeen) TableName() string { return "audit_sessions" }

// RecordOnce records e the first time key is seen, in its own transaction,
// and does nothing later. It is how the first request of a sign-in session
// is recorded without an event per request.
func RecordOnce(ctx context.Context, db *gorm.DB, key string, e Entry) error {
	var n int64
	if err := db.WithContext(ctx).Model(&sessionSeen{}).Where("session_key = ?", key).Count(&n).Error; err != nil || n > 0 {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&sessionSeen{SessionKey: key, SeenAt: time.Now().UTC()})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return Record(ctx, tx, e)
	})
}

// RecordNow records e in a transaction of its own, for events that are not
// part of a change, such as a request made while impersonating.
func RecordNow(ctx context.Context, db *gorm.DB, e Entry) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return Record(ctx, tx, e) })
}
