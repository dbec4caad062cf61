export const discoveryKeys = {
  customers: ["customer-discovery"] as const,
};
