import { useState } from "react";
import { RouterProvider, createBrowserRouter } from "react-router";
import type { Auth } from "../lib/auth/msal";
import { AppProviders } from "./AppProviders";
import { routes } from "./routes";

/** Everything after sign-in: providers, router, shell and pages. */
export default function SignedInApp({ auth }: { auth: Auth }) {
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <AppProviders auth={auth} baseUrl={window.location.origin}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
