import { Field, Input, Text } from "@fluentui/react-components";
import { PersonSwapRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { User } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { ReasonDialog } from "../../../components/ReasonDialog";
import { useImpersonationSwitch } from "../../../lib/impersonation";
import { useMe } from "../../../lib/me";
import { usePermissions } from "../../../lib/permissions";
import { settingValue, useSettings } from "../../../lib/settings";
import { useStartImpersonation } from "../api/useStartImpersonation";
import { durationMinutes } from "./duration";

/**
 * The "Impersonate" button of a user page, shown only when the caller may impersonate the user:
 * impersonation is on, the caller has users:impersonate in the user's tenant, and the caller
 * is neither the user nor impersonating already. It requests a reason and a length, then makes
 * the whole SPA act as the user.
 */
export function ImpersonateAction({ user }: { user: User }) {
  const me = useMe();
  const permissions = usePermissions();
  // Callers without settings:read cannot tell whether impersonation is on; for them the API's
  // refusal explains it when they try.
  const canReadSettings = permissions.can("settings:read");
  const settings = useSettings({ enabled: canReadSettings });
  const [open, setOpen] = useState(false);
  const [startedSessionId, setStartedSessionId] = useState<string | null>(null);
  const identity = useImpersonationSwitch();

  // The SPA switches identity, which unmounts this page, only once the dialog has finished
  // closing: a modal dialog unmounted while open leaves the rest of the page aria-hidden.
  const handleClosed = () => {
    if (startedSessionId) {
      setStartedSessionId(null);
      identity.start(startedSessionId);
    }
  };

  const enabled = !canReadSettings || settingValue(settings.data, "impersonation.enabled") === true;
  const allowed =
    permissions.can("users:impersonate", user.tenantId) &&
    me.data?.userId !== user.id &&
    !me.data?.impersonation &&
    (!canReadSettings || settings.isSuccess);
  if (!allowed || !enabled) {
    return null;
  }

  return (
    <>
      <GuardedButton
        icon={<PersonSwapRegular />}
        disabledReason={user.status === "active" ? null : "Only active users can be impersonated."}
        onClick={() => setOpen(true)}
      >
        Impersonate
      </GuardedButton>
      <ImpersonateDialog
        open={open}
        user={user}
        maxMinutes={durationMinutes(settingValue(settings.data, "impersonation.maxDuration"))}
        readOnly={settingValue(settings.data, "impersonation.mode") !== "full"}
        onClose={() => setOpen(false)}
        onStarted={(sessionId) => {
          setStartedSessionId(sessionId);
          setOpen(false);
        }}
        onClosed={handleClosed}
      />
    </>
  );
}

function ImpersonateDialog({
  open,
  user,
  maxMinutes,
  readOnly,
  onClose,
  onStarted,
  onClosed,
}: {
  open: boolean;
  user: User;
  maxMinutes: number | null;
  readOnly: boolean;
  onClose: () => void;
  onStarted: (sessionId: string) => void;
  onClosed: () => void;
}) {
  const start = useStartImpersonation();
  const defaultMinutes = maxMinutes === null ? "" : String(maxMinutes);
  const [minutes, setMinutes] = useState(defaultMinutes);
  const [minutesProblem, setMinutesProblem] = useState<string | undefined>();

  const handleOpenChange = (next: boolean) => {
    if (!next) {
      setMinutes(defaultMinutes);
      setMinutesProblem(undefined);
      start.reset();
      onClose();
    }
  };

  const handleConfirm = (reason: string) => {
    const trimmed = minutes.trim();
    const value = Number(trimmed);
    if (trimmed !== "" && (!Number.isInteger(value) || value < 1 || (maxMinutes !== null && value > maxMinutes))) {
      setMinutesProblem(
        maxMinutes === null ? "Enter whole minutes, 1 or more." : `Enter whole minutes from 1 to ${maxMinutes}.`,
      );
      return;
    }

    setMinutesProblem(undefined);
    start.mutate(
      { targetUserId: user.id, reason, durationMinutes: trimmed === "" ? undefined : value },
      { onSuccess: (session) => onStarted(session.id) },
    );
  };

  return (
    <ReasonDialog
      open={open}
      onOpenChange={handleOpenChange}
      title={`Impersonate ${user.displayName}`}
      confirmLabel="Start impersonating"
      reasonRequired
      pending={start.isPending}
      error={start.error}
      onConfirm={handleConfirm}
      onClosed={onClosed}
    >
      <Text>
        Roster shows you what {user.displayName} sees, with their permissions, until you press Stop or the session ends.{" "}
        {readOnly
          ? "The session is read-only: every change is refused."
          : "Changes are allowed and recorded with both your names."}{" "}
        Every request is recorded in the audit trail.
      </Text>
      <Field
        label="Length in minutes"
        hint={maxMinutes === null ? "Leave empty for the longest allowed." : `At most ${maxMinutes} minutes.`}
        validationMessage={minutesProblem}
      >
        <Input
          type="number"
          min={1}
          max={maxMinutes ?? undefined}
          value={minutes}
          onChange={(_, data) => setMinutes(data.value)}
        />
      </Field>
    </ReasonDialog>
  );
}
