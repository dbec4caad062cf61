export const syncHealthKeys = {
  health: ["sync-health"] as const,
};
