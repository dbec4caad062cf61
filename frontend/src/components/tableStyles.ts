import { makeStyles } from "@fluentui/react-components";

/**
 * Styles for data tables: columns sized to their content instead of Fluent's equal fixed
 * widths, and a container that scrolls sideways when the columns are wider than the page.
 */
export const useDataTableStyles = makeStyles({
  scroll: { overflowX: "auto" },
  table: { tableLayout: "auto" },
  nowrap: { whiteSpace: "nowrap" },
});
