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
import type { ReactNode } from "react";
import type { AuditEvent } from "../../../api/types";
import { diffValues } from "./diff";

const useStyles = makeStyles({
  details: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingVerticalS },
  removed: { backgroundColor: tokens.colorPaletteRedBackground1, overflowWrap: "anywhere" },
  added: { backgroundColor: tokens.colorPaletteGreenBackground1, overflowWrap: "anywhere" },
  field: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: {
    margin: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
});

/** What an event changed, field by field, and where its request came from. */
export function AuditEventDetails({ event }: { event: AuditEvent }) {
  const styles = useStyles();
  const changes = diffValues(event.before, event.after);

  return (
    <div className={styles.details}>
      {changes.length === 0 ? (
        <Text>No recorded values.</Text>
      ) : (
        <Table aria-label={`Changes of ${event.action}`} size="extra-small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Field</TableHeaderCell>
              <TableHeaderCell>Before</TableHeaderCell>
              <TableHeaderCell>After</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {changes.map((change) => (
              <TableRow key={change.field}>
                <TableCell className={styles.field}>{change.field}</TableCell>
                <TableCell className={change.before === null ? undefined : styles.removed}>
                  {change.before ?? "—"}
                </TableCell>
                <TableCell className={change.after === null ? undefined : styles.added}>
                  {change.after ?? "—"}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <dl className={styles.facts}>
        {event.impersonationSessionId && <Fact label="Impersonation session">{event.impersonationSessionId}</Fact>}
        <Fact label="Actor id">{event.actorId}</Fact>
        <Fact label="Target id">{event.targetId}</Fact>
        <Fact label="Request id">{event.requestId || "—"}</Fact>
        <Fact label="Client address">{event.clientIp || "—"}</Fact>
        <Fact label="User agent">{event.userAgent || "—"}</Fact>
        <Fact label="Sequence">{event.seq}</Fact>
        <Fact label="Hash">{event.hash}</Fact>
      </dl>
    </div>
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
