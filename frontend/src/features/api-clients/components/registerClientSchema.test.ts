import { describe, expect, it } from "vitest";
import { parseRegisterClient } from "./registerClientSchema";

describe("parseRegisterClient", () => {
  it("normalises a registration", () => {
    const parsed = parseRegisterClient({
      clientId: " 8D2F4A6C-1B3E-4D5F-A7B9-0C1D2E3F4A5B ",
      displayName: " Nightly export ",
      owner: "",
    });

    expect(parsed).toEqual({
      ok: true,
      request: { clientId: "8d2f4a6c-1b3e-4d5f-a7b9-0c1d2e3f4a5b", displayName: "Nightly export", owner: "" },
    });
  });

  it.each([
    { name: "bad client id", values: { clientId: "nightly", displayName: "Export", owner: "" }, field: "clientId" },
    {
      name: "empty name",
      values: { clientId: "8d2f4a6c-1b3e-4d5f-a7b9-0c1d2e3f4a5b", displayName: " ", owner: "" },
      field: "displayName",
    },
    {
      name: "long owner",
      values: { clientId: "8d2f4a6c-1b3e-4d5f-a7b9-0c1d2e3f4a5b", displayName: "Export", owner: "x".repeat(201) },
      field: "owner",
    },
  ])("rejects $name", ({ values, field }) => {
    const parsed = parseRegisterClient(values);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : Object.keys(parsed.errors)).toEqual([field]);
  });
});
