import {
  Button,
  Card,
  CardHeader,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular, DeleteRegular, PlayRegular, ProhibitedRegular } from "@fluentui/react-icons";
import { useState, type ReactNode } from "react";
import { useNavigate, useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import type { RegisteredClient } from "../../../api/types";
import { AddAssignmentDialog } from "../../../components/access/AddAssignmentDialog";
import { AssignmentsTable } from "../../../components/access/AssignmentsTable";
import { GuardedButton } from "../../../components/GuardedButton";
import { PageHeader } from "../../../components/PageHeader";
import { ProblemPage } from "../../../components/ProblemPage";
import { ActionError, EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { formatDateTime } from "../../../lib/format";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useRegisteredClient, useUpdateClient, type VersionedClient } from "../api/registeredClient";
import { useDeleteClient } from "../api/useDeleteClient";
import { ClientStatusBadge } from "./ClientStatusBadge";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXL, maxWidth: "1100px" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
  facts: {
    display: "grid",
    gridTemplateColumns: "minmax(180px, max-content) 1fr",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  sectionHeader: { display: "flex", alignItems: "center", justifyContent: "space-between" },
});

export function ApiClientPage() {
  const { clientId = "" } = useParams();
  const client = useRegisteredClient(clientId);

  if (client.isPending) {
    return <LoadingState label="Loading API client…" />;
  }
  if (client.isError) {
    if (isApiError(client.error) && (client.error.status === 404 || client.error.status === 403)) {
      return <ProblemPage error={client.error} />;
    }
    return <ErrorState error={client.error} onRetry={() => void client.refetch()} />;
  }
  return <ClientView versioned={client.data} onReload={() => void client.refetch()} />;
}

function ClientView({ versioned, onReload }: { versioned: VersionedClient; onReload: () => void }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const { client, etag } = versioned;
  const updateClient = useUpdateClient(client.id);
  const [dialog, setDialog] = useState<"delete" | "assign" | null>(null);

  const manageRefusal = permissions.can("api-clients:manage")
    ? null
    : missingPermission("api-clients:manage", "anywhere");
  const assignRefusal = permissions.can("role-assignments:manage")
    ? null
    : missingPermission("role-assignments:manage", "anywhere");
  const active = client.status === "active";
  const conflict = isApiError(updateClient.error) && updateClient.error.status === 412;

  const actions = (
    <div className={styles.actions}>
      <GuardedButton
        icon={active ? <ProhibitedRegular /> : <PlayRegular />}
        disabledReason={manageRefusal}
        disabled={updateClient.isPending}
        onClick={() => updateClient.mutate({ change: { status: active ? "disabled" : "active" }, etag })}
      >
        {active ? "Disable" : "Enable"}
      </GuardedButton>
      <GuardedButton icon={<DeleteRegular />} disabledReason={manageRefusal} onClick={() => setDialog("delete")}>
        Delete
      </GuardedButton>
    </div>
  );

  return (
    <div className={styles.page}>
      <PageHeader
        title={client.displayName}
        subtitle={
          <span>
            <ClientStatusBadge client={client} />
          </span>
        }
        actions={actions}
      />
      {conflict ? (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Someone else changed this API client</MessageBarTitle>
            Your change was not saved. Reload to see its current state, then try again.
          </MessageBarBody>
          <MessageBarActions>
            <Button
              onClick={() => {
                updateClient.reset();
                onReload();
              }}
            >
              Reload
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : (
        updateClient.isError && <ActionError error={updateClient.error} />
      )}
      <Card>
        <CardHeader header={<Text weight="semibold">Registration</Text>} />
        <dl className={styles.facts}>
          <Fact label="Application (client) id">
            <span className={styles.mono}>{client.clientId}</span>
          </Fact>
          <Fact label="Owner">{client.owner || "—"}</Fact>
          <Fact label="Registered">{formatDateTime(client.createdAt)}</Fact>
          <Fact label="Last used">{client.lastUsedAt ? formatDateTime(client.lastUsedAt) : "Never"}</Fact>
        </dl>
        <Text size={200}>
          A script signs in to Entra ID with this application's credentials (client credentials flow) for Roster's API,
          then calls the API with that token. Roster recognises the application by its client id and allows only what
          its role assignments allow; while it is disabled, its requests are refused.
        </Text>
      </Card>

      <section className={styles.section} aria-labelledby="client-assignments">
        <div className={styles.sectionHeader}>
          <Title3 as="h2" id="client-assignments">
            Role assignments
          </Title3>
          <GuardedButton icon={<AddRegular />} disabledReason={assignRefusal} onClick={() => setDialog("assign")}>
            Add role assignment
          </GuardedButton>
        </div>
        {(client.assignments ?? []).length === 0 ? (
          <EmptyState title="No role assignments">
            <Text>Without a role assignment this application can do nothing.</Text>
          </EmptyState>
        ) : (
          <AssignmentsTable
            label={`Role assignments of ${client.displayName}`}
            assignments={client.assignments ?? []}
            holderTenantId={client.tenantId}
          />
        )}
      </section>

      <AddAssignmentDialog
        open={dialog === "assign"}
        onOpenChange={(open) => !open && setDialog(null)}
        principalType="client"
        principalId={client.id}
        holderName={client.displayName}
        holderTenantId={client.tenantId}
      />
      <DeleteClientDialog
        client={client}
        open={dialog === "delete"}
        onOpenChange={(open) => !open && setDialog(null)}
        onDeleted={() => void navigate("/api-clients")}
      />
    </div>
  );
}

function DeleteClientDialog({
  client,
  open,
  onOpenChange,
  onDeleted,
}: {
  client: RegisteredClient;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
}) {
  const deleteClient = useDeleteClient(client.id);
  return (
    <Dialog
      open={open}
      onOpenChange={(_, data) => {
        if (!data.open) {
          deleteClient.reset();
        }
        onOpenChange(data.open);
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete {client.displayName}</DialogTitle>
          <DialogContent>
            <Text>
              The registration and its role assignments are deleted, and the application's tokens are refused from its
              next request. Register it again to restore access.
            </Text>
            {deleteClient.isError && <ActionError error={deleteClient.error} />}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Cancel</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              disabled={deleteClient.isPending}
              onClick={() => deleteClient.mutate(undefined, { onSuccess: onDeleted })}
            >
              Delete API client
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.term}>{label}</dt>
      <dd className={styles.value}>{children}</dd>
    </>
  );
}
