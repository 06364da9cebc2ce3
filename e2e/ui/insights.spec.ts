import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, expectAccessible, LONDON, opsUrl, SCREENSHOT_DIR, saveScreenshots, test } from "./support/fixtures";
import { addDays, localDateIn, restaurantOf } from "./support/ops-api";

/**
 * Insights on the demo restaurant as its manager: the last 28 days up to the shell's date by default, every
 * chart's heading and one-line reading, one chart's CSV downloaded, axe clean, screenshots at both sizes.
 */
test.describe.configure({ timeout: 180_000 });

const CHARTS = [
  "Covers per slot",
  "Table utilisation by zone and hour",
  "Auto-assign outcomes",
  "Manual review reasons",
  "Seats wasted",
  "No-shows and cancellations",
  "Planner latency",
];

test("a manager reads the demo restaurant's insights and downloads a chart's CSV", async ({ page }) => {
  const restaurant = await restaurantOf(page, LONDON);
  const today = localDateIn(restaurant.timezone);
  await page.goto(opsUrl("/ops/insights", { date: today }));
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible({ timeout: 90_000 });
  const range = page.getByRole("group", { name: "Date range" });

  // The default range: the 28 days up to the shell's date.
  await expect(range.getByLabel("From", { exact: true })).toHaveValue(addDays(today, -27));
  await expect(range.getByLabel("To", { exact: true })).toHaveValue(today);
  // The demo seeds its next service day (today, or tomorrow once tonight's service is over): take it in.
  await range.getByLabel("To", { exact: true }).fill(addDays(today, 2));

  for (const name of CHARTS) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible({ timeout: 60_000 });
  }
  const covers = page.getByRole("region", { name: "Covers per slot" });
  await expect(covers.getByText(/^Busiest: \d\d:\d\d, \d+ covers/)).toBeVisible({ timeout: 60_000 });
  await expect(covers.getByRole("img", { name: /Covers per slot chart\. Busiest:/ })).toBeVisible();
  await expect(page.getByText(/Commit time is not recorded/)).toBeVisible();

  const downloading = page.waitForEvent("download");
  await covers.getByRole("button", { name: /Download CSV/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`insights-covers-${addDays(today, -27)}-to-${addDays(today, 2)}.csv`);
  const csv = readFileSync(await download.path(), "utf8").split("\r\n");
  expect(csv[0]).toBe("time,average_covers,peak_covers,peak_date,pacing_cap,peak_share_of_cap,total_seats");
  expect(csv.length).toBeGreaterThan(3);

  // A range over 92 days is refused in words next to the dates.
  await range.getByLabel("From", { exact: true }).fill(addDays(today, -120));
  await expect(range.getByRole("alert")).toContainText("choose at most 92");
  await range.getByLabel("From", { exact: true }).fill(addDays(today, -27));
  await expect(range.getByRole("alert")).toHaveCount(0);
  await expect(covers.getByText(/^Busiest:/)).toBeVisible();

  await expectAccessible(page);
  await page.mouse.move(0, 0); // no tooltip left open over a chart in the screenshots
  await saveScreenshots(page, "insights");
  // The cards below the fold too (the shell scrolls its main area, not the page).
  await page.getByRole("heading", { level: 2, name: "Planner latency" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, "insights-lower-1440x900.png") });
});
