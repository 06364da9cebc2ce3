import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/**
 * The process time zone of the test workers. Code computes in the restaurant's zone, so every suite must pass
 * whatever the machine's zone is; CI proves it by running unit + integration twice. The normal run pins UTC
 * (what servers and containers run in, and independent of the developer's laptop); an explicit TZ wins, which
 * is how the second run asks for Pacific/Auckland (UTC+12/+13, a different calendar date from UTC for half
 * the day, southern-hemisphere DST). The forks get TZ in their environment at spawn, before Node reads it.
 */
const testTimeZone = process.env.TZ || "UTC";

const exclude = ["**/node_modules/**", "**/.next*/**", "**/.data/**"];

/** What every project shares; projects are spelled out rather than `extends: true`, whose merge would
 * concatenate include lists and run the global setup in the pure unit project too. */
const shared = {
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    exclude,
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      // Request logs of route tests are noise here; LOG_LEVEL=info (or debug) brings them back.
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      TZ: testTimeZone,
      // What server/time/test-time-zone.test.ts expects the worker's zone to be.
      MAITRE_TEST_TZ: testTimeZone,
    },
  },
} satisfies TestProjectInlineConfiguration;

/** Probes PostgreSQL/Redis (CI_REQUIRE_ALL=1 makes a missing one fatal); only suites that use them need it. */
const servicesSetup = ["./server/testing/global-setup.ts"];

export default defineConfig({
  test: {
    // One pool serves all projects: two cores, two workers in total. Projects must not set their own.
    maxWorkers: 2,
    projects: [
      {
        ...shared,
        test: {
          ...shared.test,
          name: "unit",
          // Pure: no database, no services, no child processes (`*.test.ts` beside the code).
          include: ["server/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts"],
          exclude: [...exclude, "**/*.integration.test.ts"],
        },
      },
      {
        ...shared,
        test: {
          ...shared.test,
          name: "integration",
          // Each file opens its own PGlite and PostgreSQL database (and Redis through the local proxy).
          include: [
            "server/**/*.integration.test.ts",
            "scripts/**/*.integration.test.ts",
            "app/**/*.integration.test.ts",
          ],
          globalSetup: servicesSetup,
        },
      },
      {
        ...shared,
        test: {
          ...shared.test,
          name: "e2e",
          // Starts `next dev` and worker processes: run after the other projects instead of beside them,
          // so a CPU-hungry Next.js compile does not share the two cores with database suites.
          include: ["e2e/**/*.test.ts"],
          globalSetup: servicesSetup,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
