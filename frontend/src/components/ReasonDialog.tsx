import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent, type ReactNode } from "react";
import { ActionError } from "./states";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  danger: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    ":hover": { backgroundColor: tokens.colorPaletteRedForeground1 },
  },
});

/** The longest reason the API records. */
export const maxReasonLength = 1000;

/**
 * Asks for a reason before an action that the audit trail records, such as disabling a user.
 * The caller runs the action in onConfirm and closes the dialog when it succeeds; error is the
 * action's failure, shown above the buttons. onClosed runs once the dialog has finished closing,
 * which is the time to unmount the page beneath it.
 */
export function ReasonDialog({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  reasonRequired = false,
  destructive = false,
  pending,
  error,
  onConfirm,
  onClosed,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  reasonRequired?: boolean;
  destructive?: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: (reason: string) => void;
  onClosed?: () => void;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={(_, data) => onOpenChange(data.open)}
      surfaceMotion={{ onMotionFinish: (_, data) => data.direction === "exit" && onClosed?.() }}
    >
      <DialogSurface>
        {/* The form mounts with the surface, so every opening starts with an empty reason. */}
        <ReasonForm
          title={title}
          confirmLabel={confirmLabel}
          reasonRequired={reasonRequired}
          destructive={destructive}
          pending={pending}
          error={error}
          onConfirm={onConfirm}
        >
          {children}
        </ReasonForm>
      </DialogSurface>
    </Dialog>
  );
}

function ReasonForm({
  title,
  children,
  confirmLabel,
  reasonRequired,
  destructive,
  pending,
  error,
  onConfirm,
}: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  reasonRequired: boolean;
  destructive: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: (reason: string) => void;
}) {
  const styles = useStyles();
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | undefined>();

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (reasonRequired && trimmed === "") {
      setProblem("Enter a reason; the audit trail records it.");
      return;
    }
    setProblem(undefined);
    onConfirm(trimmed);
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent className={styles.content}>
          {typeof children === "string" ? <Text>{children}</Text> : children}
          <Field
            label="Reason"
            required={reasonRequired}
            hint={reasonRequired ? undefined : "Optional. The audit trail records it."}
            validationMessage={problem}
          >
            <Textarea
              value={reason}
              onChange={(_, data) => setReason(data.value)}
              maxLength={maxReasonLength}
              resize="vertical"
            />
          </Field>
          {Boolean(error) && <ActionError error={error} />}
        </DialogContent>
        <DialogActions>
          <DialogTrigger disableButtonEnhancement>
            <Button appearance="secondary">Cancel</Button>
          </DialogTrigger>
          <Button
            type="submit"
            appearance="primary"
            className={destructive ? styles.danger : undefined}
            disabled={pending}
          >
            {confirmLabel}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
