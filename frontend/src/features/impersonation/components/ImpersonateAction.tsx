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
 * is neither the user nor impersonating already. It asks for a reason and a length, then makes
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
      {open && (
        <ImpersonateDialog
          user={user}
          maxMinutes={durationMinutes(settingValue(settings.data, "impersonation.maxDuration"))}
          readOnly={settingValue(settings.data, "impersonation.mode") !== "full"}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

function ImpersonateDialog({
  user,
  maxMinutes,
  readOnly,
  onClose,
}: {
  user: User;
  maxMinutes: number | null;
  readOnly: boolean;
  onClose: () => void;
}) {
  const start = useStartImpersonation();
  const identity = useImpersonationSwitch();
  const [minutes, setMinutes] = useState(maxMinutes === null ? "" : String(maxMinutes));
  const [minutesProblem, setMinutesProblem] = useState<string | undefined>();

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
      { onSuccess: (session) => identity.start(session.id) },
    );
  };

  return (
    <ReasonDialog
      open
      onOpenChange={(next) => !next && onClose()}
      title={`Impersonate ${user.displayName}`}
      confirmLabel="Start impersonating"
      reasonRequired
      pending={start.isPending}
      error={start.error}
      onConfirm={handleConfirm}
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
