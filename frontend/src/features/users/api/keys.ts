import type { UserStatus } from "../../../api/types";
import { accessKeys } from "../../../lib/access-keys";

export interface UsersFilter {
  q: string;
  tenantId: string | null;
  roleId: string | null;
  status: UserStatus | null;
  /** Only active users whose access ends within the next seven days. */
  expiringSoon: boolean;
}

export const userKeys = {
  all: accessKeys.users,
  lists: () => [...userKeys.all, "list"] as const,
  list: (filter: UsersFilter, cursor: string | undefined) => [...userKeys.lists(), filter, cursor ?? null] as const,
  detail: (userId: string) => [...userKeys.all, "detail", userId] as const,
  access: (userId: string, tenantId: string) => [...userKeys.detail(userId), "access", tenantId] as const,
};
