import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["server/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts", "e2e/**/*.test.ts"],
    exclude: ["node_modules", ".next*", ".data"],
    globalSetup: ["./server/testing/global-setup.ts"],
    // Integration files each open their own database; two cores, so keep the pool small.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    // Request logs of route tests are noise here; LOG_LEVEL=info (or debug) brings them back.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    hookTimeout: 60_000,
  },
});
