import {
  Avatar,
  Button,
  Menu,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AlertRegular, SignOutRegular } from "@fluentui/react-icons";
import { Link } from "react-router";
import { TenantPicker } from "../components/TenantPicker";
import { PendingRequestsButton } from "../features/access-requests/components/PendingRequestsButton";
import { useAuth } from "../lib/auth/AuthProvider";
import { usePermissions } from "../lib/permissions";
import { useTenantScope } from "../lib/tenant-scope";

const useStyles = makeStyles({
  bar: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalL,
    height: "48px",
    padding: `0 ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  product: {
    color: tokens.colorNeutralForegroundOnBrand,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
    textDecorationLine: "none",
    ":hover": { textDecorationLine: "underline" },
  },
  spacer: { flexGrow: 1 },
  onBrand: { color: tokens.colorNeutralForegroundOnBrand },
  identity: {
    display: "flex",
    flexDirection: "column",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
  },
});

export function TopBar({ name, username }: { name: string; username: string }) {
  const styles = useStyles();
  const [tenantId, setTenantId] = useTenantScope();

  return (
    <header className={styles.bar}>
      <Link to="/" className={styles.product}>
        Roster
      </Link>
      <TenantPicker label="Tenant switcher" value={tenantId} onChange={setTenantId} />
      <div className={styles.spacer} />
      <Notifications />
      <PersonMenu name={name} username={username} />
    </header>
  );
}

/**
 * The slot for notifications in the top bar. Reviewers of access requests get the pending
 * requests indicator, and nothing else sends notifications yet.
 */
function Notifications() {
  const styles = useStyles();
  const permissions = usePermissions();
  if (permissions.can("access-requests:read")) {
    return <PendingRequestsButton />;
  }
  return (
    <Popover withArrow>
      <PopoverTrigger disableButtonEnhancement>
        <Button
          appearance="transparent"
          className={styles.onBrand}
          icon={<AlertRegular />}
          aria-label="Notifications"
        />
      </PopoverTrigger>
      <PopoverSurface aria-label="Notifications">
        <Text>No notifications.</Text>
      </PopoverSurface>
    </Popover>
  );
}

function PersonMenu({ name, username }: { name: string; username: string }) {
  const styles = useStyles();
  const auth = useAuth();
  return (
    <Menu positioning="below-end">
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="transparent"
          aria-label={`Account: ${name}`}
          icon={<Avatar name={name} size={28} color="colorful" />}
        />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuGroup>
            <MenuGroupHeader>Signed in as</MenuGroupHeader>
            <div className={styles.identity}>
              <Text weight="semibold">{name}</Text>
              <Text size={200}>{username}</Text>
            </div>
          </MenuGroup>
          <MenuDivider />
          <MenuItem icon={<SignOutRegular />} onClick={() => void auth.signOut()}>
            Sign out
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
