import { describe, expect, it } from "vitest";
import { parseCreateTenant } from "./createTenantSchema";

const valid = {
  name: "Fabrikam Manufacturing",
  entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
  primaryDomain: "fabrikam.example",
};

describe("parseCreateTenant", () => {
  it("trims and lower-cases", () => {
    const result = parseCreateTenant({
      name: "  Fabrikam Manufacturing ",
      entraTenantId: " 2B8E6F4D-1C3A-4E7B-8F90-3D5A7C9E2B02 ",
      primaryDomain: "Fabrikam.Example",
    });

    expect(result).toEqual({ ok: true, request: valid });
  });

  it.each([
    { name: "blank name", values: { ...valid, name: "   " }, field: "name" },
    { name: "long name", values: { ...valid, name: "x".repeat(201) }, field: "name" },
    { name: "short guid", values: { ...valid, entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90" }, field: "entraTenantId" },
    {
      name: "guid with braces",
      values: { ...valid, entraTenantId: `{${valid.entraTenantId}}` },
      field: "entraTenantId",
    },
    { name: "single-label domain", values: { ...valid, primaryDomain: "fabrikam" }, field: "primaryDomain" },
    { name: "domain with scheme", values: { ...valid, primaryDomain: "https://fabrikam.com" }, field: "primaryDomain" },
    { name: "label with leading hyphen", values: { ...valid, primaryDomain: "-fab.com" }, field: "primaryDomain" },
  ])("rejects $name", ({ values, field }) => {
    const result = parseCreateTenant(values);

    expect(result.ok).toBe(false);
    expect(result.ok ? [] : Object.keys(result.errors)).toEqual([field]);
  });
});
