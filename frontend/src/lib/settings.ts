import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../api/ApiClientProvider";
import { dataOf } from "../api/client";
import type { SettingList } from "../api/types";

/** Query key of the instance-wide settings, which the settings page and several features read. */
export const settingsKey = ["settings"] as const;

/** Loads every instance-wide setting with the ETag that a change must send in If-Match. */
export function useSettings(options: { enabled?: boolean } = {}) {
  const client = useApiClient();
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/settings", { signal })),
    enabled: options.enabled ?? true,
  });
}

/** Returns the value of the setting key, or undefined when the list has no such setting. */
export function settingValue(list: SettingList | undefined, key: string): unknown {
  return list?.items.find((setting) => setting.key === key)?.value;
}
