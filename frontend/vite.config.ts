/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The dev server proxies API and configuration requests to a running `roster serve --dev`.
// Its certificate is self-signed, so the proxy does not verify it.
const rosterOrigin = process.env.ROSTER_DEV_ORIGIN ?? "https://127.0.0.1:8443";
const proxied = ["/api", "/config.json", "/healthz", "/readyz", "/openapi.yaml"];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    // public/.gitkeep is copied into dist, which keeps the committed placeholder that the
    // Go binary's embed directive needs when no build has run.
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    // The entry chunk holds React, MSAL and Fluent UI's core (about 680 kB minified). The budget that
    // matters is the gzip size of the first page load, which `npm run size` checks.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: Object.fromEntries(
      proxied.map((path) => [path, { target: rosterOrigin, changeOrigin: true, secure: false }]),
    ),
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    expect: { poll: { timeout: 5000 } },
    testTimeout: 20_000,
  },
});
