import { Badge, Button, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import { AlertRegular } from "@fluentui/react-icons";
import { useNavigate } from "react-router";
import { useLiveStatus } from "../../../lib/live-events";
import { usePendingCount } from "../api/usePendingCount";
import { useAccessRequestEvents } from "../api/useAccessRequestEvents";

const useStyles = makeStyles({
  button: { position: "relative", color: tokens.colorNeutralForegroundOnBrand },
  badge: { position: "absolute", top: "2px", right: "0px", pointerEvents: "none" },
});

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
    <Tooltip content={tip} relationship="description" withArrow>
      <Button
        appearance="transparent"
        className={styles.button}
        icon={<AlertRegular />}
        aria-label={label}
        onClick={() => void navigate("/access-requests?status=pending")}
      >
        {pending > 0 && (
          <Badge className={styles.badge} appearance="filled" color="warning" shape="circular" size="small">
            {pending > 99 ? "99+" : pending}
          </Badge>
        )}
      </Button>
    </Tooltip>
  );
}
