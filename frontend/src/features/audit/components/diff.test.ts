import { describe, expect, it } from "vitest";
import { diffValues } from "./diff";

describe("diffValues", () => {
  it.each([
    {
      name: "changed field only",
      before: { expiresAt: null, status: "active" },
      after: { expiresAt: "2026-06-30T17:00:00Z", status: "active" },
      want: [{ field: "expiresAt", before: "none", after: "2026-06-30T17:00:00Z" }],
    },
    {
      name: "creation",
      before: undefined,
      after: { name: "Helpdesk", permissions: ["people:read", "people:tag"] },
      want: [
        { field: "name", before: null, after: "Helpdesk" },
        { field: "permissions", before: null, after: "people:read, people:tag" },
      ],
    },
    {
      name: "nested scope",
      before: { scope: { type: "own" } },
      after: { scope: { type: "tenant", tenantId: "t-1" } },
      want: [
        { field: "scope.tenantId", before: null, after: "t-1" },
        { field: "scope.type", before: "own", after: "tenant" },
      ],
    },
    {
      name: "emptied list",
      before: { tags: ["vip"] },
      after: { tags: [] },
      want: [{ field: "tags", before: "vip", after: "empty" }],
    },
    { name: "no values", before: undefined, after: undefined, want: [] },
  ])("lists $name", ({ before, after, want }) => {
    expect(diffValues(before, after)).toEqual(want);
  });
});
