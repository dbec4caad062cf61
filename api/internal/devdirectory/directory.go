// Package devdirectory is a Microsoft-Graph-compatible directory for tests and
// for the `--dev` demo. It keeps Entra tenants and their users in memory and
// serves them with Graph's protocol: GET /v1.0/users and /v1.0/users/delta()
// with $select, paging links, delta links and "@removed" entries (see Handler).
// TokenService issues the client-credentials tokens that the real MSAL Go
// client needs to call it.
//
// Every change bumps a sequence number shared by all tenants and stamps the
// changed user with it. Deleted users stay as tombstones, so that a delta
// continuation can report them as removed.
package devdirectory

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Errors returned by Directory methods, wrapped with the ids involved.
var (
	ErrTenantNotFound  = errors.New("tenant not found")
	ErrUserNotFound    = errors.New("user not found")
	ErrInvalidUser     = errors.New("invalid user")
	ErrInvalidCustomer = errors.New("invalid customer")
)

// Directory is the in-memory state of a set of tenants. It is safe for
// concurrent use.
type Directory struct {
	mu sync.RWMutex
	// epoch identifies this instance. Delta tokens carry it, so that a token
	// from an earlier run of the server, whose sequence numbers meant
	// something else, is rejected instead of misread.
	epoch   string
	seq     uint64
	tenants map[string]*tenantState
	order   []string // tenant ids in file order
}

type tenantState struct {
	info  TenantInfo
	apps  map[string][]string // app id -> granted app roles
	users map[string]*userState
	// order holds the keys of users sorted, so that a page starts with a
	// binary search instead of sorting the whole tenant.
	order     []string
	customers []Customer
}

type userState struct {
	user    User
	seq     uint64 // sequence number of the last change
	deleted bool
}

// TenantInfo describes a tenant of the directory.
type TenantInfo struct {
	TenantID      string `json:"tenantId"`
	DisplayName   string `json:"displayName"`
	DefaultDomain string `json:"defaultDomain"`
	// Users counts the users that are not deleted.
	Users int `json:"users"`
}

// Person is a signable identity for the dev identity provider's sign-in
// picker.
type Person struct {
	TenantID          string `json:"tid"`
	ObjectID          string `json:"oid"`
	Name              string `json:"name"`
	UserPrincipalName string `json:"upn"`
}

// ReloadSummary counts what a Reload changed.
type ReloadSummary struct {
	TenantsAdded   int `json:"tenantsAdded"`
	TenantsRemoved int `json:"tenantsRemoved"`
	UsersAdded     int `json:"usersAdded"`
	UsersUpdated   int `json:"usersUpdated"`
	UsersDeleted   int `json:"usersDeleted"`
}

func newDirectory(f File) *Directory {
	d := &Directory{epoch: randomHex(8), tenants: map[string]*tenantState{}}
	d.apply(f)
	return d
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // since Go 1.24 it crashes the program rather than return an error
	return hex.EncodeToString(b)
}

// Reload reads the directory file at path and applies the difference to the
// current state. New and changed users get a new sequence number, users
// missing from the file become tombstones, and unchanged users keep theirs.
// So a delta continuation after the reload returns only what the edit
// changed. A tenant missing from the file is removed with its users, and an
// invalid file leaves the state unchanged.
func (d *Directory) Reload(path string) (ReloadSummary, error) {
	f, err := readFile(path)
	if err != nil {
		return ReloadSummary{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.apply(f), nil
}

// apply makes the state equal to f. The caller holds d.mu or owns d.
func (d *Directory) apply(f File) ReloadSummary {
	var sum ReloadSummary
	inFile := map[string]bool{}
	var order []string
	for _, ft := range f.Tenants {
		inFile[ft.TenantID] = true
		order = append(order, ft.TenantID)
		t, ok := d.tenants[ft.TenantID]
		if !ok {
			t = &tenantState{users: map[string]*userState{}}
			d.tenants[ft.TenantID] = t
			sum.TenantsAdded++
		}
		t.info = TenantInfo{TenantID: ft.TenantID, DisplayName: ft.DisplayName, DefaultDomain: ft.DefaultDomain}
		t.apps = map[string][]string{}
		for _, a := range ft.Apps {
			t.apps[strings.ToLower(a.AppID)] = slices.Clone(a.Roles)
		}
		t.customers = normalizeCustomers(ft.Customers)
		d.applyUsers(t, ft.Users, &sum)
	}
	for id := range d.tenants {
		if !inFile[id] {
			delete(d.tenants, id)
			sum.TenantsRemoved++
		}
	}
	d.order = order
	return sum
}

func (d *Directory) applyUsers(t *tenantState, users []User, sum *ReloadSummary) {
	inFile := map[string]bool{}
	for _, u := range users {
		id := u.ID // lower case after parseFile
		inFile[id] = true
		cur, ok := t.users[id]
		switch {
		case !ok || cur.deleted:
			sum.UsersAdded++
		case reflect.DeepEqual(cur.user, u):
			continue
		default:
			sum.UsersUpdated++
		}
		d.seq++
		t.users[id] = &userState{user: u, seq: d.seq}
	}
	t.sortOrder()
	for id, cur := range t.users {
		if !inFile[id] && !cur.deleted {
			d.seq++
			cur.deleted, cur.seq = true, d.seq
			sum.UsersDeleted++
		}
	}
}

// UpsertUser creates or replaces the user u.ID in tenant tid. A deleted user
// with that id is restored. It fails with ErrInvalidUser when u has an
// invalid field or another user of the tenant has its userPrincipalName.
func (d *Directory) UpsertUser(tid string, u User) error {
	if problems := validateUser(u); len(problems) > 0 {
		return fmt.Errorf("%w %q: %s", ErrInvalidUser, u.ID, strings.Join(problems, "; "))
	}
	u = u.normalized()
	id := u.ID

	d.mu.Lock()
	defer d.mu.Unlock()
	t, err := d.tenant(tid)
	if err != nil {
		return err
	}
	for otherID, other := range t.users {
		if otherID != id && !other.deleted && strings.EqualFold(other.user.UserPrincipalName, u.UserPrincipalName) {
			return fmt.Errorf("%w %q: userPrincipalName %q is taken by user %s", ErrInvalidUser, u.ID, u.UserPrincipalName, otherID)
		}
	}
	if _, known := t.users[id]; !known {
		i, _ := slices.BinarySearch(t.order, id)
		t.order = slices.Insert(t.order, i, id)
	}
	d.seq++
	t.users[id] = &userState{user: u, seq: d.seq}
	return nil
}

// DeleteUser soft-deletes a user: it disappears from listings and the next
// delta continuation reports it with "@removed": {"reason": "changed"}.
func (d *Directory) DeleteUser(tid, id string) error {
	return d.update(tid, id, func(s *userState) { s.deleted = true })
}

// SetAccountEnabled enables or disables a user's account.
func (d *Directory) SetAccountEnabled(tid, id string, enabled bool) error {
	return d.update(tid, id, func(s *userState) { s.user.AccountEnabled = &enabled })
}

func (d *Directory) update(tid, id string, change func(*userState)) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	t, err := d.tenant(tid)
	if err != nil {
		return err
	}
	s, ok := t.users[strings.ToLower(id)]
	if !ok || s.deleted {
		return fmt.Errorf("%w: %s in tenant %s", ErrUserNotFound, id, tid)
	}
	change(s)
	d.seq++
	s.seq = d.seq
	return nil
}

// SetAppRoles makes the application appID present in tenant tid with the
// given app roles. Empty roles model an app that is present but lacks
// permission.
func (d *Directory) SetAppRoles(tid, appID string, roles []string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	t, err := d.tenant(tid)
	if err != nil {
		return err
	}
	t.apps[strings.ToLower(appID)] = slices.Clone(roles)
	return nil
}

// RemoveApp removes the application appID from tenant tid, as if its admin
// consent was revoked.
func (d *Directory) RemoveApp(tid, appID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	t, err := d.tenant(tid)
	if err != nil {
		return err
	}
	delete(t.apps, strings.ToLower(appID))
	return nil
}

// AppRoles returns the app roles granted to appID in tenant tid, and false
// when the app is not present in the tenant.
func (d *Directory) AppRoles(tid, appID string) ([]string, bool, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	t, err := d.tenant(tid)
	if err != nil {
		return nil, false, err
	}
	roles, ok := t.apps[strings.ToLower(appID)]
	return slices.Clone(roles), ok, nil
}

// Tenant returns the tenant whose id or default domain is key.
func (d *Directory) Tenant(key string) (TenantInfo, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if t, ok := d.tenants[strings.ToLower(key)]; ok {
		return t.summary(), nil
	}
	for _, t := range d.tenants {
		if strings.EqualFold(t.info.DefaultDomain, key) {
			return t.summary(), nil
		}
	}
	return TenantInfo{}, fmt.Errorf("%w: %s", ErrTenantNotFound, key)
}

// Tenants returns every tenant in file order.
func (d *Directory) Tenants() []TenantInfo {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]TenantInfo, 0, len(d.order))
	for _, id := range d.order {
		out = append(out, d.tenants[id].summary())
	}
	return out
}

func (t *tenantState) summary() TenantInfo {
	info := t.info
	for _, s := range t.users {
		if !s.deleted {
			info.Users++
		}
	}
	return info
}

// Users returns the users of tenant tid that are not deleted, sorted by id.
func (d *Directory) Users(tid string) ([]User, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	t, err := d.tenant(tid)
	if err != nil {
		return nil, err
	}
	var out []User
	for _, s := range t.sortedUsers() {
		if !s.deleted {
			out = append(out, s.user.normalized())
		}
	}
	return out, nil
}

// People returns every enabled, not deleted user of every tenant, tenants in
// file order and users sorted by display name.
func (d *Directory) People() []Person {
	d.mu.RLock()
	defer d.mu.RUnlock()
	var out []Person
	for _, tid := range d.order {
		var people []Person
		for _, s := range d.tenants[tid].users {
			if s.deleted || !s.user.Enabled() {
				continue
			}
			people = append(people, Person{TenantID: tid, ObjectID: s.user.ID, Name: s.user.DisplayName, UserPrincipalName: s.user.UserPrincipalName})
		}
		sort.Slice(people, func(i, j int) bool {
			if people[i].Name != people[j].Name {
				return people[i].Name < people[j].Name
			}
			return people[i].ObjectID < people[j].ObjectID
		})
		out = append(out, people...)
	}
	return out
}

// tenant returns the state of tenant tid. The caller holds d.mu.
func (d *Directory) tenant(tid string) (*tenantState, error) {
	t, ok := d.tenants[strings.ToLower(tid)]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrTenantNotFound, tid)
	}
	return t, nil
}

func (t *tenantState) sortedUsers() []*userState {
	out := make([]*userState, 0, len(t.order))
	for _, id := range t.order {
		out = append(out, t.users[id])
	}
	return out
}

// sortOrder rebuilds order from the keys of users.
func (t *tenantState) sortOrder() {
	t.order = make([]string, 0, len(t.users))
	for id := range t.users {
		t.order = append(t.order, id)
	}
	sort.Strings(t.order)
}

// entry is one user as a listing or delta page returns it.
type entry struct {
	user    User
	deleted bool
}

// pageQuery selects users of one tenant for a listing or delta page.
type pageQuery struct {
	tenantID string
	after    string // return ids greater than this one
	limit    int
	// since, when changes is set, keeps only users changed after this
	// sequence number, tombstones included; otherwise only users that are not
	// deleted are returned.
	since   uint64
	changes bool
}

// page returns up to q.limit entries in id order and whether more follow.
func (d *Directory) page(q pageQuery) ([]entry, bool, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	t, err := d.tenant(q.tenantID)
	if err != nil {
		return nil, false, err
	}
	var out []entry
	start, _ := slices.BinarySearch(t.order, q.after)
	for _, id := range t.order[start:] {
		s := t.users[id]
		if s.user.ID <= q.after {
			continue
		}
		if q.changes && s.seq <= q.since || !q.changes && s.deleted {
			continue
		}
		if len(out) == q.limit {
			return out, true, nil
		}
		out = append(out, entry{user: s.user.normalized(), deleted: s.deleted})
	}
	return out, false, nil
}

// sequence returns the current sequence number and the instance epoch.
func (d *Directory) sequence() (uint64, string) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.seq, d.epoch
}

// SetCustomers replaces the customer tenants that tenant tid manages. An
// empty list makes the customer lists answer with no customers.
func (d *Directory) SetCustomers(tid string, customers []Customer) error {
	for i, c := range customers {
		if problems := validateCustomer(c); len(problems) > 0 {
			return fmt.Errorf("%w: customers[%d]: %s", ErrInvalidCustomer, i, strings.Join(problems, "; "))
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	t, err := d.tenant(tid)
	if err != nil {
		return err
	}
	t.customers = normalizeCustomers(customers)
	return nil
}

// Customers returns the customer tenants that tenant tid manages.
func (d *Directory) Customers(tid string) ([]Customer, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	t, err := d.tenant(tid)
	if err != nil {
		return nil, err
	}
	return slices.Clone(t.customers), nil
}

func normalizeCustomers(in []Customer) []Customer {
	out := make([]Customer, len(in))
	for i, c := range in {
		c.TenantID, c.DefaultDomain = strings.ToLower(c.TenantID), strings.ToLower(c.DefaultDomain)
		out[i] = c
	}
	return out
}
