import { Title2, makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  header: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
  titles: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
});

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <div className={styles.titles}>
        <Title2 as="h1">{title}</Title2>
        {subtitle}
      </div>
      {actions}
    </header>
  );
}
