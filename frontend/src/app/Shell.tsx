import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { NavLink, Outlet, useSearchParams } from "react-router";
import { ImpersonationBanner } from "../features/impersonation/components/ImpersonationBanner";
import { useMe } from "../lib/me";
import { usePermissions } from "../lib/permissions";
import { tenantScopeParam } from "../lib/tenant-scope";
import { navItems } from "./navigation";
import { TopBar } from "./TopBar";

const useStyles = makeStyles({
  shell: { display: "grid", gridTemplateRows: "auto 1fr", minHeight: "100vh" },
  body: { display: "grid", gridTemplateColumns: "220px 1fr", minHeight: 0 },
  nav: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalS}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  navLink: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: "none",
    fontSize: tokens.fontSizeBase300,
    ":hover": { backgroundColor: tokens.colorNeutralBackground2Hover },
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  active: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    fontWeight: tokens.fontWeightSemibold,
    boxShadow: `inset 3px 0 0 ${tokens.colorBrandForeground1}`,
  },
  main: { padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL}`, overflow: "auto" },
});

/** The signed-in layout: top bar, left navigation (the pages the caller may see), and the current page. */
export function Shell() {
  const styles = useStyles();
  const me = useMe();
  const permissions = usePermissions();

  return (
    <div className={styles.shell}>
      {/* The impersonation banner sits above the top bar, so that it cannot be missed. */}
      <div>
        <ImpersonationBanner />
        <TopBar name={me.data?.name ?? ""} username={me.data?.username ?? ""} />
      </div>
      <div className={styles.body}>
        <nav className={styles.nav} aria-label="Main">
          {navItems
            .filter((item) => permissions.can(item.permission))
            .map((item) => (
              <ShellNavLink key={item.path} to={item.path} icon={item.icon}>
                {item.label}
              </ShellNavLink>
            ))}
        </nav>
        <main className={styles.main}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}

/** A navigation link that keeps the tenant switcher's choice. */
function ShellNavLink({ to, icon, children }: { to: string; icon: ReactNode; children: ReactNode }) {
  const styles = useStyles();
  const [searchParams] = useSearchParams();
  const tenant = searchParams.get(tenantScopeParam);
  const search = tenant ? `?${new URLSearchParams({ [tenantScopeParam]: tenant }).toString()}` : "";

  return (
    <NavLink
      to={{ pathname: to, search }}
      className={({ isActive }) => mergeClasses(styles.navLink, isActive && styles.active)}
    >
      {icon}
      {children}
    </NavLink>
  );
}
