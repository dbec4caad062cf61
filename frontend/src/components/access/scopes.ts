import type { Scope, ScopeType } from "../../api/types";

export const scopeTypeLabels: Record<ScopeType, string> = {
  all: "All tenants",
  tenant: "One tenant",
  tag: "Tenants with a tag",
  own: "Own tenant",
};

/** Describes a scope in words, such as "Tenant Fabrikam Manufacturing" or "Tenants tagged gold". */
export function describeScope(scope: Scope): string {
  switch (scope.type) {
    case "all":
      return "All tenants";
    case "tenant":
      return `Tenant ${scope.tenantName || scope.tenantId || "?"}`;
    case "tag":
      return `Tenants tagged ${scope.tag ?? "?"}`;
    case "own":
      return "Own tenant";
  }
}

/** Describes a scope for use inside a sentence, such as "tenant Fabrikam Manufacturing". */
export function scopePhrase(scope: Scope): string {
  switch (scope.type) {
    case "all":
      return "all tenants";
    case "tenant":
      return `tenant ${scope.tenantName || scope.tenantId || "?"}`;
    case "tag":
      return `tenants tagged ${scope.tag ?? "?"}`;
    case "own":
      return "their own tenant";
  }
}
