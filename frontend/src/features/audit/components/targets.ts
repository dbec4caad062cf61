import type { AuditEvent } from "../../../api/types";

/**
 * Returns the SPA address of an event's target, or null for targets without a page of their
 * own (a signed-in identity, the customer list, the audit trail itself).
 */
export function targetPath(event: Pick<AuditEvent, "targetType" | "targetId" | "tenantId">): string | null {
  const id = encodeURIComponent(event.targetId);
  switch (event.targetType) {
    case "user":
      return `/users/${id}`;
    case "person":
      return `/people/${id}`;
    case "tenant":
      return `/tenants/${id}`;
    case "role":
      return `/roles/${id}`;
    case "api_client":
    case "client":
      return `/api-clients/${id}`;
    case "access-request":
      return `/access-requests/${id}`;
    case "settings":
      return "/settings";
    case "impersonation_session":
      return `/audit?sessionId=${id}`;
    case "sync_run":
      return event.tenantId ? `/tenants/${encodeURIComponent(event.tenantId)}` : null;
    default:
      return null;
  }
}

/** Names of the target types that the audit trail records, for the target type filter. */
export const targetTypeLabels: Record<string, string> = {
  user: "User",
  person: "Person",
  tenant: "Tenant",
  role: "Role",
  principal: "Signed-in identity",
  api_client: "API client",
  client: "API client (role assignments)",
  "access-request": "Access request",
  settings: "Settings",
  sync_run: "Sync run",
  impersonation_session: "Impersonation session",
  customer_discovery: "Customer discovery",
  audit_trail: "Audit trail",
};
