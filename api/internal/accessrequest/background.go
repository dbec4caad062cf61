package accessrequest

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// PersonID returns the id of the requester's person, or "" when sync has
// not brought the person and no grant created it.
func (s *Service) PersonID(ctx context.Context, r *Request) (string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Table("people").
		Where("entra_tenant_id = ? AND object_id = ?", r.EntraTenantID, r.ObjectID).Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return "", fmt.Errorf("look up the person of access request %s: %w", r.ID, err)
	}
	if len(ids) == 0 {
		return "", nil
	}
	return ids[0], nil
}

// Removal is an earlier end of a person's access, from the audit trail.
type Removal struct {
	UserID        string
	RemovedAt     time.Time
	RemovedBy     string
	RemovedByName string
	Reason        string
}

type removalRow struct {
	TargetID   string
	OccurredAt time.Time
	ActorID    string
	ActorName  string
	Reason     string
}

// Removals returns when the users of a person were removed, newest first,
// at most limit.
func (s *Service) Removals(ctx context.Context, personID string, limit int) ([]Removal, error) {
	if personID == "" {
		return nil, nil
	}
	// The removal event stores the person id in its before value, the JSON
	// object {"personId": ...} among others.
	like := `%"personId":"` + strings.ReplaceAll(personID, `%`, ``) + `"%`
	var rows []removalRow
	err := s.db.WithContext(ctx).Table("audit_events").Select("target_id, occurred_at, actor_id, actor_name, reason").
		Where("action = ? AND target_type = ? AND before_value LIKE ?", "user.removed", "user", like).
		Order("occurred_at DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read removals of person %s: %w", personID, err)
	}
	out := make([]Removal, len(rows))
	for i, r := range rows {
		out[i] = Removal{UserID: r.TargetID, RemovedAt: r.OccurredAt, RemovedBy: r.ActorID, RemovedByName: r.ActorName, Reason: r.Reason}
	}
	return out, nil
}
