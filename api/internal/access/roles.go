package access

import "strings"

// BuiltinRole is a role that ships with Roster and cannot be changed.
type BuiltinRole struct {
	ID          string
	Name        string
	Description string
	Permissions []Permission
}

// Fixed ids of the built-in roles, so that scripts can name them.
const (
	RoleMSPAdministrator    = "00000000-0000-4000-8000-000000000001"
	RoleMSPUser             = "00000000-0000-4000-8000-000000000002"
	RoleTenantAdministrator = "00000000-0000-4000-8000-000000000003"
	RoleTenantUser          = "00000000-0000-4000-8000-000000000004"
	RoleAuditor             = "00000000-0000-4000-8000-000000000005"
)

// Builtins are the built-in roles.
var Builtins = []BuiltinRole{
	{RoleMSPAdministrator, "MSP Administrator", "Everything, in the tenants of its scope.", All},
	{RoleMSPUser, "MSP User", "Read everything but the audit trail, tag people and run syncs; no user, role or settings management.",
		append(readPermissions(AuditRead), PeopleTag, SyncRun)},
	{RoleTenantAdministrator, "Tenant Administrator", "Tag people, manage the users and access requests of its tenant and read its audit trail.",
		[]Permission{PeopleRead, PeopleTag, TenantsRead, SyncRead, UsersRead, UsersGrant, UsersUpdate, UsersDisable, UsersRemove,
			RolesRead, RoleAssignmentsRead, RoleAssignmentsManage, AccessRequestsRead, AccessRequestsDecide, AuditRead}},
	{RoleTenantUser, "Tenant User", "Read the people of its tenant.", []Permission{PeopleRead, TenantsRead}},
	{RoleAuditor, "Auditor", "Read-only everywhere, including the audit trail.", readPermissions()},
}

// readPermissions returns every :read permission except those excluded.
func readPermissions(except ...Permission) []Permission {
	var out []Permission
next:
	for _, p := range All {
		if !strings.HasSuffix(string(p), ":read") {
			continue
		}
		for _, e := range except {
			if p == e {
				continue next
			}
		}
		out = append(out, p)
	}
	return out
}

// IsBuiltin reports whether id is a built-in role.
func IsBuiltin(id string) bool {
	for _, r := range Builtins {
		if r.ID == id {
			return true
		}
	}
	return false
}
