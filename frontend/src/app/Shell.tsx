import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { BuildingMultipleRegular, PeopleRegular } from "@fluentui/react-icons";
import type { ReactNode } from "react";
import { NavLink, Outlet, useSearchParams } from "react-router";
import { tenantScopeParam } from "../lib/tenant-scope";
import { useMe } from "../features/me/api/useMe";
import { TopBar } from "./TopBar";

const useStyles = makeStyles({
  shell: { display: "grid", gridTemplateRows: "48px 1fr", minHeight: "100vh" },
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

/** The signed-in layout: top bar, left navigation, and the current page. */
export function Shell() {
  const styles = useStyles();
  const me = useMe();

  return (
    <div className={styles.shell}>
      <TopBar name={me.data?.name ?? ""} username={me.data?.username ?? ""} />
      <div className={styles.body}>
        <nav className={styles.nav} aria-label="Main">
          <ShellNavLink to="/tenants" icon={<BuildingMultipleRegular />}>
            Tenants
          </ShellNavLink>
          <ShellNavLink to="/people" icon={<PeopleRegular />}>
            People
          </ShellNavLink>
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
