package iam

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/database"
)

// RoleInUseError is ErrRoleInUse with the places the role is assigned.
type RoleInUseError struct {
	Assignments int
}

func (e *RoleInUseError) Error() string {
	return fmt.Sprintf("role is held by %d role assignments; remove them first (GET /api/v1/role-assignments?roleId=...)", e.Assignments)
}

func (e *RoleInUseError) Unwrap() error { return ErrRoleInUse }

// RoleInput is a custom role's editable fields.
type RoleInput struct {
	Name        string
	Description string
	Permissions []access.Permission
}

// Validate normalises and checks the input, naming each invalid field.
func (in *RoleInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	fields := map[string]string{}
	if in.Name == "" || len(in.Name) > 100 {
		fields["name"] = "name is required, at most 100 characters"
	}
	if len(in.Description) > 1000 {
		fields["description"] = "at most 1000 characters"
	}
	seen := map[access.Permission]bool{}
	var perms []access.Permission
	for _, p := range in.Permissions {
		if !access.Valid(p) {
			fields["permissions"] = fmt.Sprintf("%q is not a permission; GET /api/v1/permissions lists them", p)
			break
		}
		if !seen[p] {
			seen[p] = true
			perms = append(perms, p)
		}
	}
	in.Permissions = access.Sorted(seen)
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	return nil
}

// ValidationError lists invalid input fields by JSON name.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	var parts []string
	for k, v := range e.Fields {
		parts = append(parts, k+": "+v)
	}
	sort.Strings(parts)
	return "invalid input: " + strings.Join(parts, "; ")
}

// Roles stores roles.
type Roles struct {
	db *gorm.DB
}

// NewRoles returns a role store.
func NewRoles(db *gorm.DB) *Roles { return &Roles{db: db} }

// EnsureBuiltins creates or refreshes the built-in roles, so that their
// permissions follow the catalogue of the running version.
func (s *Roles) EnsureBuiltins(ctx context.Context) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := time.Now().UTC()
		for _, b := range access.Builtins {
			var r Role
			err := tx.Where("id = ?", b.ID).Take(&r).Error
			switch {
			case errors.Is(err, gorm.ErrRecordNotFound):
				r = Role{ID: b.ID, Name: b.Name, Description: b.Description, Builtin: true, Version: 1, CreatedAt: now, UpdatedAt: now}
				if err := tx.Create(&r).Error; err != nil {
					return fmt.Errorf("create built-in role %q: %w", b.Name, database.Translate(err))
				}
			case err != nil:
				return err
			default:
				if err := tx.Model(&Role{}).Where("id = ?", b.ID).Updates(map[string]any{"name": b.Name, "description": b.Description, "builtin": true}).Error; err != nil {
					return err
				}
			}
			if err := setPermissions(tx, b.ID, b.Permissions); err != nil {
				return err
			}
		}
		return nil
	})
}

func setPermissions(tx *gorm.DB, roleID string, perms []access.Permission) error {
	if err := tx.Where("role_id = ?", roleID).Delete(&rolePermission{}).Error; err != nil {
		return err
	}
	if len(perms) == 0 {
		return nil
	}
	rows := make([]rolePermission, len(perms))
	for i, p := range perms {
		rows[i] = rolePermission{RoleID: roleID, Permission: string(p)}
	}
	return tx.Create(&rows).Error
}

// List returns every role with its permissions, built-in roles first.
func (s *Roles) List(ctx context.Context) ([]Role, error) {
	var roles []Role
	if err := s.db.WithContext(ctx).Order("builtin DESC").Order("lower(name)").Find(&roles).Error; err != nil {
		return nil, fmt.Errorf("list roles: %w", err)
	}
	if err := loadPermissions(ctx, s.db, roles); err != nil {
		return nil, err
	}
	return roles, nil
}

// Get returns a role with its permissions.
func (s *Roles) Get(ctx context.Context, id string) (*Role, error) {
	return getRole(ctx, s.db, id)
}

func getRole(ctx context.Context, db *gorm.DB, id string) (*Role, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrRoleNotFound, id)
	}
	var r Role
	if err := db.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("%w: %s", ErrRoleNotFound, id)
		}
		return nil, err
	}
	roles := []Role{r}
	if err := loadPermissions(ctx, db, roles); err != nil {
		return nil, err
	}
	return &roles[0], nil
}

func loadPermissions(ctx context.Context, db *gorm.DB, roles []Role) error {
	if len(roles) == 0 {
		return nil
	}
	ids := make([]string, len(roles))
	index := map[string]int{}
	for i := range roles {
		ids[i] = roles[i].ID
		index[roles[i].ID] = i
		roles[i].Permissions = []access.Permission{}
	}
	var rows []rolePermission
	if err := db.WithContext(ctx).Where("role_id IN ?", ids).Find(&rows).Error; err != nil {
		return fmt.Errorf("read role permissions: %w", err)
	}
	sets := make([]map[access.Permission]bool, len(roles))
	for _, r := range rows {
		i := index[r.RoleID]
		if sets[i] == nil {
			sets[i] = map[access.Permission]bool{}
		}
		sets[i][access.Permission(r.Permission)] = true
	}
	for i := range roles {
		roles[i].Permissions = access.Sorted(sets[i])
	}
	return nil
}

// Create adds a custom role. check runs in the transaction before the
// write, to refuse permissions the creator does not hold.
func (s *Roles) Create(ctx context.Context, in RoleInput, check func(*gorm.DB, []access.Permission) error, record func(*gorm.DB, *Role) error) (*Role, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	r := &Role{ID: uuid.NewString(), Name: in.Name, Description: in.Description, Version: 1, CreatedAt: now, UpdatedAt: now, Permissions: in.Permissions}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := check(tx, in.Permissions); err != nil {
			return err
		}
		if err := tx.Create(r).Error; err != nil {
			return translateRoleErr(err, in.Name)
		}
		if err := setPermissions(tx, r.ID, in.Permissions); err != nil {
			return err
		}
		return record(tx, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

func translateRoleErr(err error, name string) error {
	if errors.Is(database.Translate(err), database.ErrUniqueViolation) {
		return fmt.Errorf("%w: %q", ErrRoleNameTaken, name)
	}
	return err
}

// Update replaces a custom role's fields if its version is still version.
// after runs in the transaction once the change is written, to keep an
// administrator and to record the event.
func (s *Roles) Update(ctx context.Context, id string, version int64, in RoleInput, check func(*gorm.DB, []access.Permission) error, after func(tx *gorm.DB, before, after *Role) error) (*Role, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var updated *Role
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		before, err := getRole(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Builtin {
			return fmt.Errorf("%w: %q", ErrBuiltinRole, before.Name)
		}
		if before.Version != version {
			return fmt.Errorf("role %s: %w", id, ErrStale)
		}
		if err := check(tx, in.Permissions); err != nil {
			return err
		}
		res := tx.Model(&Role{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"name": in.Name, "description": in.Description, "version": version + 1, "updated_at": time.Now().UTC(),
		})
		if res.Error != nil {
			return translateRoleErr(res.Error, in.Name)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("role %s: %w", id, ErrStale)
		}
		if err := setPermissions(tx, id, in.Permissions); err != nil {
			return err
		}
		if updated, err = getRole(ctx, tx, id); err != nil {
			return err
		}
		return after(tx, before, updated)
	})
	if err != nil {
		return nil, err
	}
	return updated, nil
}

// Delete removes a custom role that no assignment holds.
func (s *Roles) Delete(ctx context.Context, id string, record func(*gorm.DB, *Role) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r, err := getRole(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.Builtin {
			return fmt.Errorf("%w: %q", ErrBuiltinRole, r.Name)
		}
		var n int64
		if err := tx.Model(&Assignment{}).Where("role_id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return &RoleInUseError{Assignments: int(n)}
		}
		if err := tx.Where("role_id = ?", id).Delete(&rolePermission{}).Error; err != nil {
			return err
		}
		if err := tx.Where("id = ?", id).Delete(&Role{}).Error; err != nil {
			return err
		}
		return record(tx, r)
	})
}
