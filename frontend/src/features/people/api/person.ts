import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { withResponse } from "../../../api/client";
import type { Person } from "../../../api/types";
import { peopleKeys } from "./keys";

/** A person with the ETag that a later PATCH must send back in If-Match. */
export interface VersionedPerson {
  person: Person;
  etag: string;
}

// The OpenAPI document lists the ETag header for GET only, but every person body carries it too.
function versioned({ data, response }: { data: Person; response: Response }): VersionedPerson {
  const etag = response.headers.get("ETag") ?? data.etag;
  if (!etag) {
    throw new Error(`The API returned person ${data.id} without an ETag`);
  }
  return { person: data, etag };
}

export function usePerson(personId: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: peopleKeys.detail(personId),
    queryFn: async ({ signal }) =>
      versioned(await withResponse(client.GET("/api/v1/people/{id}", { params: { path: { id: personId } }, signal }))),
  });
}

/**
 * Replaces a person's tags. The API rejects the change with 412 when the person changed since
 * etag was read, so one admin never overwrites another's edit.
 */
export function useUpdateTags(personId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ tags, etag }: { tags: string[]; etag: string }) =>
      versioned(
        await withResponse(
          client.PATCH("/api/v1/people/{id}", {
            params: { path: { id: personId }, header: { "If-Match": etag } },
            body: { tags },
          }),
        ),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(peopleKeys.detail(personId), updated);
      await queryClient.invalidateQueries({ queryKey: peopleKeys.lists() });
    },
  });
}
