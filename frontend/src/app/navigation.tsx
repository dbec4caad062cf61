import {
  AppGenericRegular,
  BuildingMultipleRegular,
  HeartPulseRegular,
  HistoryRegular,
  PeopleRegular,
  PersonKeyRegular,
  PersonQuestionMarkRegular,
  PersonSwapRegular,
  SettingsRegular,
  ShieldKeyholeRegular,
  ShieldPersonRegular,
} from "@fluentui/react-icons";
import type { ReactNode } from "react";
import type { Permission } from "../lib/permissions";

/** One page of the main navigation, shown to callers who hold its permission in some tenant. */
export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  permission: Permission;
}

export const navItems: NavItem[] = [
  { path: "/tenants", label: "Tenants", icon: <BuildingMultipleRegular />, permission: "tenants:read" },
  { path: "/sync-health", label: "Sync health", icon: <HeartPulseRegular />, permission: "sync:read" },
  { path: "/people", label: "People", icon: <PeopleRegular />, permission: "people:read" },
  { path: "/users", label: "Users", icon: <PersonKeyRegular />, permission: "users:read" },
  { path: "/roles", label: "Roles", icon: <ShieldKeyholeRegular />, permission: "roles:read" },
  {
    path: "/role-assignments",
    label: "Role assignments",
    icon: <ShieldPersonRegular />,
    permission: "role-assignments:read",
  },
  { path: "/api-clients", label: "API clients", icon: <AppGenericRegular />, permission: "api-clients:read" },
  {
    path: "/access-requests",
    label: "Access requests",
    icon: <PersonQuestionMarkRegular />,
    permission: "access-requests:read",
  },
  { path: "/impersonation-sessions", label: "Impersonation", icon: <PersonSwapRegular />, permission: "users:read" },
  { path: "/audit", label: "Audit trail", icon: <HistoryRegular />, permission: "audit:read" },
  { path: "/settings", label: "Settings", icon: <SettingsRegular />, permission: "settings:read" },
];
