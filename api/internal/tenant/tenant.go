// Package tenant stores the organisations Roster manages: the MSP's own home
// tenant and its customer tenants, each optionally linked to one Entra tenant.
package tenant

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
	"github.com/rosterhq/roster/api/internal/person"
)

// Kinds of tenant.
const (
	KindHome     = "home"
	KindCustomer = "customer"
)

// Errors returned by the store.
var (
	ErrNotFound         = errors.New("tenant not found")
	ErrAlreadyLinked    = errors.New("entra tenant id already linked")
	ErrNameTaken        = errors.New("tenant name already used")
	ErrHomeTenantLinked = errors.New("entra tenant id is the home tenant")
	ErrStale            = errors.New("tenant was changed by someone else")
)

// Tenant is one organisation.
type Tenant struct {
	ID            string `gorm:"primaryKey"`
	Name          string
	Kind          string
	EntraTenantID *string
	PrimaryDomain string
	// SyncGuests says whether sync keeps guest accounts of the tenant.
	SyncGuests bool
	// Version counts changes made through Update, for ETags.
	Version        int64
	Tags           []string `gorm:"-"`
	DeltaLink      string
	LastFullSyncAt *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Linked reports whether the tenant is linked to an Entra tenant.
func (t *Tenant) Linked() bool { return t.EntraTenantID != nil && *t.EntraTenantID != "" }

// NewCustomer is the input for creating a customer tenant.
type NewCustomer struct {
	Name          string
	EntraTenantID string // empty for a tenant without an Entra directory
	PrimaryDomain string
}

// ValidationError lists invalid fields of an input, keyed by JSON field name.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for f, m := range e.Fields {
		parts = append(parts, f+": "+m)
	}
	return "invalid tenant: " + strings.Join(parts, "; ")
}

// Validate normalises and checks the input.
func (n *NewCustomer) Validate() error {
	n.Name = strings.TrimSpace(n.Name)
	n.EntraTenantID = strings.ToLower(strings.TrimSpace(n.EntraTenantID))
	n.PrimaryDomain = strings.ToLower(strings.TrimSpace(n.PrimaryDomain))

	fields := map[string]string{}
	if n.Name == "" || len(n.Name) > 200 {
		fields["name"] = "name is required, at most 200 characters"
	}
	if n.EntraTenantID != "" && !config.IsGUID(n.EntraTenantID) {
		fields["entraTenantId"] = fmt.Sprintf("%q is not a GUID; copy the Tenant ID from the Entra admin center (Overview page), e.g. 2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02", n.EntraTenantID)
	}
	if n.EntraTenantID == "9188040d-6c67-4c5b-b112-36a304b66dad" {
		fields["entraTenantId"] = "this is the tenant of personal Microsoft accounts, which cannot be linked"
	}
	if len(n.PrimaryDomain) > 253 || strings.ContainsAny(n.PrimaryDomain, " /@") {
		fields["primaryDomain"] = fmt.Sprintf("%q is not a domain name, e.g. contoso.onmicrosoft.com", n.PrimaryDomain)
	}
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	return nil
}

// Store reads and writes tenants.
type Store struct {
	db *gorm.DB
}

// NewStore returns a store on db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// EnsureHome creates or updates the home tenant from configuration. It is
// idempotent and runs at every start.
func (s *Store) EnsureHome(ctx context.Context, name, entraTenantID string) (*Tenant, error) {
	var home Tenant
	err := s.db.WithContext(ctx).Where("kind = ?", KindHome).Take(&home).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("read home tenant: %w", err)
	}
	tid := strings.ToLower(entraTenantID)
	if errors.Is(err, gorm.ErrRecordNotFound) {
		home = Tenant{ID: uuid.NewString(), Name: name, Kind: KindHome, EntraTenantID: &tid, SyncGuests: true, Version: 1}
		if err := s.db.WithContext(ctx).Create(&home).Error; err != nil {
			return nil, fmt.Errorf("create home tenant %s: %w", tid, database.Translate(err))
		}
		return &home, nil
	}

	if home.Name == name && home.EntraTenantID != nil && *home.EntraTenantID == tid {
		return &home, nil
	}
	if home.EntraTenantID != nil && *home.EntraTenantID != tid {
		// A different home tenant id invalidates the stored delta link.
		home.DeltaLink = ""
	}
	home.Name, home.EntraTenantID = name, &tid
	if err := s.db.WithContext(ctx).Save(&home).Error; err != nil {
		return nil, fmt.Errorf("update home tenant %s: %w", tid, database.Translate(err))
	}
	return &home, nil
}

// CreateCustomer creates a customer tenant; an Entra tenant id can be linked
// to one tenant only. record, when not nil, runs in the same transaction
// (to write the audit event).
func (s *Store) CreateCustomer(ctx context.Context, in NewCustomer, record func(tx *gorm.DB, t *Tenant) error) (*Tenant, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	t := Tenant{ID: uuid.NewString(), Name: in.Name, Kind: KindCustomer, PrimaryDomain: in.PrimaryDomain, SyncGuests: true, Version: 1}
	if in.EntraTenantID != "" {
		t.EntraTenantID = &in.EntraTenantID
	}

	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if in.EntraTenantID != "" {
			var existing Tenant
			err := tx.Where("entra_tenant_id = ?", in.EntraTenantID).Take(&existing).Error
			if err == nil {
				if existing.Kind == KindHome {
					return fmt.Errorf("%w: %s", ErrHomeTenantLinked, in.EntraTenantID)
				}
				return fmt.Errorf("%w: %s is linked to tenant %q (%s)", ErrAlreadyLinked, in.EntraTenantID, existing.Name, existing.ID)
			}
			if !errors.Is(err, gorm.ErrRecordNotFound) {
				return err
			}
		}
		var count int64
		if err := tx.Model(&Tenant{}).Where("lower(name) = lower(?)", in.Name).Count(&count).Error; err != nil {
			return err
		}
		if count > 0 {
			return fmt.Errorf("%w: %q", ErrNameTaken, in.Name)
		}
		if err := tx.Create(&t).Error; err != nil {
			return err
		}
		if record != nil {
			return record(tx, &t)
		}
		return nil
	})
	if err != nil {
		err = database.Translate(err)
		if errors.Is(err, database.ErrUniqueViolation) {
			// Lost a race with a concurrent create of the same link or name.
			return nil, fmt.Errorf("%w: %s", ErrAlreadyLinked, in.EntraTenantID)
		}
		return nil, err
	}
	return &t, nil
}

// Get returns the tenant with id.
func (s *Store) Get(ctx context.Context, id string) (*Tenant, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	var t Tenant
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&t).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return nil, fmt.Errorf("read tenant %s: %w", id, err)
	}
	return &t, nil
}

// ByEntraID returns the tenant linked to the Entra tenant id.
func (s *Store) ByEntraID(ctx context.Context, entraTenantID string) (*Tenant, error) {
	var t Tenant
	err := s.db.WithContext(ctx).Where("entra_tenant_id = ?", strings.ToLower(entraTenantID)).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("%w: entra tenant %s", ErrNotFound, entraTenantID)
	}
	if err != nil {
		return nil, fmt.Errorf("read tenant by entra id %s: %w", entraTenantID, err)
	}
	return &t, nil
}

// IsLinked reports whether an Entra tenant id is the home tenant or a
// linked customer tenant.
func (s *Store) IsLinked(ctx context.Context, entraTenantID string) (bool, error) {
	var count int64
	err := s.db.WithContext(ctx).Model(&Tenant{}).Where("entra_tenant_id = ?", strings.ToLower(entraTenantID)).Count(&count).Error
	if err != nil {
		return false, fmt.Errorf("look up entra tenant %s: %w", entraTenantID, err)
	}
	return count > 0, nil
}

// List returns at most limit tenants ordered by name, starting after the
// tenant the cursor points at.
// ids, when not nil, limits the result to those tenants.
func (s *Store) List(ctx context.Context, ids []string, after *Tenant, limit int) ([]Tenant, error) {
	q := s.db.WithContext(ctx).Model(&Tenant{})
	if ids != nil {
		if len(ids) == 0 {
			return nil, nil
		}
		q = q.Where("id IN ?", ids)
	}
	if after != nil {
		q = q.Where("(lower(name), id) > (lower(?), ?)", after.Name, after.ID)
	}
	var out []Tenant
	err := q.Order("lower(name)").Order("id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	return out, nil
}

// SetDeltaLink stores the delta link to continue the next sync from; full
// records that the run enumerated everyone.
func (s *Store) SetDeltaLink(tx *gorm.DB, id, link string, full bool, at time.Time) error {
	updates := map[string]any{"delta_link": link, "updated_at": at}
	if full {
		updates["last_full_sync_at"] = at
	}
	return tx.Model(&Tenant{}).Where("id = ?", id).Updates(updates).Error
}

// Names returns the names of the given tenants by id.
func (s *Store) Names(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Tenant
	if err := s.db.WithContext(ctx).Select("id", "name").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read tenant names: %w", err)
	}
	for _, t := range rows {
		out[t.ID] = t.Name
	}
	return out, nil
}

// Home returns the home tenant.
func (s *Store) Home(ctx context.Context) (*Tenant, error) {
	var t Tenant
	if err := s.db.WithContext(ctx).Where("kind = ?", KindHome).Take(&t).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("%w: no home tenant", ErrNotFound)
		}
		return nil, err
	}
	return &t, nil
}

type tenantTag struct {
	TenantID string `gorm:"primaryKey"`
	Tag      string `gorm:"primaryKey"`
}

func (tenantTag) TableName() string { return "tenant_tags" }

// LoadTags fills the Tags of the given tenants.
func (s *Store) LoadTags(ctx context.Context, tenants []Tenant) error {
	if len(tenants) == 0 {
		return nil
	}
	ids := make([]string, len(tenants))
	index := map[string]int{}
	for i := range tenants {
		ids[i] = tenants[i].ID
		index[tenants[i].ID] = i
		tenants[i].Tags = []string{}
	}
	var rows []tenantTag
	if err := s.db.WithContext(ctx).Where("tenant_id IN ?", ids).Order("lower(tag)").Find(&rows).Error; err != nil {
		return fmt.Errorf("read tenant tags: %w", err)
	}
	for _, r := range rows {
		tenants[index[r.TenantID]].Tags = append(tenants[index[r.TenantID]].Tags, r.Tag)
	}
	return nil
}

// Update changes a tenant's name, primary domain, tags and whether sync
// keeps its guests. record runs in
// the same transaction with the tenant before and after.
// A version of 0 skips the check that the tenant is still at that version.
func (s *Store) Update(ctx context.Context, id string, version int64, name, domain *string, tags []string, syncGuests *bool, record func(tx *gorm.DB, before, after *Tenant) error) (*Tenant, error) {
	var after *Tenant
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := &Store{db: tx}
		before, err := st.Get(ctx, id)
		if err != nil {
			return err
		}
		list := []Tenant{*before}
		if err := st.LoadTags(ctx, list); err != nil {
			return err
		}
		*before = list[0]
		a := *before
		fields := map[string]string{}
		if name != nil {
			a.Name = strings.TrimSpace(*name)
			if a.Name == "" || len(a.Name) > 200 {
				fields["name"] = "name is required, at most 200 characters"
			}
		}
		if domain != nil {
			a.PrimaryDomain = strings.ToLower(strings.TrimSpace(*domain))
			if len(a.PrimaryDomain) > 253 || strings.ContainsAny(a.PrimaryDomain, " /@") {
				fields["primaryDomain"] = fmt.Sprintf("%q is not a domain name", a.PrimaryDomain)
			}
		}
		if tags != nil {
			normalized, err := person.NormalizeTags(tags)
			if err != nil {
				fields["tags"] = err.Error()
			}
			a.Tags = normalized
		}
		if len(fields) > 0 {
			return &ValidationError{Fields: fields}
		}
		if a.Name != before.Name {
			var n int64
			if err := tx.Model(&Tenant{}).Where("lower(name) = lower(?) AND id <> ?", a.Name, id).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("%w: %q", ErrNameTaken, a.Name)
			}
		}
		a.UpdatedAt = time.Now().UTC()
		if syncGuests != nil {
			a.SyncGuests = *syncGuests
		}
		if version != 0 && before.Version != version {
			return fmt.Errorf("%w: tenant %s is at version %d, not %d", ErrStale, id, before.Version, version)
		}
		a.Version = before.Version + 1
		res := tx.Model(&Tenant{}).Where("id = ? AND version = ?", id, before.Version).Updates(map[string]any{"name": a.Name, "primary_domain": a.PrimaryDomain, "sync_guests": a.SyncGuests, "version": a.Version, "updated_at": a.UpdatedAt})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("%w: tenant %s", ErrStale, id)
		}
		if tags != nil {
			if err := tx.Where("tenant_id = ?", id).Delete(&tenantTag{}).Error; err != nil {
				return err
			}
			for _, t := range a.Tags {
				if err := tx.Create(&tenantTag{TenantID: id, Tag: t}).Error; err != nil {
					return err
				}
			}
		}
		if a.Tags == nil {
			a.Tags = []string{}
		}
		after = &a
		return record(tx, before, after)
	})
	return after, err
}
