package settings

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/rosterhq/roster/api/internal/audit"
)

type row struct {
	Key           string `gorm:"primaryKey"`
	Value         string
	UpdatedBy     string
	UpdatedByName string
	UpdatedAt     time.Time
}

func (row) TableName() string { return "settings" }

type revisionRow struct {
	ID       int `gorm:"primaryKey"`
	Revision int64
}

func (revisionRow) TableName() string { return "settings_revision" }

// Setting is one setting with its current value.
type Setting struct {
	Definition
	Value any
	// Changed is false while the setting has its default value because it
	// was never set.
	Changed       bool
	UpdatedBy     string
	UpdatedByName string
	UpdatedAt     *time.Time
}

// Store reads and changes settings.
type Store struct {
	db  *gorm.DB
	now func() time.Time
}

// NewStore returns a store on db.
func NewStore(db *gorm.DB) *Store {
	return &Store{db: db, now: func() time.Time { return time.Now().UTC() }}
}

// Snapshot returns the value of every setting.
func (s *Store) Snapshot(ctx context.Context) (Snapshot, error) {
	rows, err := s.rows(ctx, s.db)
	if err != nil {
		return Snapshot{}, err
	}
	snap := Snapshot{values: map[Key]any{}}
	for key, r := range rows {
		if v, ok := decodeStored(key, r); ok {
			snap.values[key] = v
		}
	}
	return snap, nil
}

// List returns every registered setting, ordered by key, and the revision
// of all settings, which Update expects back.
func (s *Store) List(ctx context.Context) ([]Setting, int64, error) {
	var rev revisionRow
	if err := s.db.WithContext(ctx).Take(&rev).Error; err != nil {
		return nil, 0, fmt.Errorf("read settings revision: %w", err)
	}
	rows, err := s.rows(ctx, s.db)
	if err != nil {
		return nil, 0, err
	}
	defs := Definitions()
	out := make([]Setting, len(defs))
	for i, d := range defs {
		out[i] = Setting{Definition: d, Value: d.Default}
		r, ok := rows[d.Key]
		if !ok {
			continue
		}
		if v, valid := decodeStored(d.Key, r); valid {
			out[i].Value, out[i].Changed = v, true
		}
		at := r.UpdatedAt
		out[i].UpdatedBy, out[i].UpdatedByName, out[i].UpdatedAt = r.UpdatedBy, r.UpdatedByName, &at
	}
	return out, rev.Revision, nil
}

func (s *Store) rows(ctx context.Context, db *gorm.DB) (map[Key]row, error) {
	var rows []row
	if err := db.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	out := make(map[Key]row, len(rows))
	for _, r := range rows {
		out[Key(r.Key)] = r
	}
	return out, nil
}

// decodeStored returns a stored value, or false when its key is no longer
// registered or the value no longer passes validation, in which case the
// default applies.
func decodeStored(key Key, r row) (any, bool) {
	d, ok := registry[key]
	if !ok {
		return nil, false
	}
	v, err := d.decode(json.RawMessage(r.Value))
	return v, err == nil
}

// Update sets the given settings, all or none, if the settings revision is
// still revision, and records the change with reason. Values are JSON as the
// API receives them. It returns a ValidationError naming each unknown key
// or invalid value, and ErrStale when someone changed the settings since
// revision was read.
func (s *Store) Update(ctx context.Context, revision int64, changes map[Key]json.RawMessage, reason string) error {
	values, err := validate(changes)
	if err != nil {
		return err
	}
	if len([]rune(reason)) > 1000 {
		return &ValidationError{Fields: map[string]string{"reason": "at most 1000 characters"}}
	}

	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&revisionRow{}).Where("id = 1 AND revision = ?", revision).Update("revision", gorm.Expr("revision + 1"))
		if res.Error != nil {
			return fmt.Errorf("update settings revision: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("revision %d: %w", revision, ErrStale)
		}
		current, err := s.rows(ctx, tx)
		if err != nil {
			return err
		}

		actor := audit.FromContext(ctx).Actor
		now := s.now()
		before, after := map[Key]any{}, map[Key]any{}
		for key, v := range values {
			old, changed := decodeStored(key, current[key])
			if !changed {
				old = registry[key].Default
			}
			if old == v {
				continue
			}
			encoded, _ := json.Marshal(v)
			r := row{Key: string(key), Value: string(encoded), UpdatedBy: actor.ID, UpdatedByName: actor.Name, UpdatedAt: now}
			if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&r).Error; err != nil {
				return fmt.Errorf("write setting %s: %w", key, err)
			}
			before[key], after[key] = old, v
		}
		if len(after) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{
			Action: "settings.changed", TargetType: "settings", TargetID: "instance",
			Before: before, After: after, Reason: reason,
		})
	})
}

func validate(changes map[Key]json.RawMessage) (map[Key]any, error) {
	fields := map[string]string{}
	values := map[Key]any{}
	for key, raw := range changes {
		d, ok := registry[key]
		if !ok {
			fields[string(key)] = "no such setting; GET /api/v1/settings lists them"
			continue
		}
		v, err := d.decode(raw)
		if err != nil {
			fields[string(key)] = err.Error()
			continue
		}
		values[key] = v
	}
	if len(changes) == 0 {
		fields["values"] = "give at least one setting to change"
	}
	if len(fields) > 0 {
		return nil, &ValidationError{Fields: fields}
	}
	return values, nil
}
