/** The filters of GET /api/v1/audit-events and its export; empty strings are left out. */
export interface AuditFilter {
  q: string;
  action: string;
  actorId: string;
  impersonatorId: string;
  sessionId: string;
  targetType: string;
  targetId: string;
  tenantId: string;
  /** RFC 3339 instant, inclusive. */
  from: string;
  /** RFC 3339 instant, exclusive. */
  to: string;
}

export const emptyAuditFilter: AuditFilter = {
  q: "",
  action: "",
  actorId: "",
  impersonatorId: "",
  sessionId: "",
  targetType: "",
  targetId: "",
  tenantId: "",
  from: "",
  to: "",
};

/** Returns the filter as query parameters, leaving out the empty ones. */
export function auditQuery(filter: AuditFilter): Partial<AuditFilter> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== ""));
}

export const auditKeys = {
  all: ["audit-events"] as const,
  list: (filter: AuditFilter, cursor: string | undefined) => [...auditKeys.all, filter, cursor ?? null] as const,
};
