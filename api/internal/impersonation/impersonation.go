// Package impersonation lets an administrator see Roster as another user,
// for a limited time and with a stated reason. The impersonator's own token
// stays the credential; the session id in a header makes the API act with
// the target's permissions, and every request in the session is recorded
// with both identities.
package impersonation

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/iam"
)

// Modes of impersonation.
const (
	ModeReadOnly = "read-only"
	ModeFull     = "full"
)

// Header carries the session id on requests made in a session.
const Header = "X-Roster-Impersonation"

// Settings are the administrator's switches for impersonation.
type Settings struct {
	Enabled     bool
	Mode        string
	MaxDuration time.Duration
}

// SettingsSource reads the current settings.
type SettingsSource func(ctx context.Context) (Settings, error)

// Errors; each refusal has its own problem type.
var (
	ErrDisabled      = errors.New("impersonation is turned off")
	ErrNested        = errors.New("impersonation cannot start inside an impersonation session")
	ErrSelf          = errors.New("you cannot impersonate yourself")
	ErrTargetInvalid = errors.New("the target user is not active")
	ErrWider         = errors.New("the target has permissions you do not have")
	ErrNotFound      = errors.New("impersonation session not found")
	ErrEnded         = errors.New("impersonation session has ended")
	ErrActive        = errors.New("you already have an active impersonation session")
	ErrForbidden     = errors.New("not allowed while impersonating")
	ErrReadOnly      = errors.New("read-only impersonation")
	ErrNotAUser      = errors.New("only users can impersonate")
)

// Session is one impersonation.
type Session struct {
	ID                 string `gorm:"primaryKey"`
	ImpersonatorUserID string
	ImpersonatorID     string
	ImpersonatorName   string
	TargetUserID       string
	TargetID           string
	TargetName         string
	TenantID           string
	Reason             string
	Mode               string
	StartedAt          time.Time
	ExpiresAt          time.Time
	EndedAt            *time.Time
	EndReason          string
}

// TableName is the table sessions live in.
func (Session) TableName() string { return "impersonation_sessions" }

// Active reports whether the session is running at now.
func (s *Session) Active(now time.Time) bool { return s.EndedAt == nil && now.Before(s.ExpiresAt) }

// Service starts, checks and ends sessions.
type Service struct {
	db       *gorm.DB
	resolver *iam.Resolver
	settings SettingsSource
	now      func() time.Time
}

// NewService returns a service.
func NewService(db *gorm.DB, resolver *iam.Resolver, settings SettingsSource) *Service {
	return &Service{db: db, resolver: resolver, settings: settings, now: func() time.Time { return time.Now().UTC() }}
}

// Start opens a session in which caller sees Roster as the target user.
func (s *Service) Start(ctx context.Context, caller *iam.Caller, targetUserID, reason string, duration time.Duration) (*Session, error) {
	set, err := s.settings(ctx)
	if err != nil {
		return nil, err
	}
	if !set.Enabled {
		return nil, fmt.Errorf("%w: an administrator turns it on in the settings", ErrDisabled)
	}
	if caller.Impersonator != nil {
		return nil, ErrNested
	}
	if caller.User == nil {
		return nil, ErrNotAUser
	}
	reason = strings.TrimSpace(reason)
	fields := map[string]string{}
	if reason == "" || len(reason) > 1000 {
		fields["reason"] = "a reason is required, at most 1000 characters"
	}
	switch {
	case duration == 0:
		duration = set.MaxDuration
	case duration < time.Minute || duration > set.MaxDuration:
		fields["durationMinutes"] = fmt.Sprintf("must be from 1 to %d minutes (impersonation.maxDuration), or omitted for the maximum", int(set.MaxDuration/time.Minute))
	}
	if len(fields) > 0 {
		return nil, &iam.ValidationError{Fields: fields}
	}

	target, err := s.resolver.ResolveUser(ctx, targetUserID)
	if err != nil {
		return nil, err
	}
	if !caller.Effective.Allowed(access.UsersRead, target.OwnTenantID) {
		return nil, fmt.Errorf("%w: %s", iam.ErrUserNotFound, targetUserID)
	}
	if !caller.Effective.Allowed(access.UsersImpersonate, target.OwnTenantID) {
		return nil, &iam.EscalationError{Permission: access.UsersImpersonate, TenantID: target.OwnTenantID}
	}
	if target.User.ID == caller.User.ID {
		return nil, ErrSelf
	}
	if target.Refusal != nil {
		return nil, fmt.Errorf("%w: %v", ErrTargetInvalid, target.Refusal)
	}
	if p, tenantID, ok := within(target.Effective, caller.Effective, caller.Tenants); !ok {
		return nil, fmt.Errorf("%w: %s in tenant %s", ErrWider, p, tenantID)
	}

	now := s.now()
	sess := &Session{
		ID: uuid.NewString(), ImpersonatorUserID: caller.User.ID, ImpersonatorID: caller.Principal.ID(),
		ImpersonatorName: caller.Principal.DisplayName(), TargetUserID: target.User.ID, TargetID: target.Principal.ID(),
		TargetName: target.Principal.DisplayName(), TenantID: target.OwnTenantID, Reason: reason, Mode: set.Mode,
		StartedAt: now, ExpiresAt: now.Add(duration),
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// A session that ran out without being ended does not block a new one.
		if err := tx.Model(&Session{}).Where("impersonator_user_id = ? AND ended_at IS NULL AND expires_at <= ?", caller.User.ID, now).
			Updates(map[string]any{"ended_at": now, "end_reason": "expired"}).Error; err != nil {
			return err
		}
		if err := tx.Create(sess).Error; err != nil {
			if errors.Is(database.Translate(err), database.ErrUniqueViolation) {
				return ErrActive
			}
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			Action: "impersonation.started", TargetType: "user", TargetID: target.User.ID, TargetName: sess.TargetName,
			TenantID: sess.TenantID, Reason: reason,
			After: map[string]any{"sessionId": sess.ID, "mode": sess.Mode, "expiresAt": sess.ExpiresAt},
		})
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// within reports whether every permission of target, in every tenant, is
// also the impersonator's there (and everywhere, for those held everywhere).
func within(target, impersonator *access.Effective, tenants []access.TenantRef) (access.Permission, string, bool) {
	for _, p := range target.EverywhereList() {
		if !impersonator.Everywhere(p) {
			return p, "every tenant", false
		}
	}
	for _, t := range tenants {
		for _, p := range target.InTenant(t.ID) {
			if !impersonator.Allowed(p, t.ID) {
				return p, t.ID, false
			}
		}
	}
	return "", "", true
}

// Check returns the active session and the caller it makes, or ends the
// session with the reason when it ran out, the setting was turned off or the
// impersonator lost the permission.
func (s *Service) Check(ctx context.Context, caller *iam.Caller, id string) (*Session, *iam.Caller, error) {
	sess, err := s.get(ctx, id)
	if err != nil || caller.User == nil || sess.ImpersonatorUserID != caller.User.ID {
		return nil, nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if sess.EndedAt != nil {
		return nil, nil, fmt.Errorf("%w (%s)", ErrEnded, sess.EndReason)
	}
	set, err := s.settings(ctx)
	if err != nil {
		return nil, nil, err
	}
	var end string
	switch {
	case !s.now().Before(sess.ExpiresAt):
		end = "expired"
	case !set.Enabled:
		end = "impersonation turned off"
	case !caller.Effective.Allowed(access.UsersImpersonate, sess.TenantID):
		end = "impersonator lost users:impersonate"
	}
	if end != "" {
		if err := s.end(ctx, sess, end); err != nil {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("%w (%s)", ErrEnded, end)
	}
	target, err := s.resolver.ResolveUser(ctx, sess.TargetUserID)
	if err != nil {
		return nil, nil, err
	}
	if target.Refusal != nil {
		if err := s.end(ctx, sess, "target no longer active"); err != nil {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("%w (target no longer active)", ErrEnded)
	}
	target.Impersonator = caller
	target.ImpersonationSessionID = sess.ID
	target.ImpersonationReadOnly = sess.Mode == ModeReadOnly
	target.ImpersonationEndsAt = sess.ExpiresAt
	return sess, target, nil
}

func (s *Service) get(ctx context.Context, id string) (*Session, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	var sess Session
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&sess).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return &sess, nil
}

func (s *Service) end(ctx context.Context, sess *Session, why string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.now()
		res := tx.Model(&Session{}).Where("id = ? AND ended_at IS NULL", sess.ID).Updates(map[string]any{"ended_at": now, "end_reason": why})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		sess.EndedAt, sess.EndReason = &now, why
		return audit.Record(ctx, tx, audit.Entry{
			Action: "impersonation.ended", TargetType: "user", TargetID: sess.TargetUserID, TargetName: sess.TargetName,
			TenantID: sess.TenantID, After: map[string]any{"sessionId": sess.ID, "endReason": why},
		})
	})
}

// Stop ends a session; its impersonator, or anyone holding
// users:impersonate in its tenant, may stop it.
func (s *Service) Stop(ctx context.Context, caller *iam.Caller, id string) error {
	sess, err := s.get(ctx, id)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	own := caller.User != nil && sess.ImpersonatorUserID == caller.User.ID
	if !own && !caller.Effective.Allowed(access.UsersImpersonate, sess.TenantID) {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if sess.EndedAt != nil {
		return nil
	}
	why := "stopped by the impersonator"
	if !own {
		why = "stopped by " + caller.Principal.DisplayName()
	}
	return s.end(ctx, sess, why)
}

// List returns sessions of the given tenants (nil for all), newest first.
func (s *Service) List(ctx context.Context, tenants []string, limit int, before *time.Time) ([]Session, error) {
	q := s.db.WithContext(ctx).Model(&Session{})
	if tenants != nil {
		if len(tenants) == 0 {
			return nil, nil
		}
		q = q.Where("tenant_id IN ?", tenants)
	}
	if before != nil {
		q = q.Where("started_at < ?", *before)
	}
	var out []Session
	err := q.Order("started_at DESC").Limit(limit).Find(&out).Error
	return out, err
}

// Get returns one session visible in the given tenants (nil for all).
func (s *Service) Get(ctx context.Context, id string) (*Session, error) { return s.get(ctx, id) }
