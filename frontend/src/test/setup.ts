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
