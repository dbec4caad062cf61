package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Break is the first place where the chain does not hold.
type Break struct {
	Seq     int64
	EventID string
	// Problem describes the fault: a changed event, a missing one, or a
	// head that does not match the last event.
	Problem string
}

// VerifyResult is the outcome of a verification.
type VerifyResult struct {
	Checked int64
	// Unchained counts events written before the chain existed.
	Unchained int64
	// FirstSeq is the first verified event: after pruning, the first kept
	// event, which links to the hash the pruning recorded.
	FirstSeq int64
	LastSeq  int64
	Break    *Break
}

// Verify walks the chain in order and reports the first broken link. It
// reads in batches, so memory stays bounded whatever the trail's size.
func Verify(ctx context.Context, db *gorm.DB) (VerifyResult, error) {
	var res VerifyResult
	var head chainHead
	if err := db.WithContext(ctx).Where("id = 1").Take(&head).Error; err != nil {
		return res, fmt.Errorf("read audit chain head: %w", err)
	}

	prevHash, prevSeq, started := "", int64(0), false
	const batch = 2000
	for {
		var events []Event
		err := db.WithContext(ctx).Where("seq > ?", prevSeq).Order("seq").Limit(batch).Find(&events).Error
		if err != nil {
			return res, fmt.Errorf("read audit events after %d: %w", prevSeq, err)
		}
		for i := range events {
			ev := &events[i]
			if ev.Hash == "" && !started {
				res.Unchained++
				prevSeq = ev.Seq
				continue
			}
			if !started {
				// The first chained event links to "" on a new trail, or to
				// the hash that the last pruning recorded.
				started, res.FirstSeq = true, ev.Seq
				if ev.PrevHash != "" {
					ok, err := prunedThrough(ctx, db, ev.Seq-1, ev.PrevHash)
					if err != nil {
						return res, err
					}
					if !ok {
						res.Break = &Break{Seq: ev.Seq, EventID: ev.ID, Problem: "the events before it are gone and no recorded pruning explains it"}
						return res, nil
					}
				}
				prevHash = ev.PrevHash
			} else if ev.Seq != prevSeq+1 {
				res.Break = &Break{Seq: prevSeq + 1, Problem: fmt.Sprintf("events %d to %d are missing", prevSeq+1, ev.Seq-1)}
				return res, nil
			}
			if ev.PrevHash != prevHash {
				res.Break = &Break{Seq: ev.Seq, EventID: ev.ID, Problem: "does not link to the event before it (that event was changed or removed)"}
				return res, nil
			}
			if ev.computeHash() != ev.Hash {
				res.Break = &Break{Seq: ev.Seq, EventID: ev.ID, Problem: "its content does not match its hash (it was changed)"}
				return res, nil
			}
			prevHash, prevSeq = ev.Hash, ev.Seq
			res.Checked++
			res.LastSeq = ev.Seq
		}
		if len(events) < batch {
			break
		}
	}
	if head.Seq != prevSeq || (started && head.Hash != prevHash) {
		res.Break = &Break{Seq: head.Seq, Problem: fmt.Sprintf("the chain head says event %d is last, but the last event is %d (events at the end were removed or the head was changed)", head.Seq, prevSeq)}
	}
	return res, nil
}

// prunedThrough reports whether a recorded pruning deleted the events up to
// seq, the last of which had hash.
func prunedThrough(ctx context.Context, db *gorm.DB, seq int64, hash string) (bool, error) {
	var events []Event
	if err := db.WithContext(ctx).Where("action = ?", "audit.pruned").Find(&events).Error; err != nil {
		return false, err
	}
	for _, ev := range events {
		var v struct {
			ThroughSeq      int64  `json:"throughSeq"`
			LastDeletedHash string `json:"lastDeletedHash"`
		}
		if ev.AfterValue != nil && json.Unmarshal([]byte(*ev.AfterValue), &v) == nil && v.ThroughSeq == seq && v.LastDeletedHash == hash {
			return true, nil
		}
	}
	return false, nil
}

// ErrNothingToPrune is returned when no event is older than the cutoff.
var ErrNothingToPrune = errors.New("no audit events older than the retention period")

// Prune deletes the events that occurred before cutoff and records that it
// did, with the hash of the last deleted event: the first kept event links
// to it, so Verify starts there and the chain stays verifiable.
func Prune(ctx context.Context, db *gorm.DB, cutoff time.Time) (int64, error) {
	var deleted int64
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var last Event
		err := tx.Where("occurred_at < ?", cutoff.UTC()).Order("seq DESC").Limit(1).Take(&last).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrNothingToPrune
		}
		if err != nil {
			return err
		}
		if err := allowPrune(tx); err != nil {
			return err
		}
		res := tx.Where("seq <= ?", last.Seq).Delete(&Event{})
		if res.Error != nil {
			return fmt.Errorf("delete audit events up to %d: %w", last.Seq, res.Error)
		}
		deleted = res.RowsAffected
		if err := endPrune(tx); err != nil {
			return err
		}
		return Record(AsSystem(ctx, Actor{Type: ActorSystem, ID: "system:audit-retention", Name: "Audit retention"}), tx, Entry{
			Action: "audit.pruned", TargetType: "audit_trail", TargetID: "audit_events",
			After: map[string]any{"deleted": deleted, "throughSeq": last.Seq, "lastDeletedHash": last.Hash, "cutoff": cutoff.UTC()},
		})
	})
	return deleted, err
}

func allowPrune(tx *gorm.DB) error {
	if tx.Dialector.Name() == "postgres" {
		return tx.Exec("SET LOCAL roster.audit_prune = 'on'").Error
	}
	return tx.Exec("INSERT INTO audit_prune_guard (id) VALUES (1)").Error
}

func endPrune(tx *gorm.DB) error {
	if tx.Dialector.Name() == "postgres" {
		return tx.Exec("SET LOCAL roster.audit_prune = 'off'").Error
	}
	return tx.Exec("DELETE FROM audit_prune_guard").Error
}
