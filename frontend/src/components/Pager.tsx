import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ChevronLeftRegular, ChevronRightRegular } from "@fluentui/react-icons";

const useStyles = makeStyles({
  pager: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, marginTop: tokens.spacingVerticalM },
});

/** Previous and Next buttons for a list paged by server cursors; see useCursorStack. */
export function Pager({
  page,
  hasPrevious,
  nextCursor,
  busy,
  onPrevious,
  onNext,
}: {
  page: number;
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  /** True while the shown page is a placeholder for the one loading. */
  busy: boolean;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
}) {
  const styles = useStyles();
  return (
    <nav className={styles.pager} aria-label="Pages">
      <Button icon={<ChevronLeftRegular />} disabled={!hasPrevious} onClick={onPrevious}>
        Previous
      </Button>
      <Text>Page {page}</Text>
      <Button
        icon={<ChevronRightRegular />}
        iconPosition="after"
        disabled={!nextCursor || busy}
        onClick={() => nextCursor && onNext(nextCursor)}
      >
        Next
      </Button>
    </nav>
  );
}
