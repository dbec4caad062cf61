import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { AccessRequest } from "../../../api/types";
import { useGrantAccessRequest } from "../api/useDecideAccessRequest";
import { GrantRequestForm } from "./GrantRequestForm";

const useStyles = makeStyles({
  surface: { maxWidth: "680px" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  who: { color: tokens.colorNeutralForeground2 },
});

/** Grants a request from the review queue without leaving it. */
export function GrantRequestDialog({
  request,
  open,
  onOpenChange,
}: {
  request: AccessRequest;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const styles = useStyles();
  const grant = useGrantAccessRequest();
  return (
    <Dialog open={open} onOpenChange={(_, data) => onOpenChange(data.open)}>
      <DialogSurface className={styles.surface}>
        <GrantRequestForm
          request={request}
          grant={grant}
          onGranted={() => onOpenChange(false)}
          layout={({ fields, ready, pending }) => (
            <DialogBody>
              <DialogTitle>Grant access to {request.displayName}</DialogTitle>
              <DialogContent className={styles.content}>
                <Text className={styles.who}>
                  {request.userPrincipalName} ({request.tenantName})
                  {request.justification && ` asked: “${request.justification}”`}
                </Text>
                {fields}
              </DialogContent>
              <DialogActions>
                <DialogTrigger disableButtonEnhancement>
                  <Button appearance="secondary">Cancel</Button>
                </DialogTrigger>
                <Button type="submit" appearance="primary" disabled={!ready || pending}>
                  {pending ? "Granting…" : "Grant access"}
                </Button>
              </DialogActions>
            </DialogBody>
          )}
        />
      </DialogSurface>
    </Dialog>
  );
}
