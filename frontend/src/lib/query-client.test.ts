import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/errors";
import { beginImpersonation, impersonationSessionId } from "./impersonation";
import { meKey } from "./me";
import { createQueryClient } from "./query-client";

const failWith = (status: number) => () => Promise.reject(new ApiError({ status, title: `status ${status}` }));

describe("createQueryClient", () => {
  it("signs in again once on 401", async () => {
    const onUnauthorized = vi.fn();
    const client = createQueryClient(onUnauthorized);

    await Promise.allSettled([
      client.fetchQuery({ queryKey: ["a"], queryFn: failWith(401), retry: false }),
      client.fetchQuery({ queryKey: ["b"], queryFn: failWith(401), retry: false }),
    ]);

    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("signs in again on a mutation's 401", async () => {
    const onUnauthorized = vi.fn();
    const client = createQueryClient(onUnauthorized);

    await client
      .getMutationCache()
      .build(client, { mutationFn: failWith(401) })
      .execute(undefined)
      .catch(() => undefined);

    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("ignores other failures", async () => {
    const onUnauthorized = vi.fn();
    const client = createQueryClient(onUnauthorized);

    await client.fetchQuery({ queryKey: ["c"], queryFn: failWith(403), retry: false }).catch(() => undefined);

    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it.each([
    { name: "disabled user", type: "urn:roster:problem:user-disabled", reloads: true },
    { name: "expired user", type: "urn:roster:problem:user-expired", reloads: true },
    { name: "missing permission", type: "urn:roster:problem:forbidden", reloads: false },
  ])("reloads /me for a $name: $reloads", async ({ type, reloads }) => {
    const client = createQueryClient(() => undefined);
    client.setQueryData(meKey, { name: "Anan Ismail" });
    const refused = () => Promise.reject(new ApiError({ status: 403, type, title: "Refused" }));

    await client.fetchQuery({ queryKey: ["e"], queryFn: refused, retry: false }).catch(() => undefined);

    expect(client.getQueryState(meKey)?.isInvalidated).toBe(reloads);
  });

  it.each([
    { name: "ended session", status: 403, type: "urn:roster:problem:impersonation-ended", detail: "", ends: true },
    {
      name: "unknown session",
      status: 404,
      type: "urn:roster:problem:not-found",
      detail: "impersonation session not found: s-1, or it is not yours.",
      ends: true,
    },
    {
      name: "read-only refusal",
      status: 403,
      type: "urn:roster:problem:impersonation-read-only",
      detail: "",
      ends: false,
    },
    {
      name: "other not found",
      status: 404,
      type: "urn:roster:problem:not-found",
      detail: "user not found",
      ends: false,
    },
  ])("ends impersonation on $name: $ends", async ({ status, type, detail, ends }) => {
    const client = createQueryClient(() => undefined);
    beginImpersonation("s-1", "/users/u-1");
    client.setQueryData(meKey, { name: "Adele Vance" });
    client.setQueryData(["people"], { items: [] });
    const failure = () => Promise.reject(new ApiError({ status, type, title: "Refused", detail }));

    await client.fetchQuery({ queryKey: ["f"], queryFn: failure, retry: false }).catch(() => undefined);

    expect(impersonationSessionId()).toBe(ends ? null : "s-1");
    expect(client.getQueryData(["people"]) === undefined).toBe(ends);
  });

  it.each([
    { name: "client error", status: 404, calls: 1 },
    { name: "server error", status: 503, calls: 3 },
  ])("retries $name $calls time(s) in all", async ({ status, calls }) => {
    const client = createQueryClient(() => undefined);
    client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retryDelay: 0 } });
    const queryFn = vi.fn(failWith(status));

    await client.fetchQuery({ queryKey: ["d"], queryFn }).catch(() => undefined);

    expect(queryFn).toHaveBeenCalledTimes(calls);
  });
});
