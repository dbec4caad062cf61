import type { Effect, PermissionInfo, Role, Scope, Tenant } from "../api/types";
import type { Permission, Permissions } from "./permissions";

// The API refuses any grant the caller could not make; these functions mirror its rules so that
// the SPA offers only choices that can succeed. The server stays the judge, and its problem
// detail is shown when it disagrees (for example about a tenant the caller cannot see).

/** The holder of a role assignment: a person being granted access, a user or an API client. */
export interface Holder {
  /** The Roster tenant the holder belongs to; scope "own" means this tenant. */
  tenantId: string;
  /** Whether that tenant is a customer's, whose holders may hold assignments only there. */
  customer: boolean;
}

/** The scopes the caller may grant to the holders, each with the reason when it may not. */
export interface ScopeChoices {
  all: string | null;
  own: string | null;
  /** Tenants the caller may grant in; empty with a reason when there are none. */
  tenants: Tenant[];
  tenantReason: string | null;
  /** Tags whose tenants all allow granting; empty with a reason when there are none. */
  tags: string[];
  tagReason: string | null;
}

/** Builds a Holder for a member of tenantId, judging its kind from the tenant list. */
export function holderIn(tenantId: string, tenants: readonly Tenant[]): Holder {
  const tenant = tenants.find((candidate) => candidate.id === tenantId);
  return { tenantId, customer: tenant?.kind !== "home" };
}

/**
 * Returns the scopes that the caller, holding manage ("users:grant" for a grant,
 * "role-assignments:manage" for an assignment), may give every one of holders.
 */
export function grantableScopes(
  permissions: Permissions,
  manage: Permission,
  holders: readonly Holder[],
  tenants: readonly Tenant[],
): ScopeChoices {
  const customerTenants = new Set(holders.filter((holder) => holder.customer).map((holder) => holder.tenantId));
  const hasCustomer = customerTenants.size > 0;
  const customerOnly = "A customer tenant's user can only hold roles in their own tenant.";

  let all: string | null = null;
  if (hasCustomer) {
    all = customerOnly;
  } else if (!permissions.canEverywhere(manage)) {
    all = `You need the ${manage} permission in every tenant.`;
  }

  const own = holders.every((holder) => permissions.can(manage, holder.tenantId))
    ? null
    : `You need the ${manage} permission in the holder's own tenant.`;

  const grantTenants = tenants.filter(
    (tenant) =>
      permissions.can(manage, tenant.id) &&
      (!hasCustomer || (customerTenants.size === 1 && customerTenants.has(tenant.id))),
  );
  const tenantReason = grantTenants.length > 0 ? null : `You need the ${manage} permission in the tenant.`;

  const tags = hasCustomer
    ? []
    : tagsOf(tenants).filter((tag) =>
        tenants.filter((tenant) => tenant.tags.includes(tag)).every((tenant) => permissions.can(manage, tenant.id)),
      );
  let tagReason: string | null = null;
  if (hasCustomer) {
    tagReason = customerOnly;
  } else if (tags.length === 0) {
    tagReason =
      tagsOf(tenants).length === 0
        ? "No tenant carries a tag yet."
        : `You need the ${manage} permission in every tenant with the tag.`;
  }

  return { all, own, tenants: grantTenants, tenantReason, tags, tagReason };
}

/** Returns the distinct tags of tenants, sorted. */
export function tagsOf(tenants: readonly Tenant[]): string[] {
  return [...new Set(tenants.flatMap((tenant) => tenant.tags))].sort((a, b) => a.localeCompare(b));
}

/** Returns the ids of the tenants that scope covers for holder, among the tenants visible to the caller. */
export function coveredTenants(scope: Scope, holder: Holder, tenants: readonly Tenant[]): string[] {
  switch (scope.type) {
    case "all":
      return tenants.map((tenant) => tenant.id);
    case "tenant":
      return scope.tenantId ? [scope.tenantId] : [];
    case "tag":
      return tenants.filter((tenant) => scope.tag && tenant.tags.includes(scope.tag)).map((tenant) => tenant.id);
    case "own":
      return [holder.tenantId];
  }
}

/**
 * Returns why the caller may not give role to holders in scope with effect, or null when it
 * may. An allow needs every permission of the role in every tenant of the scope, and for the
 * all-tenants scope in every tenant there will ever be. A customer holder can never be allowed
 * an MSP-only permission.
 */
export function roleRefusal(
  role: Role,
  scope: Scope,
  effect: Effect,
  permissions: Permissions,
  holders: readonly Holder[],
  tenants: readonly Tenant[],
  catalogue: readonly PermissionInfo[],
): string | null {
  if (effect === "deny") {
    return null;
  }
  if (holders.some((holder) => holder.customer)) {
    const mspOnly = role.permissions.find(
      (permission) => catalogue.find((info) => info.permission === permission)?.mspOnly,
    );
    if (mspOnly) {
      return `It contains ${mspOnly}, which only users of the MSP's own tenant can hold.`;
    }
  }
  for (const permission of role.permissions) {
    if (scope.type === "all") {
      if (!permissions.canEverywhere(permission)) {
        return `You do not hold ${permission} in every tenant.`;
      }
      continue;
    }
    for (const holder of holders) {
      if (!coveredTenants(scope, holder, tenants).every((tenantId) => permissions.can(permission, tenantId))) {
        return `You do not hold ${permission} across this scope.`;
      }
    }
  }
  return null;
}

/** Reports whether scope names everything its type needs: a tenant, or a tag. */
export function isCompleteScope(scope: Scope): boolean {
  switch (scope.type) {
    case "tenant":
      return Boolean(scope.tenantId);
    case "tag":
      return Boolean(scope.tag);
    default:
      return true;
  }
}
