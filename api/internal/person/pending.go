package person

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Kinds of pending change.
const (
	ChangeDisable = "disable" // the account was disabled upstream
	ChangeRemove  = "remove"  // the user left the directory upstream
)

// PendingChange is a disable or removal that a sync run found and has not
// applied yet. A run applies its pending changes at its end, or keeps them
// for an administrator to confirm when too many people would go.
type PendingChange struct {
	RunID    string `gorm:"primaryKey"`
	PersonID string `gorm:"primaryKey"`
	Change   string
}

// TableName is the table pending changes live in.
func (PendingChange) TableName() string { return "sync_run_pending_changes" }

// stage records changes, replacing an earlier change of the same person in
// the same run.
func stage(ctx context.Context, tx *gorm.DB, changes []PendingChange) error {
	if len(changes) == 0 {
		return nil
	}
	err := tx.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "run_id"}, {Name: "person_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"change"}),
	}).CreateInBatches(changes, 500).Error
	if err != nil {
		return fmt.Errorf("stage %d pending changes of run %s: %w", len(changes), changes[0].RunID, err)
	}
	return nil
}

// unstage drops the pending changes of people seen again in a state that
// supersedes them, such as enabled after disabled within one run.
func unstage(ctx context.Context, tx *gorm.DB, runID string, personIDs []string) error {
	err := tx.WithContext(ctx).Where("run_id = ?", runID).Where(anyUUID(tx, "person_id", personIDs)).Delete(&PendingChange{}).Error
	if err != nil {
		return fmt.Errorf("drop superseded pending changes of run %s: %w", runID, err)
	}
	return nil
}

// StageUnseenRemoved stages the removal of every synced person of the tenant
// that a full enumeration (target.RunID) did not return, and returns how
// many it staged.
func StageUnseenRemoved(ctx context.Context, tx *gorm.DB, target SyncTarget) (int, error) {
	res := tx.WithContext(ctx).Exec(`
		INSERT INTO sync_run_pending_changes (run_id, person_id, change)
		SELECT ?, id, ? FROM people
		WHERE entra_tenant_id = ? AND source = ? AND status <> ? AND (seen_run_id IS NULL OR seen_run_id <> ?)
		ON CONFLICT (run_id, person_id) DO UPDATE SET change = excluded.change`,
		target.RunID, ChangeRemove, target.EntraTenantID, SourceEntra, StatusRemoved, target.RunID)
	if res.Error != nil {
		return 0, fmt.Errorf("stage removal of people of tenant %s not seen by run %s: %w", target.EntraTenantID, target.RunID, res.Error)
	}
	return int(res.RowsAffected), nil
}

// CountPending returns the number of staged disables and removals of a run.
func CountPending(ctx context.Context, db *gorm.DB, runID string) (disables, removals int, err error) {
	var rows []struct {
		Change string
		N      int
	}
	err = db.WithContext(ctx).Model(&PendingChange{}).Select("change, count(*) AS n").
		Where("run_id = ?", runID).Group("change").Scan(&rows).Error
	if err != nil {
		return 0, 0, fmt.Errorf("count pending changes of run %s: %w", runID, err)
	}
	for _, r := range rows {
		switch r.Change {
		case ChangeDisable:
			disables = r.N
		case ChangeRemove:
			removals = r.N
		}
	}
	return disables, removals, nil
}

// Population returns the number of synced people of an Entra tenant who have
// not left the directory: the base that a run's disables and removals are
// compared with.
func Population(ctx context.Context, db *gorm.DB, entraTenantID string) (int, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Person{}).
		Where("entra_tenant_id = ? AND source = ? AND status <> ?", entraTenantID, SourceEntra, StatusRemoved).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count people of tenant %s: %w", entraTenantID, err)
	}
	return int(n), nil
}

// ApplyPending applies the staged changes of a run in tx: disabled accounts
// become disabled people and removed users are marked as having left the
// directory. People already in that state are skipped. It returns how many
// people it disabled and removed.
func ApplyPending(ctx context.Context, tx *gorm.DB, runID string, now time.Time) (disabled, removed int, err error) {
	staged := func(change string) *gorm.DB {
		return tx.Model(&PendingChange{}).Select("person_id").Where("run_id = ? AND change = ?", runID, change)
	}
	res := tx.WithContext(ctx).Model(&Person{}).
		Where("id IN (?) AND status = ?", staged(ChangeDisable), StatusEnabled).
		Updates(map[string]any{
			"status": StatusDisabled, "account_enabled": false, "version": gorm.Expr("version + 1"),
			"last_synced_at": now, "updated_at": now,
		})
	if res.Error != nil {
		return 0, 0, fmt.Errorf("apply disables of run %s: %w", runID, res.Error)
	}
	disabled = int(res.RowsAffected)

	res = tx.WithContext(ctx).Model(&Person{}).
		Where("id IN (?) AND status <> ?", staged(ChangeRemove), StatusRemoved).
		Updates(map[string]any{
			"status": StatusRemoved, "removed_at": now, "version": gorm.Expr("version + 1"),
			"updated_at": now, "seen_run_id": nil,
		})
	if res.Error != nil {
		return 0, 0, fmt.Errorf("apply removals of run %s: %w", runID, res.Error)
	}
	return disabled, int(res.RowsAffected), nil
}

// PendingPerson is a staged change with the person it concerns.
type PendingPerson struct {
	Change string
	Person Person `gorm:"embedded"`
}

// ListPending returns at most limit staged changes of a run with their
// people, in display-name order after the cursor, and the next cursor.
func ListPending(ctx context.Context, db *gorm.DB, runID string, after *Cursor, limit int) ([]PendingPerson, *Cursor, error) {
	q := db.WithContext(ctx).Table("sync_run_pending_changes AS c").
		Select("c.change, p.*").Joins("JOIN people p ON p.id = c.person_id").
		Where("c.run_id = ?", runID)
	if after != nil {
		q = q.Where("(p.sort_key, p.id) > (?, ?)", after.SortKey, after.ID)
	}
	var rows []PendingPerson
	if err := q.Order("p.sort_key").Order("p.id").Limit(limit + 1).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("list pending changes of run %s: %w", runID, err)
	}
	var next *Cursor
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[len(rows)-1].Person
		next = &Cursor{SortKey: last.SortKey, ID: last.ID}
	}
	return rows, next, nil
}
