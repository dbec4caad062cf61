import type { AccessRequest } from "../../../api/types";
import { ReasonDialog } from "../../../components/ReasonDialog";
import type { useDenyAccessRequest } from "../api/useDecideAccessRequest";

/** Asks for the reason the requester will see, then denies request through deny. */
export function DenyRequestDialog({
  request,
  deny,
  open,
  onOpenChange,
}: {
  request: AccessRequest;
  deny: ReturnType<typeof useDenyAccessRequest>;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const close = (next: boolean) => {
    if (!next) {
      deny.reset();
    }
    onOpenChange(next);
  };

  return (
    <ReasonDialog
      open={open}
      onOpenChange={close}
      title={`Deny the request from ${request.displayName}`}
      confirmLabel="Deny request"
      reasonRequired
      destructive
      pending={deny.isPending}
      error={deny.error}
      onConfirm={(reason) => deny.mutate({ requestId: request.id, reason }, { onSuccess: () => close(false) })}
    >
      {`${request.displayName} sees this reason when they next sign in. The audit trail records it too.`}
    </ReasonDialog>
  );
}
