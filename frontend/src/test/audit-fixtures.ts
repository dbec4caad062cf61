import type { AuditEvent, ImpersonationSession, Me, Setting, SettingList } from "../api/types";
import { aMe, fabrikamId } from "./fixtures";

export const sessionId = "5e5e5e5e-0000-4000-8000-0000000000e5";

/** The impersonation and audit settings as GET /api/v1/settings lists them. */
export function impersonationSettingList(values: Record<string, unknown> = {}, etag = '"7"'): SettingList {
  const setting = (init: Partial<Setting> & Pick<Setting, "key" | "kind" | "default">): Setting => ({
    description: "",
    options: [],
    changed: init.key in values,
    updatedBy: "",
    updatedByName: init.key in values ? "Megan Bowen" : "",
    updatedAt: init.key in values ? "2026-03-03T08:00:00Z" : null,
    value: init.key in values ? values[init.key] : init.default,
    ...init,
  });
  return {
    etag,
    items: [
      setting({ key: "audit.retention", kind: "duration", default: "never", min: "30d" }),
      setting({ key: "impersonation.enabled", kind: "boolean", default: false }),
      setting({ key: "impersonation.maxDuration", kind: "duration", default: "60m", min: "1m", max: "8h" }),
      setting({ key: "impersonation.mode", kind: "string", default: "read-only", options: ["read-only", "full"] }),
    ],
  };
}

/** Megan Bowen viewing Roster as Adele Vance, a Tenant User of Fabrikam, read-only. */
export function anImpersonatingMe(overrides: Partial<Me> = {}): Me {
  const permissions = ["people:read", "tenants:read"];
  return aMe({
    objectId: "c0ffee00-0000-4000-8000-00000000c001",
    tenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
    name: "Adele Vance",
    username: "adele.vance@fabrikam.example",
    userId: "b3b3b3b3-0000-4000-8000-0000000000b3",
    permissions,
    allTenants: [],
    tenants: [{ tenantId: fabrikamId, permissions }],
    impersonation: {
      sessionId,
      impersonatorId: "a1b2c3d4-0000-4000-8000-000000000001",
      impersonatorName: "Megan Bowen",
      endsAt: "2026-03-03T10:30:00Z",
      readOnly: true,
    },
    ...overrides,
  });
}

export function anImpersonationSession(overrides: Partial<ImpersonationSession> = {}): ImpersonationSession {
  return {
    id: sessionId,
    impersonatorId: "a1b2c3d4-0000-4000-8000-000000000001",
    impersonatorName: "Megan Bowen",
    targetUserId: "b3b3b3b3-0000-4000-8000-0000000000b3",
    targetName: "Adele Vance",
    tenantId: fabrikamId,
    reason: "Ticket 4711: cannot see her team",
    mode: "read-only",
    startedAt: "2026-03-03T09:30:00Z",
    expiresAt: "2026-03-03T10:30:00Z",
    endedAt: null,
    active: true,
    durationSeconds: 754,
    ...overrides,
  };
}

export function anAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: "ae000000-0000-4000-8000-000000000001",
    seq: 42,
    occurredAt: "2026-03-03T09:00:00Z",
    action: "user.expiry.changed",
    actorType: "user",
    actorId: "a1b2c3d4-0000-4000-8000-000000000001",
    actorName: "Megan Bowen",
    targetType: "user",
    targetId: "b2b2b2b2-0000-4000-8000-0000000000b2",
    targetName: "Anan Ismail",
    tenantId: fabrikamId,
    reason: "Contract ends in June",
    requestId: "req-audit-1",
    clientIp: "203.0.113.7",
    userAgent: "Mozilla/5.0",
    hash: "3f1c…",
    ...overrides,
  };
}
