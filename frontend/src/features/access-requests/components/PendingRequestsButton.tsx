import { Badge, Button, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import { AlertFilled, AlertRegular, bundleIcon } from "@fluentui/react-icons";
import { useNavigate } from "react-router";
import { useLiveStatus } from "../../../lib/live-events";
import { usePendingCount } from "../api/usePendingCount";
import { useAccessRequestEvents } from "../api/useAccessRequestEvents";

const useStyles = makeStyles({
  anchor: { position: "relative", display: "inline-flex" },
  // A transparent button turns its icon brand-coloured on hover, which vanishes on the brand bar.
  button: {
    color: tokens.colorNeutralForegroundOnBrand,
    ":hover": { color: tokens.colorNeutralForegroundOnBrand },
    ":hover:active": { color: tokens.colorNeutralForegroundOnBrand },
  },
  // The badge overlaps the bell's top right corner and lets clicks through to the button.
  badge: { position: "absolute", top: "4px", right: "2px", pointerEvents: "none" },
});

// Fluent UI shows the filled icon on hover and the regular one otherwise.
const BellIcon = bundleIcon(AlertFilled, AlertRegular);

/** How often the count is refetched while the live event stream is down, in milliseconds. */
export const pendingPollMs = 20_000;

/**
 * The top bar's bell for reviewers: a yellow badge with the number of pending requests they may
 * decide, kept current by the live event stream (or by polling while it is down). It opens the
 * queue of pending requests.
 */
export function PendingRequestsButton() {
  const styles = useStyles();
  const navigate = useNavigate();
  const status = useLiveStatus();
  const count = usePendingCount({ pollMs: status === "open" ? false : pendingPollMs });
  useAccessRequestEvents();

  const pending = count.data ?? 0;
  const label = pending === 0 ? "Access requests, none pending" : `Access requests, ${pending} pending`;
  const tip = status === "open" || status === "off" ? label : `${label}. Live updates are reconnecting.`;
  return (
    <span className={styles.anchor}>
      <Tooltip content={tip} relationship="description" withArrow>
        <Button
          appearance="transparent"
          className={styles.button}
          icon={<BellIcon />}
          aria-label={label}
          onClick={() => void navigate("/access-requests?status=pending")}
        />
      </Tooltip>
      {pending > 0 && (
        <Badge className={styles.badge} appearance="filled" color="warning" shape="circular" size="small" aria-hidden>
          {pending > 99 ? "99+" : pending}
        </Badge>
      )}
    </span>
  );
}
