import { useCallback } from "react";
import { useSearchParams } from "react-router";

/** The URL search parameter that keeps a page's selected tab across reloads and links. */
export const tabParam = "tab";

/**
 * Returns the page's selected tab, read from the URL (first of tabs when absent or unknown), and
 * a setter that keeps the other search parameters, such as the tenant switcher's choice.
 */
export function useTabParam<T extends string>(tabs: readonly [T, ...T[]]): [T, (tab: T) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = searchParams.get(tabParam);
  const tab = tabs.find((candidate) => candidate === raw) ?? tabs[0];
  const first = tabs[0];

  const setTab = useCallback(
    (next: T) => {
      setSearchParams(
        (current) => {
          const params = new URLSearchParams(current);
          if (next === first) {
            params.delete(tabParam);
          } else {
            params.set(tabParam, next);
          }
          return params;
        },
        { replace: true },
      );
    },
    [first, setSearchParams],
  );

  return [tab, setTab];
}
