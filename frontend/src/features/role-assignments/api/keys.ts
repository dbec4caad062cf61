import { accessKeys } from "../../../lib/access-keys";

export interface AssignmentsFilter {
  roleId: string | null;
  userId: string | null;
}

export const assignmentKeys = {
  all: accessKeys.roleAssignments,
  list: (filter: AssignmentsFilter, cursor: string | undefined) =>
    [...accessKeys.roleAssignments, "list", filter, cursor ?? null] as const,
  // Under the users root, so that a change to a user refreshes the picker too.
  userSearch: (q: string) => [...accessKeys.users, "search", q] as const,
  userName: (userId: string) => [...accessKeys.users, "name", userId] as const,
};
