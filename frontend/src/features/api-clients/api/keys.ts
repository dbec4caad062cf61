import { accessKeys } from "../../../lib/access-keys";

export const clientKeys = {
  all: accessKeys.apiClients,
  list: () => [...accessKeys.apiClients, "list"] as const,
  detail: (id: string) => [...accessKeys.apiClients, "detail", id] as const,
};
