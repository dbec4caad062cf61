import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { DismissRegular, EyeRegular } from "@fluentui/react-icons";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ImpersonationInfo } from "../../../api/types";
import { RequestId, describeError } from "../../../components/states";
import { dismissImpersonationNotice, useImpersonationNotice, useImpersonationSwitch } from "../../../lib/impersonation";
import { meKey, useMe } from "../../../lib/me";
import { useStopImpersonation } from "../api/useStopImpersonation";

const useStyles = makeStyles({
  banner: {
    display: "flex",
    alignItems: "center",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorPaletteDarkOrangeBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    fontSize: tokens.fontSizeBase400,
  },
  name: { fontWeight: tokens.fontWeightBold },
  detail: { color: tokens.colorNeutralForegroundOnBrand, opacity: 0.9 },
  failure: { color: tokens.colorNeutralForegroundOnBrand, fontWeight: tokens.fontWeightSemibold },
});

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Formats when a session ends: the time alone today, with the date otherwise. */
function formatEnd(iso: string, now = new Date()): string {
  const end = new Date(iso);
  return end.toDateString() === now.toDateString() ? timeFormat.format(end) : dateTimeFormat.format(end);
}

/**
 * The banner across the top of every page while this tab impersonates someone: whom, until
 * when, and Stop. After a session ended on its own it shows why, until dismissed.
 */
export function ImpersonationBanner() {
  const me = useMe();
  const notice = useImpersonationNotice();
  const impersonation = me.data?.impersonation;

  if (impersonation) {
    return <ActiveBanner name={me.data?.name ?? ""} impersonation={impersonation} />;
  }
  if (notice) {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>{notice}</MessageBarBody>
        <MessageBarActions
          containerAction={
            <Button
              appearance="transparent"
              aria-label="Dismiss"
              icon={<DismissRegular />}
              onClick={dismissImpersonationNotice}
            />
          }
        />
      </MessageBar>
    );
  }
  return null;
}

function ActiveBanner({ name, impersonation }: { name: string; impersonation: ImpersonationInfo }) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const stop = useStopImpersonation();
  const identity = useImpersonationSwitch();

  // At the end time /me is reloaded: the API then reports the session ended, which ends it here.
  useEffect(() => {
    const delay = new Date(impersonation.endsAt).getTime() - Date.now() + 1000;
    const timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: meKey }), Math.max(delay, 0));
    return () => clearTimeout(timer);
  }, [impersonation.endsAt, queryClient]);

  const failure = stop.isError ? describeError(stop.error) : null;
  return (
    <div className={styles.banner} role="region" aria-label="Impersonation">
      <EyeRegular aria-hidden />
      <Text className={styles.detail}>
        Viewing as <span className={styles.name}>{name}</span> — ends at{" "}
        <time dateTime={impersonation.endsAt}>{formatEnd(impersonation.endsAt)}</time> —
      </Text>
      <Button
        appearance="secondary"
        size="small"
        disabled={stop.isPending}
        onClick={() => stop.mutate(impersonation.sessionId, { onSuccess: identity.stop })}
      >
        Stop
      </Button>
      <Text className={styles.detail}>
        {impersonation.readOnly ? "Read-only: changes are refused." : "Changes are recorded with both names."} You are{" "}
        {impersonation.impersonatorName}.
      </Text>
      {failure && (
        <Text role="alert" className={styles.failure}>
          Stopping failed: {failure.title}. {failure.detail} <RequestId id={failure.requestId} />
        </Text>
      )}
    </div>
  );
}
