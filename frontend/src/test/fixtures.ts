import type { Me, Person, SyncRun, Tenant } from "../api/types";

// Values follow the development directory's demo data, so that test failures read like the demo.

export const fabrikamId = "0b9a5a4e-2f0e-4a63-9a55-7d1f1e3c2b01";

export function aMe(overrides: Partial<Me> = {}): Me {
  return {
    objectId: "a1b2c3d4-0000-4000-8000-000000000001",
    tenantId: "7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01",
    name: "Megan Bowen",
    username: "megan.bowen@northwind-it.example",
    kind: "user",
    isUser: true,
    tenant: null,
    permissions: ["tenants:read", "tenants:create", "tenants:sync", "people:read", "people:update"],
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
