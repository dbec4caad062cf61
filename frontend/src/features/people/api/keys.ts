import type { PersonStatus } from "../../../api/types";

export interface PeopleFilter {
  q: string;
  tenantId: string | null;
  status: PersonStatus | null;
}

export const peopleKeys = {
  all: ["people"] as const,
  lists: () => [...peopleKeys.all, "list"] as const,
  list: (filter: PeopleFilter, cursor: string | undefined) => [...peopleKeys.lists(), filter, cursor ?? null] as const,
  detail: (personId: string) => [...peopleKeys.all, "detail", personId] as const,
};
