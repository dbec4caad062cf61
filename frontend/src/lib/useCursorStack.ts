import { useState } from "react";

/**
 * Tracks the cursors of the pages visited since the filter last changed, so that Previous can
 * go back without the API supporting backward cursors.
 */
export function useCursorStack(filterKey: string) {
  const [state, setState] = useState<{ filterKey: string; cursors: (string | undefined)[] }>({
    filterKey,
    cursors: [undefined],
  });
  const cursors = state.filterKey === filterKey ? state.cursors : [undefined];

  return {
    cursor: cursors.at(-1),
    page: cursors.length,
    hasPrevious: cursors.length > 1,
    next: (cursor: string) => setState({ filterKey, cursors: [...cursors, cursor] }),
    previous: () => setState({ filterKey, cursors: cursors.slice(0, -1) }),
  };
}
