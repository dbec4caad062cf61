import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Person } from "../../../api/types";
import { aMe, aPerson } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { PersonPage } from "./PersonPage";

const person = aPerson({ tags: ["vip"] });
const route = { path: "/people/:personId", url: `/people/${person.id}` };

/**
 * Serves one person whose ETag changes with every successful PATCH, recording each PATCH. GET
 * sends the ETag as a header and PATCH only in the body, so both sources are exercised.
 */
function personApi(initial: Person) {
  let current = initial;
  let version = 1;
  const patches: { ifMatch: string | null; body: unknown }[] = [];
  const handlers = [
    http.get(api("/api/v1/people/:id"), () =>
      HttpResponse.json({ ...current, etag: `"v${version}"` }, { headers: { ETag: `"v${version}"` } }),
    ),
    http.patch(api("/api/v1/people/:id"), async ({ request }) => {
      const body = (await request.json()) as { tags: string[] };
      patches.push({ ifMatch: request.headers.get("If-Match"), body });
      current = { ...current, tags: body.tags };
      version += 1;
      return HttpResponse.json({ ...current, etag: `"v${version}"` });
    }),
  ];
  return { handlers, patches };
}

describe("PersonPage", () => {
  it("marks the fields synced from Entra ID", async () => {
    server.use(...personApi(person).handlers);

    renderPage(<PersonPage />, route);

    expect(await screen.findByRole("heading", { name: "Adele Vance" })).toBeInTheDocument();
    const entra = screen.getByRole("region", { name: "From Entra ID" });
    expect(within(entra).getByText(/the hourly sync overwrites any other change/)).toBeInTheDocument();
    expect(within(entra).getByText("Retail Manager")).toBeInTheDocument();
    expect(within(entra).getAllByText("Entra ID")).toHaveLength(person.syncedFields.length);
  });

  it("adds a tag with If-Match", async () => {
    const api = personApi(person);
    server.use(...api.handlers);
    const { user } = renderPage(<PersonPage />, route);

    await user.type(await screen.findByRole("textbox", { name: "New tag" }), "laptop-refresh");
    await user.click(screen.getByRole("button", { name: "Add tag" }));

    expect(await screen.findByRole("button", { name: "Remove tag laptop-refresh" })).toBeInTheDocument();
    expect(api.patches).toEqual([{ ifMatch: '"v1"', body: { tags: ["vip", "laptop-refresh"] } }]);
    expect(screen.getByRole("textbox", { name: "New tag" })).toHaveValue("");
  });

  it("removes a tag with the latest ETag", async () => {
    const api = personApi(person);
    server.use(...api.handlers);
    const { user } = renderPage(<PersonPage />, route);

    await user.type(await screen.findByRole("textbox", { name: "New tag" }), "temp");
    await user.click(screen.getByRole("button", { name: "Add tag" }));
    await user.click(await screen.findByRole("button", { name: "Remove tag vip" }));

    await expect.poll(() => api.patches.length).toBe(2);
    expect(api.patches[1]).toEqual({ ifMatch: '"v2"', body: { tags: ["temp"] } });
    await expect.poll(() => screen.queryByRole("button", { name: "Remove tag vip" })).toBeNull();
  });

  it.each([
    { name: "empty tag", input: " ", message: "Enter a tag." },
    { name: "duplicate tag", input: "VIP", message: 'This person already has the tag "VIP".' },
  ])("rejects $name without saving", async ({ input, message }) => {
    const api = personApi(person);
    server.use(...api.handlers);
    const { user } = renderPage(<PersonPage />, route);

    await user.type(await screen.findByRole("textbox", { name: "New tag" }), input);
    await user.click(screen.getByRole("button", { name: "Add tag" }));

    expect(screen.getByRole("textbox", { name: "New tag" })).toHaveAccessibleDescription(message);
    expect(api.patches).toEqual([]);
  });

  it("reports a stale ETag", async () => {
    server.use(
      ...personApi(person).handlers.slice(0, 1),
      http.patch(api("/api/v1/people/:id"), () => problem(412, "Precondition failed")),
    );
    const { user } = renderPage(<PersonPage />, route);

    await user.type(await screen.findByRole("textbox", { name: "New tag" }), "late");
    await user.click(screen.getByRole("button", { name: "Add tag" }));

    expect(await screen.findByText("Someone else changed this person; reload")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Reload" }));
    await expect.poll(() => screen.queryByText("Someone else changed this person; reload")).toBeNull();
  });

  it("shows the not found page", async () => {
    server.use(http.get(api("/api/v1/people/:id"), () => problem(404, "Person not found", { requestId: "req-404" })));

    renderPage(<PersonPage />, route);

    expect(await screen.findByRole("heading", { name: "Not found" })).toBeInTheDocument();
    expect(screen.getByText("Request id: req-404")).toBeInTheDocument();
  });

  it("shows tags read-only without people:tag", async () => {
    server.use(...personApi(person).handlers);
    const me = aMe({ permissions: ["people:read"], allTenants: ["people:read"] });

    renderPage(<PersonPage />, route, { me });

    const tags = await screen.findByRole("list", { name: "Tags" });
    expect(within(tags).getByText("vip")).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "New tag" })).not.toBeInTheDocument();
    expect(screen.getByText(/You need the people:tag permission/)).toBeInTheDocument();
  });
});
