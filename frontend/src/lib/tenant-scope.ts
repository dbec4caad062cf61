import { useInfiniteQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useSearchParams } from "react-router";
import { useApiClient } from "../api/ApiClientProvider";
import { dataOf } from "../api/client";
import type { Tenant } from "../api/types";

/** The URL search parameter that carries the tenant switcher's choice across pages. */
export const tenantScopeParam = "tenant";

/** Query key of every tenant query; the tenant list lives under it. */
export const tenantsKey = ["tenants"] as const;
export const tenantListKey = [...tenantsKey, "list"] as const;

const tenantPageSize = 200;

/**
 * Returns the tenant chosen in the top bar's switcher (null for all tenants) and a setter that
 * keeps the other search parameters of the page.
 */
export function useTenantScope(): [string | null, (tenantId: string | null) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const tenantId = searchParams.get(tenantScopeParam);

  const setTenantId = useCallback(
    (next: string | null) => {
      setSearchParams((current) => {
        const params = new URLSearchParams(current);
        if (next) {
          params.set(tenantScopeParam, next);
        } else {
          params.delete(tenantScopeParam);
        }
        return params;
      });
    },
    [setSearchParams],
  );

  return [tenantId, setTenantId];
}

/** Loads the tenants the signed-in user may see, a page of 200 at a time. */
export function useTenantList() {
  const client = useApiClient();
  return useInfiniteQuery({
    queryKey: tenantListKey,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      dataOf(
        client.GET("/api/v1/tenants", { params: { query: { limit: tenantPageSize, cursor: pageParam } }, signal }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    select: (data): { tenants: Tenant[]; hasMore: boolean } => ({
      tenants: data.pages.flatMap((page) => page.items),
      hasMore: data.pages.at(-1)?.nextCursor != null,
    }),
  });
}
