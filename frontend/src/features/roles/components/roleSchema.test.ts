import { describe, expect, it } from "vitest";
import { parseRole } from "./roleSchema";

describe("parseRole", () => {
  it("trims and accepts a role", () => {
    const parsed = parseRole({ name: "  Helpdesk ", description: " Front line ", permissions: ["people:read"] });

    expect(parsed).toEqual({
      ok: true,
      request: { name: "Helpdesk", description: "Front line", permissions: ["people:read"] },
    });
  });

  it.each([
    { name: "empty name", values: { name: "  ", description: "" }, field: "name", message: "Enter the role's name." },
    {
      name: "long name",
      values: { name: "x".repeat(101), description: "" },
      field: "name",
      message: "Use at most 100 characters.",
    },
    {
      name: "long description",
      values: { name: "Helpdesk", description: "x".repeat(1001) },
      field: "description",
      message: "Use at most 1000 characters.",
    },
  ])("rejects $name", ({ values, field, message }) => {
    const parsed = parseRole({ ...values, permissions: [] });

    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[field as "name" | "description"]).toBe(message);
  });
});
