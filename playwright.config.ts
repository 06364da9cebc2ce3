import { defineConfig, devices } from "@playwright/test";

/**
 * The browser suite (e2e/ui/*.spec.ts) in Debian's Chromium — never a downloaded browser. With E2E_BASE_URL it
 * drives a server that is already running (a developer's `npm run dev`); without it, it builds and starts the
 * production app itself (scripts/e2e/serve-production.ts: `next build` into .next-e2e, `next start` on a fresh
 * embedded database with the demo data and the large demo venue). vitest's e2e project owns e2e/**\/*.test.ts;
 * this suite owns *.spec.ts, so neither runner picks up the other's files.
 */
const externalBaseUrl = process.env.E2E_BASE_URL?.replace(/\/$/, "");
const port = Number(process.env.E2E_PORT ?? 3700);
const baseURL = externalBaseUrl ?? `http://127.0.0.1:${port}`;
function runId(): string {
  process.env.E2E_RUN_ID ??= `${Date.now().toString(36)}-${process.pid}`;
  return process.env.E2E_RUN_ID;
}
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e/ui",
  testMatch: "**/*.spec.ts",
  // The results Playwright clears at the start of a run; screenshots live beside it in test-results/screenshots.
  // Against a shared server several people (or agents) may run specs at once: one directory per run, so one run's
  // start does not delete another's traces (E2E_RUN_ID is set once here and inherited by the workers).
  outputDir: externalBaseUrl ? `test-results/playwright-${runId()}` : "test-results/playwright",
  // One browser at a time: two shared cores, one server, and specs that change the demo day.
  workers: 1,
  fullyParallel: false,
  // No retries: a flaky live update or a slow render is a finding, not noise to hide.
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  // A dev server compiles each page on its first visit (30-60 s on two cores): more patience there.
  timeout: externalBaseUrl ? 120_000 : 60_000,
  expect: { timeout: externalBaseUrl ? 30_000 : 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 60_000,
    // Far from both demo restaurants (and a different date for half the day): every time shown must come from the
    // restaurant's zone, never the browser's.
    timezoneId: "Pacific/Auckland",
    locale: "en-GB",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1440, height: 900 },
        launchOptions: { executablePath: chromiumPath, args: ["--no-sandbox"] },
      },
    },
  ],
  webServer: externalBaseUrl
    ? undefined
    : {
        command: "npx tsx scripts/e2e/serve-production.ts",
        url: `${baseURL}/api/health`,
        env: { E2E_PORT: String(port) },
        // `next build` (with its type check), `next start`, then the demo seed (~15 s): 4-5 minutes on two cores,
        // 7 when they are shared with other work (measured). E2E_SKIP_BUILD=1 serves the last .next-e2e build.
        timeout: 15 * 60_000,
        reuseExistingServer: false,
        stdout: "pipe",
        stderr: "pipe",
        gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      },
});
