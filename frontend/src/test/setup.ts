import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";
import { server } from "./server";

// jsdom has no ResizeObserver, but Fluent UI's message bar and overflow helpers construct one.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver ??= NoopResizeObserver;

// jsdom does no layout: offsetParent is always null and every box is 0 by 0. Fluent UI's focus
// manager (tabster) then finds nothing focusable, so a dialog opens with focus on its surface and,
// depending on timing, the dialog marks itself aria-hidden and its contents vanish from the
// accessibility tree. Reporting a parent and a non-empty body box lets it focus the first field,
// as a browser does.
Object.defineProperty(HTMLElement.prototype, "offsetParent", {
  configurable: true,
  get(this: HTMLElement) {
    return this.isConnected && getComputedStyle(this).display !== "none" ? this.parentElement : null;
  },
});
document.body.getBoundingClientRect = () => new DOMRect(0, 0, 1024, 768);

// The default wait of one second is too short on a busy machine, such as a CI run that also
// compiles and tests Go.
configure({ asyncUtilTimeout: 5000 });

// Any request without a handler fails the test, so a call the test did not expect cannot pass.
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  window.sessionStorage.clear();
});
afterAll(() => server.close());
