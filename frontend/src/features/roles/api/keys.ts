import { accessKeys } from "../../../lib/access-keys";

export const roleKeys = {
  all: accessKeys.roles,
  list: accessKeys.roleList,
  detail: (roleId: string) => [...accessKeys.roles, "detail", roleId] as const,
};
