import { ms, recordBench, summarise, verdict } from "./support/bench";
import { expect, LARGE_VENUE, opsUrl, test } from "./support/fixtures";
import { hasRestaurant, localDateIn } from "./support/ops-api";

/**
 * The Timeline's first render of a full day at the large demo venue (MAITRE_DEMO_LARGE_VENUE=1: 60 tables, 250+
 * bookings today), measured with the Performance API: from the navigation's start (the document's timeOrigin)
 * to the `timeline:rendered` mark the Timeline sets on its first paint with data. A full page load per run; the
 * first run is the cold one (the server's first render of the page, nothing cached in the browser).
 */

const RUNS = 6;
const RENDER_TARGET_MS = 1_000;
const TABLES = 60;
const BOOKINGS = 250;

test("the large venue's Timeline renders a full day within the target", async ({ page }) => {
  test.setTimeout(240_000);
  if (!(await hasRestaurant(page, LARGE_VENUE))) {
    const why = `the large demo venue (${LARGE_VENUE}) is not on this server: start it with MAITRE_DEMO_LARGE_VENUE=1 on an empty DATA_DIR (the production webServer of playwright.config.ts does)`;
    if (process.env.CI_REQUIRE_ALL === "1") throw new Error(why);
    process.stdout.write(`skipped: ${why}\n`);
    test.skip(true, why);
    return;
  }
  const date = localDateIn("Europe/London");
  const url = opsUrl("/ops", { restaurant: LARGE_VENUE, date });

  const runs: Array<{ renderMs: number; navigationMs: number; domContentLoadedMs: number }> = [];
  let counted = { rows: 0, blocks: 0, bookings: 0, tray: 0 };
  for (let run = 0; run < RUNS; run++) {
    await page.goto(url);
    const grid = page.getByTestId("timeline-grid");
    await expect(grid).toHaveAttribute("data-rendered", "true", { timeout: 60_000 });
    const timing = await page.evaluate(() => {
      const mark = performance.getEntriesByName("timeline:rendered", "mark")[0];
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      return {
        // Marks are relative to timeOrigin, which for a page load is the navigation's start.
        mark: mark ? mark.startTime - (nav?.startTime ?? 0) : null,
        responseEnd: nav ? nav.responseEnd - nav.startTime : 0,
        domContentLoaded: nav ? nav.domContentLoadedEventEnd - nav.startTime : 0,
      };
    });
    expect(timing.mark, "the Timeline sets performance.mark('timeline:rendered') on its first render").not.toBeNull();
    runs.push({
      renderMs: timing.mark ?? 0,
      navigationMs: timing.responseEnd,
      domContentLoadedMs: timing.domContentLoaded,
    });
    if (run === 0) {
      counted = await page.evaluate(() => {
        const gridEl = document.querySelector('[data-testid="timeline-grid"]');
        const rows = gridEl?.querySelectorAll("[data-table-row]").length ?? 0;
        const blockEls = [...(gridEl?.querySelectorAll("[data-booking-id]") ?? [])];
        const all = [...document.querySelectorAll("#ops-main [data-booking-id]")];
        const ids = new Set(all.map((el) => el.getAttribute("data-booking-id")));
        const inGrid = new Set(blockEls.map((el) => el.getAttribute("data-booking-id")));
        return { rows, blocks: inGrid.size, bookings: ids.size, tray: ids.size - inGrid.size };
      });
    }
  }

  const renders = runs.map((r) => r.renderMs);
  const warm = summarise(renders.slice(1));
  const cold = renders[0] ?? 0;
  const all = summarise(renders);
  const ok = all.median <= RENDER_TARGET_MS && all.max <= RENDER_TARGET_MS;
  recordBench("render", [
    "### Timeline first render (60 tables / 250 bookings)",
    "",
    `The large demo venue's Timeline for a full day: ${counted.rows} table rows, ${counted.bookings} bookings on screen`,
    `(${counted.blocks} as blocks on the grid, ${counted.tray} in the unassigned tray). A full page load per run at`,
    '1440×900; measured from the navigation\'s start to `performance.mark("timeline:rendered")`, which the Timeline',
    "sets on its first paint with data (server render + hydration + layout). The first run is cold.",
    "",
    "| runs | cold | median (warm) | max (all) | HTML received (median) | target |",
    "|---:|---:|---:|---:|---:|---|",
    `| ${runs.length} | ${ms(cold)} | ${ms(warm.median)} | ${ms(all.max)} | ${ms(summarise(runs.map((r) => r.navigationMs)).median)} | ${verdict(ok)} ≤ 1 s |`,
    "",
    `Runs (ms): ${renders.map((r) => Math.round(r)).join(", ")}.`,
  ]);

  expect(counted.rows, "one row per table").toBeGreaterThanOrEqual(TABLES);
  expect(counted.bookings, "every booking of the day on the Timeline (grid or tray)").toBeGreaterThanOrEqual(BOOKINGS);
  // The target is reported (✅/❌ above); the test fails only far past it, so a loaded CI machine is not a failure
  // while a regression by multiples is.
  expect(all.median, "median first render").toBeLessThanOrEqual(RENDER_TARGET_MS * 3);
});
