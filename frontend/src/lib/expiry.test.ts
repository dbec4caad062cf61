import { describe, expect, it } from "vitest";
import { endOfLocalDay, isExpiringSoon, localDay } from "./expiry";

describe("expiry", () => {
  it("ends a chosen day at local midnight", () => {
    const iso = endOfLocalDay("2026-12-31");
    const end = new Date(iso);

    expect(iso.endsWith("Z")).toBe(true);
    expect(localDay(end)).toBe("2026-12-31");
    expect(localDay(new Date(end.getTime() + 1000))).toBe("2027-01-01");
  });

  it("round-trips a day", () => {
    expect(localDay(endOfLocalDay("2027-03-01"))).toBe("2027-03-01");
  });

  it("rejects a malformed day", () => {
    expect(() => endOfLocalDay("31/12/2026")).toThrow(RangeError);
  });

  it.each([
    { name: "no expiry", expiresAt: null, soon: false },
    { name: "in three days", expiresAt: "2026-03-04T12:00:00Z", soon: true },
    { name: "in exactly seven days", expiresAt: "2026-03-08T12:00:00Z", soon: true },
    { name: "in eight days", expiresAt: "2026-03-09T12:00:00Z", soon: false },
    { name: "already past", expiresAt: "2026-02-28T12:00:00Z", soon: false },
  ])("flags $name", ({ expiresAt, soon }) => {
    expect(isExpiringSoon(expiresAt, new Date("2026-03-01T12:00:00Z"))).toBe(soon);
  });
});
