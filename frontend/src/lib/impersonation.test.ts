import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  beginImpersonation,
  dismissImpersonationNotice,
  endImpersonation,
  impersonationSessionId,
  useImpersonationNotice,
  useImpersonationSessionId,
} from "./impersonation";

describe("impersonation store", () => {
  it("keeps the session until it ends", () => {
    beginImpersonation("s-1", "/users/u-1");

    expect(impersonationSessionId()).toBe("s-1");
    expect(endImpersonation()).toBe("/users/u-1");
    expect(impersonationSessionId()).toBeNull();
  });

  it("re-renders on begin, end and dismiss", () => {
    const session = renderHook(() => useImpersonationSessionId());
    const notice = renderHook(() => useImpersonationNotice());

    act(() => beginImpersonation("s-2", "/"));
    expect(session.result.current).toBe("s-2");

    act(() => void endImpersonation("Your impersonation session ended: expired."));
    expect(session.result.current).toBeNull();
    expect(notice.result.current).toBe("Your impersonation session ended: expired.");

    act(() => dismissImpersonationNotice());
    expect(notice.result.current).toBeNull();
  });

  it("clears an old notice when a session begins", () => {
    endImpersonation("ended before");

    beginImpersonation("s-3", "/");

    expect(renderHook(() => useImpersonationNotice()).result.current).toBeNull();
  });
});
