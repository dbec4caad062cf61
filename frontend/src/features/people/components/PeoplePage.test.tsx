import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Person } from "../../../api/types";
import { aPerson, aTenant } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, server } from "../../../test/server";
import { PeoplePage } from "./PeoplePage";

const route = { path: "/people", url: "/people" };

/** Records the query string of every people request and serves the page keyed by its cursor. */
function peopleApi(pages: Record<string, { items: Person[]; nextCursor: string | null }>) {
  const queries: URLSearchParams[] = [];
  const handler = http.get(api("/api/v1/people"), ({ request }) => {
    const query = new URL(request.url).searchParams;
    queries.push(query);
    return HttpResponse.json(pages[query.get("cursor") ?? ""] ?? { items: [], nextCursor: null });
  });
  return { handler, queries };
}

const tenantList = http.get(api("/api/v1/tenants"), () =>
  HttpResponse.json({ items: [aTenant(), aTenant({ id: "t2", name: "Tailspin Toys" })], nextCursor: null }),
);

describe("PeoplePage", () => {
  it("lists people with status, guest badge and tags", async () => {
    const people = peopleApi({
      "": {
        items: [
          aPerson({ tags: ["vip", "laptop-refresh"] }),
          aPerson({ id: "p2", displayName: "Bianca Guest", status: "disabled", guest: true, mail: "" }),
          aPerson({ id: "p3", displayName: "Removed Ray", status: "removed" }),
        ],
        nextCursor: null,
      },
    });
    server.use(people.handler, tenantList);

    renderPage(<PeoplePage />, route);

    const table = await screen.findByRole("table", { name: "People" });
    const adele = within(table).getByRole("row", { name: /Adele Vance/ });
    expect(within(adele).getByText("Enabled")).toBeInTheDocument();
    expect(within(adele).getByText("Retail Manager")).toBeInTheDocument();
    const tags = within(adele).getByRole("list", { name: "Tags of Adele Vance" });
    expect(
      within(tags)
        .getAllByRole("listitem")
        .map((tag) => tag.textContent),
    ).toEqual(["vip", "laptop-refresh"]);
    const bianca = within(table).getByRole("row", { name: /Bianca Guest/ });
    expect(within(bianca).getByText("Disabled")).toBeInTheDocument();
    expect(within(bianca).getByText("Guest")).toBeInTheDocument();
    expect(within(table).getByRole("row", { name: /Removed Ray/ })).toHaveTextContent("Removed upstream");
    expect(people.queries[0]?.get("limit")).toBe("50");
  });

  it("searches as you type", async () => {
    const people = peopleApi({ "": { items: [aPerson()], nextCursor: null } });
    server.use(people.handler, tenantList);
    const { user } = renderPage(<PeoplePage />, route);
    await screen.findByRole("table", { name: "People" });

    await user.type(screen.getByRole("searchbox", { name: "Search" }), "adele");

    await expect.poll(() => people.queries.at(-1)?.get("q")).toBe("adele");
    expect(people.queries[0]?.get("q")).toBeNull();
    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/people?q=adele");
  });

  it("filters by status and tenant", async () => {
    const people = peopleApi({ "": { items: [aPerson()], nextCursor: null } });
    server.use(people.handler, tenantList);
    const { user } = renderPage(<PeoplePage />, route);
    await screen.findByRole("table", { name: "People" });

    await user.click(screen.getByRole("combobox", { name: "Status" }));
    await user.click(screen.getByRole("option", { name: "Removed upstream" }));
    await user.click(screen.getByRole("combobox", { name: "Tenant" }));
    await user.click(await screen.findByRole("option", { name: "Tailspin Toys" }));

    await expect.poll(() => people.queries.at(-1)?.toString()).toBe("limit=50&tenantId=t2&status=removed");
  });

  it("pages forward and back with cursors", async () => {
    const people = peopleApi({
      "": { items: [aPerson({ displayName: "Page One Person" })], nextCursor: "c2" },
      c2: { items: [aPerson({ id: "p2", displayName: "Page Two Person" })], nextCursor: null },
    });
    server.use(people.handler, tenantList);
    const { user } = renderPage(<PeoplePage />, route);

    expect(await screen.findByText("Page One Person")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Previous" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Next" }));

    expect(await screen.findByText("Page Two Person")).toBeInTheDocument();
    expect(screen.getByText("Page 2")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Previous" }));

    expect(await screen.findByText("Page One Person")).toBeInTheDocument();
    expect(people.queries.map((query) => query.get("cursor"))).toEqual([null, "c2"]);
  });

  it("shows the empty state for filters", async () => {
    const people = peopleApi({});
    server.use(people.handler, tenantList);

    renderPage(<PeoplePage />, { path: "/people", url: "/people?status=disabled" });

    expect(await screen.findByText("No people found")).toBeInTheDocument();
    expect(screen.getByText(/No one matches these filters/)).toBeInTheDocument();
  });

  it("selects people for the selection action", async () => {
    const people = peopleApi({
      "": { items: [aPerson(), aPerson({ id: "p2", displayName: "Kaveh Tehrani" })], nextCursor: null },
    });
    server.use(people.handler, tenantList);
    const acted: string[][] = [];
    const { user } = renderPage(
      <PeoplePage
        selectionAction={(selected, clearSelection) => (
          <button
            onClick={() => {
              acted.push(selected.map((person) => person.displayName));
              clearSelection();
            }}
          >
            Act
          </button>
        )}
      />,
      route,
    );

    await user.click(await screen.findByRole("checkbox", { name: "Select Kaveh Tehrani" }));
    expect(screen.getByText("1 person selected")).toBeInTheDocument();
    await user.click(screen.getByRole("checkbox", { name: "Select everyone on this page" }));
    expect(screen.getByText("2 people selected")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Act" }));

    expect(acted).toEqual([["Kaveh Tehrani", "Adele Vance"]]);
    expect(screen.getByText("0 people selected")).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "Select Kaveh Tehrani" })).not.toBeChecked();
  });

  it("has no checkboxes without a selection action", async () => {
    server.use(peopleApi({ "": { items: [aPerson()], nextCursor: null } }).handler, tenantList);

    renderPage(<PeoplePage />, route);

    await screen.findByRole("table", { name: "People" });
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
  });
});
