import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

/**
 * The support kit of the browser suite (e2e/ui/*.spec.ts): a `page` already signed in as the demo manager, and the
 * helpers every spec shares — URLs of the ops views, the accessibility gate, screenshots at the two target sizes.
 */
export { expect };

/** Demo staff (server/demo): every account is a member of every demo restaurant. */
export const DEMO_PASSWORD = "maitre-demo";
export const DEMO_MANAGER = "manager@maitre.demo";
export const DEMO_HOST = "host@maitre.demo";
export const DEMO_OWNER = "owner@maitre.demo";

/** The demo restaurants (slugs); the large venue only when the server runs with MAITRE_DEMO_LARGE_VENUE=1. */
export const LONDON = "lumiere-london";
export const NEW_YORK = "harbor-nyc";
export const LARGE_VENUE = "grand-hall-manchester";

/** Signs `page` in through the real /login form and waits for the ops page. */
export async function signIn(page: Page, email: string = DEMO_MANAGER, password: string = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/ops(\?|$|\/)/, { timeout: 60_000 });
}

/**
 * `/ops…?restaurant=<slug>&date=<date>`: `path` is the view ("/ops", "/ops/floor" or "floor"); the restaurant
 * defaults to London; without a date the app opens the restaurant's today. `path` may carry its own query
 * (`/ops/bookings?booking=…`), kept after the restaurant and date.
 */
export function opsUrl(viewPath = "/ops", options: { restaurant?: string; date?: string } = {}): string {
  const [rawPath = "/ops", rawQuery = ""] = viewPath.split("?");
  const pathname = rawPath.startsWith("/ops") ? rawPath : `/ops/${rawPath.replace(/^\//, "")}`;
  const params = new URLSearchParams();
  params.set("restaurant", options.restaurant ?? LONDON);
  if (options.date) params.set("date", options.date);
  for (const [key, value] of new URLSearchParams(rawQuery)) params.set(key, value);
  return `${pathname.replace(/\/$/, "") || "/ops"}?${params.toString()}`;
}

/**
 * axe on the page once its finite animations have ended: fails on any violation of impact serious or critical,
 * listing each readably. A toast caught mid fade-in blends its colours with the page and fails colour contrast
 * (seen once in CI: 3.51:1 on "Floor plan saved"); what a host reads is the settled toast. Endless animations
 * (skeleton pulses) are not waited for, and after 2 s axe runs anyway.
 */
export async function expectAccessible(page: Page, options: { exclude?: string[] } = {}) {
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity),
      undefined,
      { timeout: 2_000 },
    )
    .catch(() => undefined);
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = blocking
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    - ${n.target.join(" ")}\n      ${(n.failureSummary ?? "").replace(/\n/g, "\n      ")}`)
        .join("\n");
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : "";
      return `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join("\n\n");
  // The list of rule ids is what is compared (a short diff); the message carries every node and how to fix it.
  expect(
    blocking.map((v) => `${v.impact} ${v.id} × ${v.nodes.length}`),
    `axe found serious/critical violations on ${page.url()}:\n\n${report}`,
  ).toEqual([]);
}

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "../../../test-results/screenshots");
const SCREEN_SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
] as const;

/** Waits until the network has been quiet for a moment (the SSE stream stays open, so not "networkidle"). */
export async function settle(page: Page, quietMs = 300, timeoutMs = 5_000) {
  await page.waitForLoadState("domcontentloaded");
  await page
    .evaluate(
      ({ quietMs, timeoutMs }) =>
        new Promise<void>((resolve) => {
          const started = performance.now();
          let last = performance.now();
          const observer = new PerformanceObserver((list) => {
            if (list.getEntries().length > 0) last = performance.now();
          });
          observer.observe({ type: "resource", buffered: false });
          const tick = () => {
            const now = performance.now();
            if (now - last >= quietMs || now - started >= timeoutMs) {
              observer.disconnect();
              requestAnimationFrame(() => resolve());
            } else setTimeout(tick, 50);
          };
          tick();
        }),
      { quietMs, timeoutMs },
    )
    .catch(() => undefined);
}

/**
 * Screenshots of the page at 1440×900 and 1024×768 into test-results/screenshots/<name>-<w>x<h>.png (not
 * committed), then the viewport the test had. Returns the files written.
 */
export async function saveScreenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize();
  const files: string[] = [];
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await settle(page);
    const file = path.join(SCREENSHOT_DIR, `${name}-${size.width}x${size.height}.png`);
    // Its own timeout and one retry: Chromium once stalled on a cold page's screenshot until the test's 180 s ran out.
    await page
      .screenshot({ path: file, timeout: 30_000 })
      .catch(() => page.screenshot({ path: file, timeout: 30_000 }));
    files.push(file);
  }
  if (before) await page.setViewportSize(before);
  return files;
}

/**
 * Waits until the ops view on `page` is hydrated (the top bar marks it): before that the server's HTML is on
 * screen but a click or a select change reaches no handler and is lost, which a slow, busy machine shows.
 */
export async function waitForOpsReady(page: Page, timeoutMs = 60_000) {
  await page.locator("header[data-hydrated]").waitFor({ state: "attached", timeout: timeoutMs });
}

/** `page.goto` that, for an ops view, returns only once the view answers clicks (see waitForOpsReady). */
function gotoWaitsForOps(page: Page): Page {
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const response = await goto(url, options);
    if (/^(https?:\/\/[^/]+)?\/ops(\/|\?|$)/.test(url) && new URL(page.url()).pathname.startsWith("/ops")) {
      await waitForOpsReady(page);
    }
    return response;
  };
  return page;
}

/**
 * `test` with `page` signed in as the demo manager (landed on /ops); `anonPage` is a fresh page, not signed in.
 * On both, `goto` of an ops view waits until the view is hydrated.
 */
export const test = base.extend<{ anonPage: Page }>({
  page: async ({ page }, use) => {
    await signIn(page, DEMO_MANAGER);
    await use(gotoWaitsForOps(page));
  },
  anonPage: async ({ browser }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await use(gotoWaitsForOps(page));
    await context.close();
  },
});
