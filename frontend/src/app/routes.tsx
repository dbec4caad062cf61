import { Navigate, useRouteError, type RouteObject } from "react-router";
import { ApiError } from "../api/errors";
import { ProblemPage } from "../components/ProblemPage";
import { LoadingState } from "../components/states";
import { AccessGate } from "./AccessGate";
import { Shell } from "./Shell";

// Pages load on first visit, which keeps them out of the JavaScript that index.html loads.
export const routes: RouteObject[] = [
  {
    element: (
      <AccessGate>
        <Shell />
      </AccessGate>
    ),
    errorElement: <RouteError />,
    hydrateFallbackElement: <LoadingState label="Loading…" />,
    children: [
      { index: true, element: <Navigate to="/tenants" replace /> },
      {
        path: "tenants",
        lazy: async () => ({ Component: (await import("../features/tenants/components/TenantsPage")).TenantsPage }),
      },
      {
        path: "tenants/:tenantId",
        lazy: async () => ({ Component: (await import("../features/tenants/components/TenantPage")).TenantPage }),
      },
      {
        path: "people",
        lazy: async () => ({ Component: (await import("../features/people/components/PeoplePage")).PeoplePage }),
      },
      {
        path: "people/:personId",
        lazy: async () => ({ Component: (await import("../features/people/components/PersonPage")).PersonPage }),
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

function NotFoundPage() {
  return (
    <ProblemPage
      error={new ApiError({ status: 404, title: "Not found", detail: "There is no page at this address." })}
    />
  );
}

function RouteError() {
  return <ProblemPage error={useRouteError()} />;
}
