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
    hookTimeout: 60_000,
  },
});
