// Names for the API's schemas, so that components do not depend on the generated file's layout.
import type { components } from "./schema";

export type { paths } from "./schema";

type Schemas = components["schemas"];

export type Me = Schemas["Me"];
export type Tenant = Schemas["Tenant"];
export type CreateTenantRequest = Schemas["CreateTenantRequest"];
export type SyncRun = Schemas["SyncRun"];
export type SyncRunStatus = SyncRun["status"];
export type Person = Schemas["Person"];
export type PersonStatus = Person["status"];
export type Problem = Schemas["Problem"];
export type AccessStatus = Schemas["AccessStatus"];
export type TenantPermissions = Schemas["TenantPermissions"];
export type PermissionInfo = Schemas["Permission"];
export type PermissionCategory = PermissionInfo["category"];
export type Role = Schemas["Role"];
export type RoleRequest = Schemas["RoleRequest"];
export type RoleAssignment = Schemas["RoleAssignment"];
export type RoleAssignmentRequest = Schemas["RoleAssignmentRequest"];
export type Scope = Schemas["Scope"];
export type ScopeType = Scope["type"];
export type Effect = RoleAssignment["effect"];
export type User = Schemas["User"];
export type UserStatus = User["status"];
export type GrantRequest = Schemas["GrantRequest"];
export type AccessExplanation = Schemas["AccessExplanation"];
export type PermissionExplanation = Schemas["PermissionExplanation"];
export type RegisteredClient = Schemas["APIClient"];
export type RegisteredClientRequest = Schemas["APIClientRequest"];
export type AccessRequest = Schemas["AccessRequest"];
export type AccessRequestStatus = AccessRequest["status"];
export type AccessRequestDetail = Schemas["AccessRequestDetail"];
export type AccessRemoval = Schemas["AccessRemoval"];
export type MyAccessRequests = Schemas["MyAccessRequests"];
export type GrantAccessRequestRequest = Schemas["GrantAccessRequestRequest"];
export type GrantExpiryPreset = NonNullable<GrantAccessRequestRequest["expiresIn"]>;
export type Setting = Schemas["Setting"];
export type SettingList = Schemas["SettingList"];
