package iam

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/auth"
	"github.com/rosterhq/roster/api/internal/person"
	"github.com/rosterhq/roster/api/internal/tenant"
)

// Reasons a known caller may not act, each with its own problem type.
var (
	ErrUserDisabled       = errors.New("user is disabled")
	ErrUserExpired        = errors.New("user's access has expired")
	ErrUserSuspended      = errors.New("user is suspended because their account was disabled or removed in Entra ID")
	ErrClientDisabled     = errors.New("API client is disabled")
	ErrClientUnregistered = errors.New("application is not registered as an API client")
)

// Caller is the authenticated principal with its user or API client record
// and what it may do.
type Caller struct {
	Principal *access.Principal
	User      *User      // nil unless the caller is a user
	Client    *APIClient // nil unless the caller is a registered API client
	// OwnTenantID is the Roster tenant of the caller's token tenant, "" when
	// that tenant is unknown.
	OwnTenantID string
	Customer    bool
	Grants      []access.Grant
	Tenants     []access.TenantRef
	Effective   *access.Effective
	// Refusal is set when the caller is known but may not act now
	// (disabled, expired, suspended, unregistered application).
	Refusal error

	// Impersonator is the real caller when this caller is a user being
	// impersonated in session ImpersonationSessionID.
	Impersonator           *Caller
	ImpersonationSessionID string
	ImpersonationReadOnly  bool
	ImpersonationEndsAt    time.Time
}

// IsUser reports whether the caller is an active user or API client.
func (c *Caller) IsUser() bool { return (c.User != nil || c.Client != nil) && c.Refusal == nil }

// PrincipalRef returns the assignment principal of the caller.
func (c *Caller) PrincipalRef() (string, string) {
	if c.Client != nil {
		return PrincipalClient, c.Client.ID
	}
	if c.User != nil {
		return PrincipalUser, c.User.ID
	}
	return "", ""
}

// Resolver turns a verified token into a Caller.
type Resolver struct {
	db              *gorm.DB
	tenants         *tenant.Store
	bootstrapAdmins []string
	log             *slog.Logger
	now             func() time.Time
}

// NewResolver returns a resolver. bootstrapAdmins are object ids or user
// principal names of home-tenant people who become MSP Administrators the
// first time they are seen.
func NewResolver(db *gorm.DB, tenants *tenant.Store, bootstrapAdmins []string, log *slog.Logger) *Resolver {
	lower := make([]string, len(bootstrapAdmins))
	for i, a := range bootstrapAdmins {
		lower[i] = strings.ToLower(strings.TrimSpace(a))
	}
	return &Resolver{db: db, tenants: tenants, bootstrapAdmins: lower, log: log, now: func() time.Time { return time.Now().UTC() }}
}

// Resolve loads the caller's record and evaluates its assignments.
func (r *Resolver) Resolve(ctx context.Context, p *access.Principal) (*Caller, error) {
	c := &Caller{Principal: p, Customer: !p.Home}
	if t, err := r.tenants.ByEntraID(ctx, p.Claims.TenantID); err == nil {
		c.OwnTenantID = t.ID
	} else if !errors.Is(err, tenant.ErrNotFound) {
		return nil, err
	}

	var err error
	if p.Claims.IsApp() {
		err = r.resolveClient(ctx, c)
	} else {
		err = r.resolveUser(ctx, c)
	}
	if err != nil {
		return nil, err
	}
	return c, r.evaluate(ctx, c)
}

// ResolveUser builds the caller a user would be, for impersonation: the
// user's record, refusal and effective permissions, with a principal made
// from the user's person.
func (r *Resolver) ResolveUser(ctx context.Context, userID string) (*Caller, error) {
	if _, err := uuid.Parse(userID); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrUserNotFound, userID)
	}
	var u User
	if err := r.db.WithContext(ctx).Where("id = ?", userID).Take(&u).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("%w: %s", ErrUserNotFound, userID)
		}
		return nil, err
	}
	var p person.Person
	if err := r.db.WithContext(ctx).Where("id = ?", u.PersonID).Take(&p).Error; err != nil {
		return nil, fmt.Errorf("read person of user %s: %w", userID, err)
	}
	var kind string
	if err := r.db.WithContext(ctx).Table("tenants").Where("id = ?", u.TenantID).Pluck("kind", &kind).Error; err != nil {
		return nil, err
	}
	claims := &auth.Claims{Name: p.DisplayName, PreferredUsername: p.UserPrincipalName, IDType: "user"}
	if p.ObjectID != nil {
		claims.ObjectID = *p.ObjectID
	}
	if p.EntraTenantID != nil {
		claims.TenantID = *p.EntraTenantID
	}
	c := &Caller{Principal: &access.Principal{Claims: claims, Home: kind == "home"}, User: &u, OwnTenantID: u.TenantID, Customer: kind != "home"}
	switch {
	case u.Status == StatusDisabled:
		c.Refusal = ErrUserDisabled
	case u.Status == StatusSuspended || p.Status != person.StatusEnabled:
		c.Refusal = ErrUserSuspended
	case u.EffectiveStatus(r.now()) == StatusExpired:
		c.Refusal = ErrUserExpired
	}
	return c, r.evaluate(ctx, c)
}

func (r *Resolver) resolveClient(ctx context.Context, c *Caller) error {
	var cl APIClient
	err := r.db.WithContext(ctx).Where("client_id = ?", strings.ToLower(c.Principal.Claims.AppID)).Take(&cl).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		c.Refusal = fmt.Errorf("%w: client id %s; an administrator registers it under API clients", ErrClientUnregistered, c.Principal.Claims.AppID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("read API client %s: %w", c.Principal.Claims.AppID, err)
	}
	c.Client = &cl
	c.OwnTenantID = cl.TenantID
	if cl.Status != StatusActive {
		c.Refusal = ErrClientDisabled
		return nil
	}
	now := r.now()
	if cl.LastUsedAt == nil || now.Sub(*cl.LastUsedAt) > 5*time.Minute {
		_ = r.db.WithContext(ctx).Model(&APIClient{}).Where("id = ?", cl.ID).Update("last_used_at", now).Error
	}
	return nil
}

func (r *Resolver) resolveUser(ctx context.Context, c *Caller) error {
	claims := c.Principal.Claims
	var p person.Person
	err := r.db.WithContext(ctx).Where("entra_tenant_id = ? AND object_id = ?", strings.ToLower(claims.TenantID), strings.ToLower(claims.ObjectID)).Take(&p).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("look up person %s: %w", claims.ObjectID, err)
	}
	var u User
	found := false
	if err == nil {
		uerr := r.db.WithContext(ctx).Where("person_id = ?", p.ID).Take(&u).Error
		switch {
		case uerr == nil:
			found = true
		case !errors.Is(uerr, gorm.ErrRecordNotFound):
			return fmt.Errorf("look up user of person %s: %w", p.ID, uerr)
		}
	}
	if !found {
		created, err := r.bootstrap(ctx, c)
		if err != nil || created == nil {
			return err
		}
		u = *created
		if err := r.db.WithContext(ctx).Where("id = ?", u.PersonID).Take(&p).Error; err != nil {
			return err
		}
	}
	c.User = &u
	c.OwnTenantID = u.TenantID

	now := r.now()
	switch {
	case u.Status == StatusActive && (p.Status == person.StatusDisabled || p.Status == person.StatusRemoved):
		if err := r.suspend(ctx, &u, &p); err != nil {
			return err
		}
		c.Refusal = ErrUserSuspended
	case u.Status == StatusDisabled:
		c.Refusal = fmt.Errorf("%w: %s", ErrUserDisabled, u.StatusReason)
	case u.Status == StatusSuspended:
		c.Refusal = ErrUserSuspended
	case u.EffectiveStatus(now) == StatusExpired:
		c.Refusal = fmt.Errorf("%w on %s", ErrUserExpired, u.ExpiresAt.Format(time.RFC3339))
	}
	if c.Refusal == nil && (u.LastSignInAt == nil || now.Sub(*u.LastSignInAt) > 5*time.Minute) {
		_ = r.db.WithContext(ctx).Model(&User{}).Where("id = ?", u.ID).Update("last_sign_in_at", now).Error
	}
	return nil
}

// suspend marks an active user whose person left or was disabled upstream.
func (r *Resolver) suspend(ctx context.Context, u *User, p *person.Person) error {
	return r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		reason := "account " + p.Status + " in Entra ID"
		if err := SuspendForPerson(ctx, tx, p.ID, reason, r.now()); err != nil {
			return err
		}
		u.Status, u.StatusReason = StatusSuspended, reason
		return nil
	})
}

// SuspendForPerson suspends the active user of a person, if any, and
// records it. Sync calls it in the transaction that marks the person
// disabled or removed.
func SuspendForPerson(ctx context.Context, tx *gorm.DB, personID, reason string, now time.Time) error {
	var u User
	err := tx.WithContext(ctx).Where("person_id = ? AND status = ?", personID, StatusActive).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	res := tx.WithContext(ctx).Model(&User{}).Where("id = ? AND status = ?", u.ID, StatusActive).Updates(map[string]any{
		"status": StatusSuspended, "status_reason": reason, "status_changed_by": audit.System.ID,
		"status_changed_at": now, "version": gorm.Expr("version + 1"), "updated_at": now,
	})
	if res.Error != nil || res.RowsAffected == 0 {
		return res.Error
	}
	sys := audit.AsSystem(ctx, audit.System)
	return audit.Record(sys, tx, audit.Entry{
		Action: "user.suspended", TargetType: "user", TargetID: u.ID, TenantID: u.TenantID,
		Before: map[string]string{"status": StatusActive}, After: map[string]string{"status": StatusSuspended, "reason": reason},
	})
}

func (r *Resolver) evaluate(ctx context.Context, c *Caller) error {
	tenants, err := LoadTenantRefs(ctx, r.db)
	if err != nil {
		return err
	}
	c.Tenants = tenants
	if c.IsUser() {
		typ, id := c.PrincipalRef()
		if c.Grants, err = LoadGrants(ctx, r.db, typ, id); err != nil {
			return err
		}
	}
	c.Effective = access.Evaluate(access.Subject{OwnTenantID: c.OwnTenantID, Customer: c.Customer}, c.Grants, tenants)
	return nil
}

// LoadTenantRefs returns every tenant with its tags.
func LoadTenantRefs(ctx context.Context, db *gorm.DB) ([]access.TenantRef, error) {
	var ids []string
	if err := db.WithContext(ctx).Table("tenants").Order("id").Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("read tenants: %w", err)
	}
	var tags []struct{ TenantID, Tag string }
	if err := db.WithContext(ctx).Table("tenant_tags").Select("tenant_id, tag").Scan(&tags).Error; err != nil {
		return nil, fmt.Errorf("read tenant tags: %w", err)
	}
	byTenant := map[string][]string{}
	for _, t := range tags {
		byTenant[t.TenantID] = append(byTenant[t.TenantID], t.Tag)
	}
	out := make([]access.TenantRef, len(ids))
	for i, id := range ids {
		out[i] = access.TenantRef{ID: id, Tags: byTenant[id]}
	}
	return out, nil
}

// LoadGrants returns a principal's assignments with their roles' permissions.
func LoadGrants(ctx context.Context, db *gorm.DB, principalType, principalID string) ([]access.Grant, error) {
	var rows []Assignment
	if err := db.WithContext(ctx).Where("principal_type = ? AND principal_id = ?", principalType, principalID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read role assignments of %s %s: %w", principalType, principalID, err)
	}
	return grantsOf(ctx, db, rows)
}

func grantsOf(ctx context.Context, db *gorm.DB, rows []Assignment) ([]access.Grant, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	roleIDs := map[string]bool{}
	for _, a := range rows {
		roleIDs[a.RoleID] = true
	}
	var ids []string
	for id := range roleIDs {
		ids = append(ids, id)
	}
	var roles []Role
	if err := db.WithContext(ctx).Where("id IN ?", ids).Find(&roles).Error; err != nil {
		return nil, err
	}
	if err := loadPermissions(ctx, db, roles); err != nil {
		return nil, err
	}
	byID := map[string]Role{}
	for _, r := range roles {
		byID[r.ID] = r
	}
	out := make([]access.Grant, 0, len(rows))
	for _, a := range rows {
		role := byID[a.RoleID]
		out = append(out, access.Grant{
			AssignmentID: a.ID, RoleID: a.RoleID, RoleName: role.Name, Scope: a.Scope(),
			Effect: access.Effect(a.Effect), Permissions: role.Permissions,
		})
	}
	return out, nil
}

// bootstrap makes a listed home-tenant person an MSP Administrator the
// first time they are seen, and returns nil when the caller is not listed
// or was bootstrapped before (a removed bootstrap administrator is not
// recreated).
func (r *Resolver) bootstrap(ctx context.Context, c *Caller) (*User, error) {
	claims := c.Principal.Claims
	entry := r.bootstrapEntry(claims.ObjectID, claims.PreferredUsername)
	if !c.Principal.Home || entry == "" {
		return nil, nil
	}
	home, err := r.tenants.ByEntraID(ctx, claims.TenantID)
	if err != nil {
		return nil, err
	}
	return r.grantBootstrap(ctx, entry, home, claims.ObjectID, claims.Name, claims.PreferredUsername)
}

func (r *Resolver) bootstrapEntry(oid, upn string) string {
	for _, e := range r.bootstrapAdmins {
		if e != "" && (e == strings.ToLower(oid) || (upn != "" && e == strings.ToLower(upn))) {
			return e
		}
	}
	return ""
}

// EnsureBootstrap grants the listed administrators whose person is already
// known (synced) at start; the others are granted at their first request.
func (r *Resolver) EnsureBootstrap(ctx context.Context) error {
	home, err := r.tenants.Home(ctx)
	if err != nil {
		return err
	}
	for _, entry := range r.bootstrapAdmins {
		var p person.Person
		q := r.db.WithContext(ctx).Where("tenant_id = ?", home.ID)
		if _, perr := uuid.Parse(entry); perr == nil {
			q = q.Where("object_id = ?", entry)
		} else {
			q = q.Where("lower(user_principal_name) = ?", entry)
		}
		err := q.Take(&p).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if _, err := r.grantBootstrap(ctx, entry, home, *p.ObjectID, p.DisplayName, p.UserPrincipalName); err != nil {
			return err
		}
	}
	return nil
}

func (r *Resolver) grantBootstrap(ctx context.Context, entry string, home *tenant.Tenant, oid, name, upn string) (*User, error) {
	var created *User
	err := r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var done int64
		if err := tx.Model(&bootstrapGrant{}).Where("entry = ?", entry).Count(&done).Error; err != nil || done > 0 {
			return err
		}
		p, err := person.EnsureFromIdentity(ctx, tx, home.ID, *home.EntraTenantID, oid, name, upn)
		if err != nil {
			return err
		}
		var existing int64
		if err := tx.Model(&User{}).Where("person_id = ?", p.ID).Count(&existing).Error; err != nil || existing > 0 {
			return err
		}
		now := r.now()
		u := &User{
			ID: uuid.NewString(), PersonID: p.ID, TenantID: home.ID, Status: StatusActive,
			GrantedBy: "bootstrap", GrantedByName: "ROSTER_BOOTSTRAP_ADMINS", GrantedAt: now,
			GrantReason: "listed in ROSTER_BOOTSTRAP_ADMINS", Version: 1, CreatedAt: now, UpdatedAt: now,
		}
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		a := &Assignment{
			ID: uuid.NewString(), PrincipalType: PrincipalUser, PrincipalID: u.ID, RoleID: access.RoleMSPAdministrator,
			ScopeType: string(access.ScopeAll), Effect: string(access.Allow), Reason: "bootstrap administrator",
			AssignedBy: "bootstrap", AssignedByName: "ROSTER_BOOTSTRAP_ADMINS", AssignedAt: now,
		}
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		if err := tx.Create(&bootstrapGrant{Entry: entry, UserID: u.ID, GrantedAt: now}).Error; err != nil {
			return err
		}
		sys := audit.AsSystem(ctx, audit.Actor{Type: audit.ActorSystem, ID: "bootstrap", Name: "ROSTER_BOOTSTRAP_ADMINS"})
		if err := audit.Record(sys, tx, audit.Entry{
			Action: "user.bootstrap.granted", TargetType: "user", TargetID: u.ID, TenantID: home.ID,
			After: map[string]string{"person": p.DisplayName, "userPrincipalName": p.UserPrincipalName, "role": "MSP Administrator", "scope": "all tenants"},
		}); err != nil {
			return err
		}
		created = u
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("grant bootstrap administrator %s: %w", entry, err)
	}
	if created != nil {
		r.log.Info("bootstrap administrator granted", "user_id", created.ID, "entry", entry)
	}
	return created, nil
}
