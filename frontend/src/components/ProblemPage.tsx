import { Title1, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { RequestId, describeError } from "./states";

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    maxWidth: "640px",
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`,
  },
});

/** A full page for a failure that leaves nothing else to show: 403, 404 or an unexpected error. */
export function ProblemPage({ error, children }: { error: unknown; children?: ReactNode }) {
  const styles = useStyles();
  const { title, detail, requestId } = describeError(error);
  return (
    <div className={styles.page}>
      <Title1 as="h1">{title}</Title1>
      {detail && <Text>{detail}</Text>}
      <RequestId id={requestId} />
      {children}
    </div>
  );
}
