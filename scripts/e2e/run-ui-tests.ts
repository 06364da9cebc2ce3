/**
 * The browser suite as the last part of `npm test`: `playwright test` (playwright.config.ts) in Debian's Chromium.
 * No browser, no suite: without /usr/bin/chromium (or CHROMIUM_PATH) it says so and skips, so `npm test` keeps its
 * promise on a machine without one; CI_REQUIRE_ALL=1 (CI) turns the skip into a failure. Arguments are passed on
 * to Playwright (`npx tsx scripts/e2e/run-ui-tests.ts e2e/ui/shell.spec.ts`).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export type TUiSuiteDecision = { run: true } | { run: false; exitCode: 0 | 1; message: string };

/** Run the suite, skip it, or fail because it cannot run: pure, for the unit test. */
export function decideUiSuite({
  chromiumPath,
  chromiumExists,
  requireAll,
}: {
  chromiumPath: string;
  chromiumExists: boolean;
  requireAll: boolean;
}): TUiSuiteDecision {
  if (chromiumExists) return { run: true };
  const install = "install it with `apt-get install -y chromium` (Debian/Ubuntu) or point CHROMIUM_PATH at one";
  if (requireAll) {
    return {
      run: false,
      exitCode: 1,
      message: `UI suite: no Chromium at ${chromiumPath} and CI_REQUIRE_ALL=1: failing. ${install}.`,
    };
  }
  return {
    run: false,
    exitCode: 0,
    message: `UI suite skipped: no Chromium at ${chromiumPath}; ${install} to run e2e/ui (npm run test:ui).`,
  };
}

async function main(): Promise<void> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const decision = decideUiSuite({
    chromiumPath,
    chromiumExists: existsSync(chromiumPath),
    requireAll: process.env.CI_REQUIRE_ALL === "1",
  });
  if (!decision.run) {
    (decision.exitCode === 0 ? process.stdout : process.stderr).write(`${decision.message}\n`);
    process.exitCode = decision.exitCode;
    return;
  }
  const root = path.resolve(import.meta.dirname, "../..");
  const playwright = path.join(root, "node_modules/.bin/playwright");
  const child = spawn(playwright, ["test", ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
  const code = await new Promise<number>((resolve) =>
    child.once("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
  process.exitCode = code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  void main();
}
