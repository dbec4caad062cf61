package access

import "sort"

// Permissions the API checks. Every route names one of them; the catalogue
// below describes each for the role editor.
const (
	PeopleRead            Permission = "people:read"
	PeopleTag             Permission = "people:tag"
	TenantsRead           Permission = "tenants:read"
	TenantsCreate         Permission = "tenants:create"
	TenantsUpdate         Permission = "tenants:update"
	SyncRead              Permission = "sync:read"
	SyncRun               Permission = "sync:run"
	SyncConfirm           Permission = "sync:confirm"
	UsersRead             Permission = "users:read"
	UsersGrant            Permission = "users:grant"
	UsersUpdate           Permission = "users:update"
	UsersDisable          Permission = "users:disable"
	UsersRemove           Permission = "users:remove"
	UsersImpersonate      Permission = "users:impersonate"
	RolesRead             Permission = "roles:read"
	RolesManage           Permission = "roles:manage"
	RoleAssignmentsRead   Permission = "role-assignments:read"
	RoleAssignmentsManage Permission = "role-assignments:manage"
	AccessRequestsRead    Permission = "access-requests:read"
	AccessRequestsDecide  Permission = "access-requests:decide"
	AuditRead             Permission = "audit:read"
	SettingsRead          Permission = "settings:read"
	SettingsManage        Permission = "settings:manage"
	APIClientsRead        Permission = "api-clients:read"
	APIClientsManage      Permission = "api-clients:manage"
)

// Categories of permissions, from harmless to powerful.
const (
	CategoryView     = "view"
	CategoryCore     = "core"
	CategoryAdvanced = "advanced"
)

// Info describes a permission for people choosing it.
type Info struct {
	Permission  Permission
	Subject     string
	DisplayName string
	Description string
	Category    string
	// HighRisk marks permissions that let the holder act as others or widen
	// anyone's access.
	HighRisk bool
	// MSPOnly marks permissions that only users of the MSP's home tenant may
	// hold; assignments to customer-tenant users never grant them.
	MSPOnly bool
}

// Catalogue lists every permission, grouped by subject.
var Catalogue = []Info{
	{PeopleRead, "People", "View people", "List, search and read people and their synced fields and tags.", CategoryView, false, false},
	{PeopleTag, "People", "Tag people", "Add and remove local tags on people.", CategoryCore, false, false},
	{TenantsRead, "Tenants", "View tenants", "List and read tenants, their link to Entra ID and their tags.", CategoryView, false, false},
	{TenantsCreate, "Tenants", "Create tenants", "Create customer tenants and link them to Entra tenants.", CategoryAdvanced, false, true},
	{TenantsUpdate, "Tenants", "Edit tenants", "Rename tenants and change their tags, which tag-scoped role assignments follow.", CategoryAdvanced, true, true},
	{SyncRead, "Sync", "View syncs", "Read sync runs, their outcome and errors.", CategoryView, false, false},
	{SyncRun, "Sync", "Run syncs", "Start a sync of a tenant's people from Entra ID.", CategoryCore, false, false},
	{SyncConfirm, "Sync", "Confirm held syncs", "Confirm or discard a sync that would disable or remove more people than the guard allows.", CategoryAdvanced, false, false},
	{UsersRead, "Users", "View users", "List and read users, their roles, status and expiry.", CategoryView, false, false},
	{UsersGrant, "Users", "Grant access", "Make people users, with role assignments the granter holds.", CategoryCore, true, false},
	{UsersUpdate, "Users", "Change users", "Change a user's access expiry.", CategoryCore, false, false},
	{UsersDisable, "Users", "Disable users", "Disable and enable users, with a reason.", CategoryCore, false, false},
	{UsersRemove, "Users", "Remove access", "Remove a user's access; the person and the history stay.", CategoryCore, false, false},
	{UsersImpersonate, "Users", "Impersonate users", "See Roster as another user, within one's own permissions.", CategoryAdvanced, true, false},
	{RolesRead, "Roles", "View roles", "List and read roles and the permission catalogue.", CategoryView, false, false},
	{RolesManage, "Roles", "Manage roles", "Create, edit, clone and delete custom roles.", CategoryAdvanced, true, true},
	{RoleAssignmentsRead, "Role assignments", "View role assignments", "See who holds which role where.", CategoryView, false, false},
	{RoleAssignmentsManage, "Role assignments", "Assign roles", "Create and remove role assignments within the assigner's own permissions.", CategoryAdvanced, true, false},
	{AccessRequestsRead, "Access requests", "View access requests", "See pending and decided access requests.", CategoryView, false, false},
	{AccessRequestsDecide, "Access requests", "Decide access requests", "Grant or deny access requests.", CategoryCore, true, false},
	{AuditRead, "Audit", "View the audit trail", "Read and export audit events.", CategoryView, false, false},
	{SettingsRead, "Settings", "View settings", "Read instance-wide settings.", CategoryView, false, true},
	{SettingsManage, "Settings", "Change settings", "Change instance-wide settings such as impersonation and access requests.", CategoryAdvanced, true, true},
	{APIClientsRead, "API clients", "View API clients", "List and read registered applications that call the API.", CategoryView, false, true},
	{APIClientsManage, "API clients", "Manage API clients", "Register applications to call the API and change them.", CategoryAdvanced, true, true},
}

// All lists every permission, in catalogue order.
var All = func() []Permission {
	out := make([]Permission, len(Catalogue))
	for i, info := range Catalogue {
		out[i] = info.Permission
	}
	return out
}()

var byPermission = func() map[Permission]Info {
	m := make(map[Permission]Info, len(Catalogue))
	for _, info := range Catalogue {
		m[info.Permission] = info
	}
	return m
}()

// Lookup returns the catalogue entry of p.
func Lookup(p Permission) (Info, bool) {
	info, ok := byPermission[p]
	return info, ok
}

// Valid reports whether p is in the catalogue.
func Valid(p Permission) bool {
	_, ok := byPermission[p]
	return ok
}

// MSPOnly reports whether only home-tenant users may hold p.
func MSPOnly(p Permission) bool { return byPermission[p].MSPOnly }

// Sorted returns the permissions of set in catalogue order.
func Sorted(set map[Permission]bool) []Permission {
	out := make([]Permission, 0, len(set))
	for p, ok := range set {
		if ok {
			out = append(out, p)
		}
	}
	order := map[Permission]int{}
	for i, p := range All {
		order[p] = i
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i]] < order[out[j]] })
	return out
}
