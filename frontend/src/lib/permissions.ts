import { useMemo } from "react";
import type { Me } from "../api/types";
import { useMe } from "./me";

/** A permission as the API's catalogue names it, `resource:action`, such as "people:read". */
export type Permission = string;

/**
 * The signed-in caller's effective permissions, as GET /api/v1/me returns them: those held in
 * every tenant (present and future), and per tenant those held there beyond them.
 */
export class Permissions {
  private readonly everywhere: ReadonlySet<Permission>;
  private readonly perTenant: ReadonlyMap<string, ReadonlySet<Permission>>;
  private readonly anywhere: ReadonlySet<Permission>;

  constructor(me: Pick<Me, "permissions" | "allTenants" | "tenants"> | null) {
    this.everywhere = new Set(me?.allTenants ?? []);
    this.perTenant = new Map((me?.tenants ?? []).map((entry) => [entry.tenantId, new Set(entry.permissions)]));
    this.anywhere = new Set(me?.permissions ?? []);
  }

  /**
   * Reports whether the caller holds permission in tenantId or, without a tenant, in at least
   * one tenant (which is what the API checks before it looks at the tenant of the target).
   */
  can(permission: Permission, tenantId?: string | null): boolean {
    if (tenantId === undefined || tenantId === null) {
      return this.anywhere.has(permission) || this.everywhere.has(permission);
    }
    return this.everywhere.has(permission) || (this.perTenant.get(tenantId)?.has(permission) ?? false);
  }

  /** Reports whether the caller holds permission in every tenant, including tenants added later. */
  canEverywhere(permission: Permission): boolean {
    return this.everywhere.has(permission);
  }

  /** Reports whether the caller holds every one of permissions in tenantId. */
  canAll(permissions: readonly Permission[], tenantId: string): boolean {
    return permissions.every((permission) => this.can(permission, tenantId));
  }
}

/** Permissions of someone who holds none, such as a caller whose access was refused. */
export const noPermissions = new Permissions(null);

/** Returns the caller's permissions; none while /me loads or when the caller's access is refused. */
export function usePermissions(): Permissions {
  const me = useMe();
  const data = me.data;
  return useMemo(() => (data && data.access.status === "active" ? new Permissions(data) : noPermissions), [data]);
}

/** Returns the sentence that explains a control disabled for want of permission. */
export function missingPermission(permission: Permission, where: "here" | "anywhere" | "everywhere" = "here"): string {
  const place = {
    here: "in this tenant",
    anywhere: "in any tenant",
    everywhere: "in every tenant",
  }[where];
  return `You need the ${permission} permission ${place}. Ask a Roster administrator.`;
}
