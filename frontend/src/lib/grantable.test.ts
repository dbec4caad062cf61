import { describe, expect, it } from "vitest";
import type { Scope } from "../api/types";
import {
  aHomeTenant,
  aMe,
  aRole,
  aTenant,
  aTenantAdminMe,
  allPermissions,
  fabrikamId,
  northwindId,
  permissionCatalogue,
  tailspinId,
} from "../test/fixtures";
import { grantableScopes, holderIn, roleRefusal, tagsOf } from "./grantable";
import { Permissions } from "./permissions";

const tenants = [
  aHomeTenant(),
  aTenant({ tags: ["gold"] }),
  aTenant({ id: tailspinId, name: "Tailspin Toys", tags: ["gold", "retail"] }),
];
const admin = new Permissions(aMe());
const fabrikamAdmin = new Permissions(aTenantAdminMe());

describe("grantableScopes", () => {
  it("offers every scope to an MSP administrator granting an MSP person", () => {
    const choices = grantableScopes(admin, "users:grant", [holderIn(northwindId, tenants)], tenants);

    expect(choices.all).toBeNull();
    expect(choices.own).toBeNull();
    expect(choices.tenants.map((tenant) => tenant.name)).toEqual([
      "Northwind IT Services",
      "Fabrikam Manufacturing",
      "Tailspin Toys",
    ]);
    expect(choices.tags).toEqual(["gold", "retail"]);
  });

  it("keeps a customer person in their own tenant", () => {
    const choices = grantableScopes(admin, "users:grant", [holderIn(fabrikamId, tenants)], tenants);

    expect(choices.all).toMatch(/own tenant/);
    expect(choices.tagReason).toMatch(/own tenant/);
    expect(choices.own).toBeNull();
    expect(choices.tenants.map((tenant) => tenant.id)).toEqual([fabrikamId]);
  });

  it("limits a tenant administrator to their tenant", () => {
    const choices = grantableScopes(fabrikamAdmin, "users:grant", [holderIn(tailspinId, tenants)], tenants);

    expect(choices.all).not.toBeNull();
    expect(choices.own).toMatch(/users:grant/);
    expect(choices.tenants).toEqual([]);
    expect(choices.tenantReason).toMatch(/users:grant/);
  });

  it("offers a tag only when every tenant carrying it allows granting", () => {
    const caller = new Permissions(
      aMe({ allTenants: [], tenants: [{ tenantId: tailspinId, permissions: ["role-assignments:manage"] }] }),
    );

    const choices = grantableScopes(caller, "role-assignments:manage", [holderIn(northwindId, tenants)], tenants);

    expect(choices.tags).toEqual(["retail"]);
  });
});

describe("roleRefusal", () => {
  const own: Scope = { type: "own" };
  const fabrikamHolder = [holderIn(fabrikamId, tenants)];

  it("allows a role whose permissions the caller holds there", () => {
    expect(roleRefusal(aRole(), own, "allow", fabrikamAdmin, fabrikamHolder, tenants, permissionCatalogue)).toBeNull();
  });

  it("refuses a permission the caller lacks", () => {
    const role = aRole({ permissions: ["people:read", "audit:read"] });

    expect(roleRefusal(role, own, "allow", fabrikamAdmin, fabrikamHolder, tenants, permissionCatalogue)).toMatch(
      /audit:read/,
    );
  });

  it("refuses MSP-only permissions to a customer person", () => {
    const role = aRole({ permissions: allPermissions });

    expect(roleRefusal(role, own, "allow", admin, fabrikamHolder, tenants, permissionCatalogue)).toMatch(
      /only users of the MSP/,
    );
  });

  it("needs everywhere for the all-tenants scope", () => {
    const caller = new Permissions(
      aMe({ allTenants: [], tenants: tenants.map((t) => ({ tenantId: t.id, permissions: allPermissions })) }),
    );

    expect(
      roleRefusal(
        aRole(),
        { type: "all" },
        "allow",
        caller,
        [holderIn(northwindId, tenants)],
        tenants,
        permissionCatalogue,
      ),
    ).toMatch(/every tenant/);
  });

  it("lets any role be denied", () => {
    const role = aRole({ permissions: allPermissions });

    expect(roleRefusal(role, own, "deny", fabrikamAdmin, fabrikamHolder, tenants, permissionCatalogue)).toBeNull();
  });
});

describe("tagsOf", () => {
  it("lists distinct tags in order", () => {
    expect(tagsOf(tenants)).toEqual(["gold", "retail"]);
  });
});
