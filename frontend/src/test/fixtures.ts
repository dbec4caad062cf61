import type {
  Me,
  Person,
  PermissionInfo,
  RegisteredClient,
  Role,
  RoleAssignment,
  SyncRun,
  Tenant,
  User,
} from "../api/types";

// Values follow the development directory's demo data, so that test failures read like the demo.

export const fabrikamId = "0b9a5a4e-2f0e-4a63-9a55-7d1f1e3c2b01";
export const northwindId = "0b9a5a4e-2f0e-4a63-9a55-7d1f1e3c2b00";
export const tailspinId = "0b9a5a4e-2f0e-4a63-9a55-7d1f1e3c2b03";
export const meganUserId = "a1b2c3d4-0000-4000-8000-0000000000aa";

function aPermission(
  permission: string,
  subject: string,
  displayName: string,
  category: PermissionInfo["category"],
  flags: { highRisk?: boolean; mspOnly?: boolean } = {},
): PermissionInfo {
  return {
    permission,
    subject,
    displayName,
    description: `${displayName}.`,
    category,
    highRisk: flags.highRisk ?? false,
    mspOnly: flags.mspOnly ?? false,
  };
}

/** The permission catalogue as GET /api/v1/permissions returns it. */
export const permissionCatalogue: PermissionInfo[] = [
  aPermission("people:read", "People", "View people", "view"),
  aPermission("people:tag", "People", "Tag people", "core"),
  aPermission("tenants:read", "Tenants", "View tenants", "view"),
  aPermission("tenants:create", "Tenants", "Create tenants", "advanced", { mspOnly: true }),
  aPermission("tenants:update", "Tenants", "Edit tenants", "advanced", { highRisk: true, mspOnly: true }),
  aPermission("sync:read", "Sync", "View syncs", "view"),
  aPermission("sync:run", "Sync", "Run syncs", "core"),
  aPermission("users:read", "Users", "View users", "view"),
  aPermission("users:grant", "Users", "Grant access", "core", { highRisk: true }),
  aPermission("users:update", "Users", "Change users", "core"),
  aPermission("users:disable", "Users", "Disable users", "core"),
  aPermission("users:remove", "Users", "Remove access", "core"),
  aPermission("users:impersonate", "Users", "Impersonate users", "advanced", { highRisk: true }),
  aPermission("roles:read", "Roles", "View roles", "view"),
  aPermission("roles:manage", "Roles", "Manage roles", "advanced", { highRisk: true, mspOnly: true }),
  aPermission("role-assignments:read", "Role assignments", "View role assignments", "view"),
  aPermission("role-assignments:manage", "Role assignments", "Assign roles", "advanced", { highRisk: true }),
  aPermission("access-requests:read", "Access requests", "View access requests", "view"),
  aPermission("access-requests:decide", "Access requests", "Decide access requests", "core", { highRisk: true }),
  aPermission("audit:read", "Audit", "View the audit trail", "view"),
  aPermission("settings:read", "Settings", "View settings", "view", { mspOnly: true }),
  aPermission("settings:manage", "Settings", "Change settings", "advanced", { highRisk: true, mspOnly: true }),
  aPermission("api-clients:read", "API clients", "View API clients", "view", { mspOnly: true }),
  aPermission("api-clients:manage", "API clients", "Manage API clients", "advanced", { highRisk: true, mspOnly: true }),
];

export const allPermissions = permissionCatalogue.map((info) => info.permission);

/** Megan Bowen, an MSP Administrator: every permission in every tenant. */
export function aMe(overrides: Partial<Me> = {}): Me {
  return {
    objectId: "a1b2c3d4-0000-4000-8000-000000000001",
    tenantId: "7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01",
    name: "Megan Bowen",
    username: "megan.bowen@northwind-it.example",
    kind: "user",
    isUser: true,
    userId: meganUserId,
    tenant: null,
    permissions: allPermissions,
    allTenants: allPermissions,
    tenants: [],
    access: { status: "active" },
    ...overrides,
  };
}

/** Anan Ismail, Tenant Administrator of Fabrikam only. */
export function aTenantAdminMe(overrides: Partial<Me> = {}): Me {
  const permissions = tenantAdministratorPermissions;
  return aMe({
    objectId: "c0ffee00-0000-4000-8000-00000000c002",
    tenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
    name: "Anan Ismail",
    username: "anan.ismail@fabrikam.example",
    userId: "b2b2b2b2-0000-4000-8000-0000000000b2",
    permissions,
    allTenants: [],
    tenants: [{ tenantId: fabrikamId, permissions }],
    ...overrides,
  });
}

export const tenantAdministratorPermissions = [
  "people:read",
  "people:tag",
  "tenants:read",
  "sync:read",
  "users:read",
  "users:grant",
  "users:update",
  "users:disable",
  "users:remove",
  "roles:read",
  "role-assignments:read",
  "role-assignments:manage",
  "access-requests:read",
  "access-requests:decide",
];

export const roleIds = {
  mspAdministrator: "00000000-0000-4000-8000-000000000001",
  mspUser: "00000000-0000-4000-8000-000000000002",
  tenantAdministrator: "00000000-0000-4000-8000-000000000003",
  tenantUser: "00000000-0000-4000-8000-000000000004",
  auditor: "00000000-0000-4000-8000-000000000005",
};

export function aRole(overrides: Partial<Role> = {}): Role {
  return {
    id: roleIds.tenantAdministrator,
    name: "Tenant Administrator",
    description: "Tag people and manage the users and access requests of its tenant.",
    builtin: true,
    permissions: tenantAdministratorPermissions,
    createdAt: "2026-03-01T09:00:00Z",
    updatedAt: "2026-03-01T09:00:00Z",
    etag: '"1"',
    ...overrides,
  };
}

/** Returns the built-in roles as GET /api/v1/roles lists them. */
export function builtinRoles(): Role[] {
  return [
    aRole({
      id: roleIds.mspAdministrator,
      name: "MSP Administrator",
      description: "Everything, in the tenants of its scope.",
      permissions: allPermissions,
    }),
    aRole({
      id: roleIds.mspUser,
      name: "MSP User",
      description: "Read everything but the audit trail, tag people and run syncs.",
      permissions: [
        ...allPermissions.filter((p) => p.endsWith(":read") && p !== "audit:read"),
        "people:tag",
        "sync:run",
      ],
    }),
    aRole(),
    aRole({
      id: roleIds.tenantUser,
      name: "Tenant User",
      description: "Read the people of its tenant.",
      permissions: ["people:read", "tenants:read"],
    }),
    aRole({
      id: roleIds.auditor,
      name: "Auditor",
      description: "Read-only everywhere, including the audit trail.",
      permissions: allPermissions.filter((p) => p.endsWith(":read")),
    }),
  ];
}

export function anAssignment(overrides: Partial<RoleAssignment> = {}): RoleAssignment {
  return {
    id: "e1e1e1e1-0000-4000-8000-0000000000e1",
    principalType: "user",
    principalId: "b2b2b2b2-0000-4000-8000-0000000000b2",
    principalName: "Anan Ismail",
    roleId: roleIds.tenantAdministrator,
    roleName: "Tenant Administrator",
    scope: { type: "own" },
    effect: "allow",
    reason: "Runs Fabrikam's IT",
    assignedBy: "6c886ed1-6232-559b-8c15-4269372d608e",
    assignedByName: "Megan Bowen",
    assignedAt: "2026-03-02T09:00:00Z",
    ...overrides,
  };
}

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: "b2b2b2b2-0000-4000-8000-0000000000b2",
    personId: "9d8c7b6a-0000-4000-8000-00000000b002",
    tenantId: fabrikamId,
    tenantName: "Fabrikam Manufacturing",
    displayName: "Anan Ismail",
    userPrincipalName: "anan.ismail@fabrikam.example",
    mail: "anan.ismail@fabrikam.example",
    personStatus: "enabled",
    status: "active",
    statusReason: "",
    statusChangedBy: "",
    statusChangedAt: null,
    expiresAt: null,
    grantedBy: "6c886ed1-6232-559b-8c15-4269372d608e",
    grantedByName: "Megan Bowen",
    grantedAt: "2026-03-02T09:00:00Z",
    grantReason: "Runs Fabrikam's IT",
    lastSignInAt: null,
    etag: '"1"',
    ...overrides,
  };
}

export function aRegisteredClient(overrides: Partial<RegisteredClient> = {}): RegisteredClient {
  return {
    id: "c3c3c3c3-0000-4000-8000-0000000000c3",
    clientId: "8d2f4a6c-1b3e-4d5f-a7b9-0c1d2e3f4a5b",
    displayName: "Nightly export",
    owner: "tomasz.mazur@northwind-it.example",
    tenantId: northwindId,
    status: "active",
    createdBy: "6c886ed1-6232-559b-8c15-4269372d608e",
    createdAt: "2026-03-01T09:00:00Z",
    lastUsedAt: null,
    etag: '"1"',
    ...overrides,
  };
}

export function aSyncRun(overrides: Partial<SyncRun> = {}): SyncRun {
  return {
    id: "5f0e1c2d-0000-4000-8000-00000000a001",
    tenantId: fabrikamId,
    status: "succeeded",
    trigger: "api",
    full: true,
    queuedAt: "2026-03-01T10:00:00Z",
    startedAt: "2026-03-01T10:00:01Z",
    finishedAt: "2026-03-01T10:00:09Z",
    attempt: 1,
    fullRequested: true,
    scheduledAt: null,
    decidedAt: null,
    pending: null,
    pagesRead: 3,
    peopleWritten: 42,
    counts: { created: 40, updated: 2, disabled: 0, removed: 0, restored: 0 },
    error: null,
    ...overrides,
  };
}

export function aTenant(overrides: Partial<Tenant> = {}): Tenant {
  return {
    id: fabrikamId,
    name: "Fabrikam Manufacturing",
    kind: "customer",
    entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
    primaryDomain: "fabrikam.example",
    linked: true,
    createdAt: "2026-03-01T09:00:00Z",
    lastSync: null,
    tags: [],
    syncGuests: false,
    etag: '"1"',
    ...overrides,
  };
}

export function aPerson(overrides: Partial<Person> = {}): Person {
  return {
    id: "9d8c7b6a-0000-4000-8000-00000000b001",
    tenantId: fabrikamId,
    tenantName: "Fabrikam Manufacturing",
    entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
    objectId: "c0ffee00-0000-4000-8000-00000000c001",
    source: "entra",
    displayName: "Adele Vance",
    givenName: "Adele",
    surname: "Vance",
    userPrincipalName: "adele.vance@fabrikam.example",
    mail: "adele.vance@fabrikam.example",
    contactEmail: "adele.vance@fabrikam.example",
    otherMails: [],
    jobTitle: "Retail Manager",
    department: "Sales",
    officeLocation: "18/2111",
    mobilePhone: "",
    businessPhones: ["+1 425 555 0109"],
    accountEnabled: true,
    userType: "Member",
    onPremisesSyncEnabled: null,
    status: "enabled",
    guest: false,
    tags: [],
    syncedFields: [
      "displayName",
      "givenName",
      "surname",
      "userPrincipalName",
      "mail",
      "otherMails",
      "jobTitle",
      "department",
      "officeLocation",
      "mobilePhone",
      "businessPhones",
      "accountEnabled",
      "userType",
      "onPremisesSyncEnabled",
    ],
    lastSyncedAt: "2026-03-01T10:00:09Z",
    removedAt: null,
    createdAt: "2026-03-01T10:00:09Z",
    updatedAt: "2026-03-01T10:00:09Z",
    entraCreatedAt: "2025-11-20T08:00:00Z",
    etag: '"1"',
    ...overrides,
  };
}

export function aHomeTenant(overrides: Partial<Tenant> = {}): Tenant {
  return aTenant({
    id: northwindId,
    name: "Northwind IT Services",
    kind: "home",
    entraTenantId: "7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01",
    primaryDomain: "northwind-it.example",
    ...overrides,
  });
}
