import { Navigate, useRouteError, type RouteObject } from "react-router";
import { ApiError } from "../api/errors";
import { ProblemPage } from "../components/ProblemPage";
import { LoadingState } from "../components/states";
import { usePermissions } from "../lib/permissions";
import { AccessGate } from "./AccessGate";
import { navItems } from "./navigation";
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
      { index: true, element: <HomeRedirect /> },
      {
        path: "tenants",
        lazy: async () => ({ Component: (await import("../features/tenants/components/TenantsPage")).TenantsPage }),
      },
      {
        path: "tenants/discover",
        lazy: async () => ({
          Component: (await import("../features/discovery/components/CustomerDiscoveryPage")).CustomerDiscoveryPage,
        }),
      },
      {
        path: "sync-health",
        lazy: async () => ({
          Component: (await import("../features/sync-health/components/SyncHealthPage")).SyncHealthPage,
        }),
      },
      {
        path: "tenants/:tenantId",
        lazy: async () => ({ Component: (await import("../features/tenants/components/TenantPage")).TenantPage }),
      },
      {
        path: "people",
        // The users feature adds "Grant access" to the people list; the app composes the two.
        lazy: async () => {
          const [{ PeoplePage }, { GrantAccessAction }] = await Promise.all([
            import("../features/people/components/PeoplePage"),
            import("../features/users/components/GrantAccessAction"),
          ]);
          return {
            Component: () => (
              <PeoplePage
                selectionAction={(people, clearSelection) => (
                  <GrantAccessAction people={people} onGranted={clearSelection} />
                )}
              />
            ),
          };
        },
      },
      {
        path: "people/:personId",
        // The audit feature fills the person page's Activity tab.
        lazy: async () => {
          const [{ PersonPage }, { TargetActivity }] = await Promise.all([
            import("../features/people/components/PersonPage"),
            import("../features/audit/components/TargetActivity"),
          ]);
          return {
            Component: () => (
              <PersonPage
                activity={(person) => (
                  <TargetActivity targetId={person.id} targetName={person.displayName} tenantId={person.tenantId} />
                )}
              />
            ),
          };
        },
      },
      {
        path: "users",
        lazy: async () => ({ Component: (await import("../features/users/components/UsersPage")).UsersPage }),
      },
      {
        path: "users/:userId",
        // Impersonation adds its button to the user page and the audit feature fills its Activity tab.
        lazy: async () => {
          const [{ UserPage }, { ImpersonateAction }, { TargetActivity }] = await Promise.all([
            import("../features/users/components/UserPage"),
            import("../features/impersonation/components/ImpersonateAction"),
            import("../features/audit/components/TargetActivity"),
          ]);
          return {
            Component: () => (
              <UserPage
                actions={(user) => <ImpersonateAction user={user} />}
                activity={(user) => (
                  <TargetActivity targetId={user.id} targetName={user.displayName} tenantId={user.tenantId} />
                )}
              />
            ),
          };
        },
      },
      {
        path: "roles",
        lazy: async () => ({ Component: (await import("../features/roles/components/RolesPage")).RolesPage }),
      },
      {
        path: "roles/:roleId",
        lazy: async () => ({ Component: (await import("../features/roles/components/RolePage")).RolePage }),
      },
      {
        path: "role-assignments",
        lazy: async () => ({
          Component: (await import("../features/role-assignments/components/RoleAssignmentsPage")).RoleAssignmentsPage,
        }),
      },
      {
        path: "api-clients",
        lazy: async () => ({
          Component: (await import("../features/api-clients/components/ApiClientsPage")).ApiClientsPage,
        }),
      },
      {
        path: "api-clients/:clientId",
        lazy: async () => ({
          Component: (await import("../features/api-clients/components/ApiClientPage")).ApiClientPage,
        }),
      },
      {
        path: "access-requests",
        lazy: async () => ({
          Component: (await import("../features/access-requests/components/AccessRequestsPage")).AccessRequestsPage,
        }),
      },
      {
        path: "access-requests/:requestId",
        lazy: async () => ({
          Component: (await import("../features/access-requests/components/AccessRequestPage")).AccessRequestPage,
        }),
      },
      {
        path: "impersonation-sessions",
        lazy: async () => ({
          Component: (await import("../features/impersonation/components/ImpersonationSessionsPage"))
            .ImpersonationSessionsPage,
        }),
      },
      {
        path: "audit",
        lazy: async () => ({ Component: (await import("../features/audit/components/AuditPage")).AuditPage }),
      },
      {
        path: "settings",
        lazy: async () => ({ Component: (await import("../features/settings/components/SettingsPage")).SettingsPage }),
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

/** Sends the caller to the first page of the navigation they may see. */
function HomeRedirect() {
  const permissions = usePermissions();
  const first = navItems.find((item) => permissions.can(item.permission));
  if (!first) {
    return (
      <ProblemPage
        error={
          new ApiError({
            status: 403,
            title: "Nothing to show",
            detail: "Your roles do not let you see any page of Roster. Ask an administrator.",
          })
        }
      />
    );
  }
  return <Navigate to={first.path} replace />;
}

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
