import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, LONDON, opsUrl, SCREENSHOT_DIR, saveScreenshots, test } from "./support/fixtures";
import { addDays, jsonOf, localDateIn, originOf, restaurantOf } from "./support/ops-api";

type TSettings = { venueVersion: number; plannerPolicy: { policy: unknown; weights: unknown } };

const settingsOf = async (page: Page, restaurantId: string) =>
  jsonOf<TSettings>(await page.request.get(`/api/ops/restaurants/${restaurantId}/service`), "service settings");

/** Saves a planner configuration as Service & rules does (someone else's save, or putting the demo back). */
async function savePolicy(page: Page, restaurantId: string, config: TSettings["plannerPolicy"]) {
  const { venueVersion } = await settingsOf(page, restaurantId);
  const response = await page.request.fetch(`/api/ops/restaurants/${restaurantId}/service/planner-policy`, {
    method: "PUT",
    headers: { origin: originOf(page), "content-type": "application/json" },
    data: JSON.stringify({ expectedVenueVersion: venueVersion, ...config }),
  });
  await jsonOf(response, "save the planner policy");
}

/**
 * The Strategy lab on the demo restaurant as its manager: the last 7 days up to the shell's date by default, the
 * current configuration beside an edited candidate, a replay over the seeded days compared with what happened
 * and the exact optimum, day by day; axe clean, screenshots at both sizes. Adopt: refused in words when someone
 * saved the planner settings after the replay, then adopted after a fresh replay — and the demo restaurant's own
 * configuration put back at the end (later specs rely on it).
 */
test.describe.configure({ timeout: 240_000 });

test("a manager replays the demo restaurant's days with a candidate configuration", async ({ page }) => {
  const restaurant = await restaurantOf(page, LONDON);
  const today = localDateIn(restaurant.timezone);
  await page.goto(opsUrl("/ops/lab", { date: today }));
  await expect(page.getByRole("heading", { level: 1, name: "Strategy lab" })).toBeVisible({ timeout: 90_000 });
  const range = page.getByRole("group", { name: "Date range" });
  await expect(range.getByLabel("From", { exact: true })).toHaveValue(addDays(today, -6));
  await expect(range.getByLabel("To", { exact: true })).toHaveValue(today);

  // A reversed range is refused in words next to the dates, and Run replay waits.
  await range.getByLabel("To", { exact: true }).fill(addDays(today, -10));
  await expect(page.getByText("The end date is before the start date.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Run replay" })).toBeDisabled();
  // The demo seeds its next service day (today, or tomorrow once tonight's service is over): take it in.
  await range.getByLabel("To", { exact: true }).fill(addDays(today, 1));

  // The candidate starts as the current configuration; each field says what the planner uses now.
  const candidate = page.getByRole("region", { name: "Candidate configuration" });
  const spare = candidate.getByLabel("Max spare seats", { exact: true });
  await expect(spare).toHaveValue(/^\d+$/);
  await expect(candidate.getByText(/^Now: \d+$/).first()).toBeVisible();
  await spare.fill("1");
  await candidate.getByLabel("Keep tables for later", { exact: true }).fill("20");

  await page.getByRole("button", { name: "Run replay" }).click();
  const results = page.getByRole("region", { name: /^Results:/ });
  await expect(results).toBeVisible({ timeout: 120_000 });
  const totals = results.getByRole("table").first();
  for (const column of ["What happened", "Current config", "Candidate", "Exact optimum"]) {
    await expect(totals.getByRole("columnheader", { name: column })).toBeVisible();
  }
  for (const row of ["Covers seated", "Manual reviews", "Seats wasted", "Tables in merges", "Planner time (p95)"]) {
    await expect(totals.getByRole("rowheader", { name: row })).toBeVisible();
  }
  await expect(totals.getByText(/% of optimum/).first()).toBeVisible();
  await expect(results.getByText(/^Exact optimum: /)).toBeVisible();
  await expect(page.getByRole("button", { name: "Adopt this configuration" })).toBeEnabled();

  // Day by day, collapsed until asked for.
  await results.getByText(/^Day by day/).click();
  await expect(results.getByRole("table", { name: "Covers seated and manual reviews per day" })).toBeVisible();

  await expectAccessible(page);
  await saveScreenshots(page, "strategy-lab");
  await results.getByRole("table", { name: "Covers seated and manual reviews per day" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, "strategy-lab-lower-1440x900.png") });

  // Someone saves the planner settings after the replay: adopting it is refused in words, nothing overwritten.
  const original = (await settingsOf(page, restaurant.restaurantId)).plannerPolicy;
  try {
    await savePolicy(page, restaurant.restaurantId, original);
    await page.getByRole("button", { name: "Adopt this configuration" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "changed since this replay" })).toBeVisible();
    expect((await settingsOf(page, restaurant.restaurantId)).plannerPolicy).toEqual(original);

    await page.getByRole("button", { name: "Run replay" }).click();
    await expect(page.getByText("changed since this replay")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Adopt this configuration" })).toBeEnabled({ timeout: 120_000 });
    await page.getByRole("button", { name: "Adopt this configuration" }).click();
    await expect(page.getByText(/^Adopted: the planner now uses this configuration/)).toBeVisible();
    const adopted = (await settingsOf(page, restaurant.restaurantId)).plannerPolicy as {
      policy: { maxOverage: number };
      weights: { futureFit: number };
    };
    expect(adopted.policy.maxOverage).toBe(1);
    expect(adopted.weights.futureFit).toBe(20);
    // The candidate is now the current configuration.
    await expect(candidate.getByText("Now: 1", { exact: true })).toBeVisible();
  } finally {
    await savePolicy(page, restaurant.restaurantId, original);
  }
});
