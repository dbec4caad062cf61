import type { AccessRequest, AccessRequestDetail, Me, MyAccessRequests, Setting, SettingList } from "../api/types";
import { aMe, aPerson, fabrikamId } from "./fixtures";

/** Adele Vance of Fabrikam, signed in without access. */
export function aRequesterMe(overrides: Partial<Me> = {}): Me {
  return aMe({
    objectId: "c0ffee00-0000-4000-8000-00000000c001",
    tenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
    name: "Adele Vance",
    username: "adele.vance@fabrikam.example",
    isUser: false,
    userId: undefined,
    permissions: [],
    allTenants: [],
    tenants: [],
    access: { status: "none", detail: "You have no access to Roster yet." },
    ...overrides,
  });
}

/** Adele Vance's pending request for access to Fabrikam. */
export function anAccessRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: "a7a7a7a7-0000-4000-8000-0000000000a7",
    tenantId: fabrikamId,
    tenantName: "Fabrikam Manufacturing",
    entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
    objectId: "c0ffee00-0000-4000-8000-00000000c001",
    displayName: "Adele Vance",
    userPrincipalName: "adele.vance@fabrikam.example",
    justification: "I joined the service desk and need to look up callers.",
    status: "pending",
    createdAt: "2026-03-01T09:00:00Z",
    decidedAt: null,
    decidedBy: "",
    decidedByName: "",
    decisionReason: "",
    userId: null,
    grantExpiresAt: null,
    ...overrides,
  };
}

/** GET /api/v1/access-requests/mine for a caller who may ask now and has not asked before. */
export function myAccessRequests(overrides: Partial<MyAccessRequests> = {}): MyAccessRequests {
  return {
    items: [],
    requestsEnabled: true,
    contact: "",
    canRequest: true,
    requestsLeft: 3,
    nextRequestAt: null,
    ...overrides,
  };
}

/** GET /api/v1/access-requests/{id} for a requester whom sync has brought and who never had access. */
export function anAccessRequestDetail(overrides: Partial<AccessRequestDetail> = {}): AccessRequestDetail {
  return {
    request: anAccessRequest(),
    person: aPerson(),
    user: null,
    earlierRequests: [],
    removals: [],
    ...overrides,
  };
}

/** The settings as GET /api/v1/settings returns them with every value at its default. */
export function aSettingList(values: Record<string, unknown> = {}, etag = '"4"'): SettingList {
  const setting = (init: Partial<Setting> & Pick<Setting, "key" | "kind" | "default">): Setting => ({
    description: "",
    options: [],
    changed: init.key in values,
    updatedBy: "",
    updatedByName: "",
    updatedAt: null,
    value: init.key in values ? values[init.key] : init.default,
    ...init,
  });
  return {
    etag,
    items: [
      setting({ key: "accessRequests.contact", kind: "string", default: "", maxLength: 500 }),
      setting({
        key: "accessRequests.defaultGrantExpiry",
        kind: "duration",
        default: "30d",
        options: ["1h", "1d", "3d", "30d", "never"],
      }),
      setting({ key: "accessRequests.enabled", kind: "boolean", default: true }),
      setting({ key: "accessRequests.pendingMaxAge", kind: "duration", default: "14d", min: "1h", max: "365d" }),
      setting({ key: "audit.retention", kind: "duration", default: "never", min: "30d" }),
      setting({ key: "impersonation.enabled", kind: "boolean", default: false }),
    ],
  };
}
