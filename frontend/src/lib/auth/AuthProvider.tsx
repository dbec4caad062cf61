import { createContext, useContext, type ReactNode } from "react";
import type { Auth } from "./msal";

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ auth, children }: { auth: Auth; children: ReactNode }) {
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

/** Returns the session of the nearest AuthProvider. */
export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) {
    throw new Error("useAuth needs an AuthProvider above it");
  }
  return auth;
}
