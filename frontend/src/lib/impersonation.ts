import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useSyncExternalStore } from "react";
import { useLocation, useNavigate, type NavigateFunction } from "react-router";
import { isApiError } from "../api/errors";
import { meKey } from "./me";

// The running impersonation session of this browser tab. sessionStorage keeps it across a reload
// and away from other tabs, which go on acting as the administrator.
const sessionKey = "roster.impersonation.session";
const returnToKey = "roster.impersonation.returnTo";
const noticeKey = "roster.impersonation.notice";

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  listeners.forEach((listener) => listener());
}

/** Returns the id of the impersonation session this tab acts in, or null when it acts as itself. */
export function impersonationSessionId(): string | null {
  return window.sessionStorage.getItem(sessionKey);
}

/** Returns the message that explains why the last session ended without a Stop, or null. */
function impersonationNotice(): string | null {
  return window.sessionStorage.getItem(noticeKey);
}

/**
 * Makes every later API request of this tab act in session sessionId. returnTo is the address
 * to go back to when the session is stopped.
 */
export function beginImpersonation(sessionId: string, returnTo: string): void {
  window.sessionStorage.setItem(sessionKey, sessionId);
  window.sessionStorage.setItem(returnToKey, returnTo);
  window.sessionStorage.removeItem(noticeKey);
  notify();
}

/**
 * Makes later requests act as the signed-in person again and returns the address saved when the
 * session began. A notice, when given, explains to the person why the session ended.
 */
export function endImpersonation(notice: string | null = null): string | null {
  const returnTo = window.sessionStorage.getItem(returnToKey);
  window.sessionStorage.removeItem(sessionKey);
  window.sessionStorage.removeItem(returnToKey);
  if (notice) {
    window.sessionStorage.setItem(noticeKey, notice);
  } else {
    window.sessionStorage.removeItem(noticeKey);
  }
  notify();
  return returnTo;
}

export function dismissImpersonationNotice(): void {
  window.sessionStorage.removeItem(noticeKey);
  notify();
}

/** Returns the id of the session this tab acts in, re-rendering when it begins or ends. */
export function useImpersonationSessionId(): string | null {
  return useSyncExternalStore(subscribe, impersonationSessionId);
}

/** Returns why the last session ended on its own, re-rendering when that changes. */
export function useImpersonationNotice(): string | null {
  return useSyncExternalStore(subscribe, impersonationNotice);
}

/**
 * Reports whether error means that the session this tab acts in is over: it ended (expired,
 * stopped elsewhere, impersonation turned off) or the API has no such session.
 */
export function isImpersonationOver(error: unknown, sessionId: string | null): boolean {
  if (!sessionId || !isApiError(error)) {
    return false;
  }
  if (error.status === 403 && error.type.endsWith(":impersonation-ended")) {
    return true;
  }
  // An unknown session id (one from another database, say) gets a plain not-found problem,
  // whose detail contains the id.
  return error.status === 404 && error.detail.includes(sessionId);
}

/**
 * Drops every cached response, since each was read as someone else, and reloads /me. Pages below
 * the access gate unmount while /me loads, so their queries start afresh as the new identity.
 */
export function resetForNewIdentity(queryClient: QueryClient): void {
  queryClient.getMutationCache().clear();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  void queryClient.resetQueries({ queryKey: meKey });
}

/**
 * Reloads /me as the new identity, then drops every other cached response and opens to. The
 * shell stays mounted meanwhile, unlike with resetForNewIdentity, so that a dialog that started
 * the switch can finish closing first (a modal dialog unmounted while open leaves the rest of the
 * page aria-hidden). The cache is dropped only after /me, and in the same tick as the navigation,
 * so that the page being left never refetches its data as the new identity.
 */
async function switchIdentity(queryClient: QueryClient, navigate: NavigateFunction, to: string): Promise<void> {
  queryClient.getMutationCache().clear();
  await queryClient.refetchQueries({ queryKey: meKey });
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  await navigate(to);
}

/**
 * Returns start and stop for the whole SPA's identity: start acts as the target of a session
 * from the home page on, stop acts as the signed-in person again and goes back to where the
 * session started.
 */
export function useImpersonationSwitch() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const currentPath = location.pathname + location.search;

  const start = useCallback(
    (sessionId: string) => {
      beginImpersonation(sessionId, currentPath);
      void switchIdentity(queryClient, navigate, "/");
    },
    [currentPath, navigate, queryClient],
  );

  const stop = useCallback(() => {
    const returnTo = endImpersonation();
    void switchIdentity(queryClient, navigate, returnTo ?? "/");
  }, [navigate, queryClient]);

  return { start, stop };
}
