import { describe, expect, it } from "vitest";
import { aMe, aTenantAdminMe, fabrikamId, tailspinId } from "../test/fixtures";
import { Permissions, noPermissions } from "./permissions";

describe("Permissions", () => {
  it("holds everything everywhere for an MSP administrator", () => {
    const permissions = new Permissions(aMe());

    expect(permissions.can("users:grant")).toBe(true);
    expect(permissions.can("users:grant", tailspinId)).toBe(true);
    expect(permissions.canEverywhere("roles:manage")).toBe(true);
  });

  it("holds a tenant administrator's permissions in their tenant only", () => {
    const permissions = new Permissions(aTenantAdminMe());

    expect(permissions.can("users:grant")).toBe(true);
    expect(permissions.can("users:grant", fabrikamId)).toBe(true);
    expect(permissions.can("users:grant", tailspinId)).toBe(false);
    expect(permissions.canEverywhere("users:grant")).toBe(false);
    expect(permissions.can("api-clients:read")).toBe(false);
  });

  it("adds per-tenant permissions to the everywhere ones", () => {
    const permissions = new Permissions(
      aMe({
        permissions: ["people:read", "people:tag"],
        allTenants: ["people:read"],
        tenants: [{ tenantId: fabrikamId, permissions: ["people:tag"] }],
      }),
    );

    expect(permissions.canAll(["people:read", "people:tag"], fabrikamId)).toBe(true);
    expect(permissions.canAll(["people:read", "people:tag"], tailspinId)).toBe(false);
    expect(permissions.can("people:read", tailspinId)).toBe(true);
  });

  it("holds nothing without a caller", () => {
    expect(noPermissions.can("people:read")).toBe(false);
    expect(noPermissions.can("people:read", fabrikamId)).toBe(false);
  });
});
