import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { Outlet, RouterProvider, createMemoryRouter, useLocation, type RouteObject } from "react-router";
import { vi } from "vitest";
import { ApiClientProvider } from "../api/ApiClientProvider";
import { createApiClient } from "../api/client";
import type { Me } from "../api/types";
import { AuthProvider } from "../lib/auth/AuthProvider";
import type { Auth } from "../lib/auth/msal";
import { impersonationSessionId } from "../lib/impersonation";
import { meKey } from "../lib/me";
import { createQueryClient } from "../lib/query-client";
import { aMe } from "./fixtures";
import { apiOrigin } from "./server";

/** The bearer token that test sessions send; handlers can check for it. */
export const testToken = "test-access-token";

/** Returns a signed-in session that hands out testToken and records sign-in and sign-out calls. */
export function aTestAuth() {
  return {
    account: null,
    getAccessToken: vi.fn(() => Promise.resolve(testToken)),
    signIn: vi.fn((returnTo: string) => {
      void returnTo;
      return Promise.resolve();
    }),
    signOut: vi.fn(() => Promise.resolve()),
  } satisfies Auth;
}

/** Shows the current address, so tests can check where navigation went. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/**
 * Renders routes at url inside the same providers as the app: the real API client (talking to
 * MSW), a fresh query cache and a test session. With me, the cache starts with that caller, as
 * if /me had been loaded; without it, /me goes to MSW like any request.
 */
export function renderRoutes(routes: RouteObject[], url: string, auth = aTestAuth(), me?: Me) {
  const client = createApiClient({
    baseUrl: apiOrigin,
    getAccessToken: () => auth.getAccessToken(),
    getImpersonationSessionId: impersonationSessionId,
  });
  const queryClient = createQueryClient(() => void auth.signIn(window.location.href));
  if (me) {
    queryClient.setQueryData(meKey, me);
  }
  const router = createMemoryRouter([{ element: <WithProbe />, children: routes }], { initialEntries: [url] });

  const user = userEvent.setup();
  const view = render(
    <FluentProvider theme={webLightTheme}>
      <AuthProvider auth={auth}>
        <ApiClientProvider client={client}>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </ApiClientProvider>
      </AuthProvider>
    </FluentProvider>,
  );
  return { ...view, user, auth, router, queryClient };
}

/**
 * Renders one page component at url, matched by the route pattern path, for a signed-in caller
 * (by default Megan Bowen, who holds every permission everywhere).
 */
export function renderPage(
  element: ReactNode,
  { path, url }: { path: string; url: string },
  { auth = aTestAuth(), me = aMe() }: { auth?: ReturnType<typeof aTestAuth>; me?: Me } = {},
) {
  return renderRoutes(
    [
      { path, element },
      { path: "*", element: <p>Another page</p> },
    ],
    url,
    auth,
    me,
  );
}

function WithProbe() {
  return (
    <>
      <LocationProbe />
      <Outlet />
    </>
  );
}
