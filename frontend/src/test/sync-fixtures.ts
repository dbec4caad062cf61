import type { Customer, PendingChange, SyncHealth, SyncHealthList } from "../api/types";
import { aSyncRun, fabrikamId } from "./fixtures";

export function aSyncHealth(overrides: Partial<SyncHealth> = {}): SyncHealth {
  return {
    tenantId: fabrikamId,
    tenantName: "Fabrikam Manufacturing",
    state: "ok",
    consecutiveFailures: 0,
    lastRun: aSyncRun(),
    lastSuccessAt: "2026-03-01T10:00:09Z",
    ...overrides,
  };
}

/** GET /api/v1/sync-health for items, with the counts the API derives from them. */
export function aSyncHealthList(items: SyncHealth[]): SyncHealthList {
  const counts: Record<string, number> = { needs_confirmation: 0, failing: 0, stale: 0, running: 0, ok: 0 };
  for (const item of items) {
    counts[item.state] = (counts[item.state] ?? 0) + 1;
  }
  return { items, counts, staleAfterSeconds: 7200, guard: { percent: 20, min: 10 } };
}

export function aCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
    displayName: "Fabrikam Manufacturing",
    defaultDomain: "fabrikam.example",
    relationship: "gdap",
    linked: false,
    tenant: null,
    ...overrides,
  };
}

/** The demo MSP's customers, none linked yet. */
export function demoCustomers(): Customer[] {
  return [
    aCustomer(),
    aCustomer({
      entraTenantId: "5a7c9e1b-3d5f-4b7a-9c1e-3b5d7f9a1c05",
      displayName: "Litware Legal",
      defaultDomain: "litware.example",
      relationship: "contract",
    }),
    aCustomer({
      entraTenantId: "9c1d4e7f-2a5b-4c8d-b3e6-5f7a9c1d3e03",
      displayName: "Tailspin Toys",
      defaultDomain: "tailspintoys.example",
    }),
  ];
}

export function aPendingChange(index: number, overrides: Partial<PendingChange> = {}): PendingChange {
  return {
    change: "remove",
    personId: `9d8c7b6a-0000-4000-8000-${String(index).padStart(12, "0")}`,
    objectId: `c0ffee00-0000-4000-8000-${String(index).padStart(12, "0")}`,
    displayName: `Person ${String(index).padStart(3, "0")}`,
    userPrincipalName: `person${index}@fabrikam.example`,
    contactEmail: `person${index}@fabrikam.example`,
    jobTitle: "Operator",
    department: "Plant",
    status: "enabled",
    guest: false,
    ...overrides,
  };
}
