import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { RegisteredClient } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { PageHeader } from "../../../components/PageHeader";
import { RouterLink } from "../../../components/RouterLink";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { formatDateTime } from "../../../lib/format";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useRegisteredClients } from "../api/useRegisteredClients";
import { ClientStatusBadge } from "./ClientStatusBadge";
import { RegisterClientDialog } from "./RegisterClientDialog";

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  secondary: { color: tokens.colorNeutralForeground3 },
});

/** Entra applications registered to call the API with their own identity, such as scripts. */
export function ApiClientsPage() {
  const navigate = useNavigate();
  const permissions = usePermissions();
  const clients = useRegisteredClients();
  const [registering, setRegistering] = useState(false);

  const registerButton = (
    <GuardedButton
      appearance="primary"
      icon={<AddRegular />}
      disabledReason={
        permissions.can("api-clients:manage") ? null : missingPermission("api-clients:manage", "anywhere")
      }
      onClick={() => setRegistering(true)}
    >
      Register API client
    </GuardedButton>
  );

  return (
    <>
      <PageHeader
        title="API clients"
        subtitle={
          <Text>
            Applications that call Roster's API with app-only tokens. Each acts only through its role assignments.
          </Text>
        }
        actions={registerButton}
      />
      <RegisterClientDialog
        open={registering}
        onOpenChange={setRegistering}
        onRegistered={(client) => void navigate(`/api-clients/${client.id}`)}
      />
      {clients.isPending ? (
        <LoadingState label="Loading API clients…" />
      ) : clients.isError ? (
        <ErrorState error={clients.error} onRetry={() => void clients.refetch()} />
      ) : clients.data.length === 0 ? (
        <EmptyState title="No API clients yet">
          <Text>Register an Entra application to let a script call the API as itself.</Text>
        </EmptyState>
      ) : (
        <ClientsTable clients={clients.data} />
      )}
    </>
  );
}

function ClientsTable({ clients }: { clients: RegisteredClient[] }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  return (
    <div className={tableStyles.scroll}>
      <Table aria-label="API clients" size="small" className={tableStyles.table}>
        <TableHeader>
          <TableRow className={tableStyles.nowrap}>
            <TableHeaderCell>Display name</TableHeaderCell>
            <TableHeaderCell>Application (client) id</TableHeaderCell>
            <TableHeaderCell>Owner</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Last used</TableHeaderCell>
            <TableHeaderCell>Registered</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {clients.map((client) => (
            <TableRow key={client.id} className={tableStyles.nowrap}>
              <TableCell>
                <RouterLink to={`/api-clients/${client.id}`}>{client.displayName}</RouterLink>
              </TableCell>
              <TableCell className={styles.mono}>{client.clientId}</TableCell>
              <TableCell>{client.owner || <span className={styles.secondary}>—</span>}</TableCell>
              <TableCell>
                <ClientStatusBadge client={client} />
              </TableCell>
              <TableCell>
                {client.lastUsedAt ? (
                  formatDateTime(client.lastUsedAt)
                ) : (
                  <span className={styles.secondary}>Never</span>
                )}
              </TableCell>
              <TableCell>{formatDateTime(client.createdAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
