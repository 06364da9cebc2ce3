import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import {
  DEMO_OWNER,
  expect,
  expectAccessible,
  LONDON,
  opsUrl,
  saveScreenshots,
  signIn,
  test,
} from "./support/fixtures";

/**
 * Import & export (/ops/setup/import): a new restaurant's owner checks a broken file (every wrong line listed, with
 * its number), then imports the sample tables CSV through the page (file input) and finds its tables on the floor
 * plan (/ops/floor). axe-clean with the errors and with the result on screen.
 */
const SAMPLE_DIR = path.resolve(import.meta.dirname, "../../docs/import");
const FIRST_LOAD = { timeout: 90_000 };

async function createRestaurant(page: Page) {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const slug = `import-test-${run}`;
  await page.goto(opsUrl("/ops", { restaurant: LONDON }));
  const created = await page.evaluate(
    async (body) => {
      const response = await fetch("/api/ops/restaurants", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    },
    { name: `Import test ${run}`, slug, timezone: "Europe/London", locale: "en-GB", currency: "GBP" },
  );
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.restaurant.id as string;
  // Open every day (the floor plan shows a closed day as closed, without its tables).
  const saved = await page.evaluate(async (restaurantId) => {
    const url = `/api/ops/restaurants/${restaurantId}/service`;
    const current = (await (await fetch(url)).json()) as { rulesVersion: number };
    const response = await fetch(url, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        expectedRulesVersion: current.rulesVersion,
        periods: [
          {
            name: "All day",
            daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
            opensAt: "00:00",
            lastSeatingAt: "21:30",
            closesAt: "23:45",
            bufferMinutes: 15,
            pacingCoversPerSlot: null,
            pacingOnlineCoversPerSlot: null,
            active: true,
            turnTimes: [{ maxPartySize: 12, turnMinutes: 120 }],
          },
        ],
      }),
    });
    return { status: response.status, text: await response.text() };
  }, id);
  expect(saved.status, saved.text).toBe(200);
  return slug;
}

test("import the sample tables CSV into a new restaurant and see them on the floor plan", async ({ anonPage }) => {
  test.setTimeout(240_000);
  const page = anonPage;
  await signIn(page, DEMO_OWNER);
  const slug = await createRestaurant(page);

  await page.goto(opsUrl("/ops/setup/import", { restaurant: slug }));
  await expect(page.getByRole("heading", { name: "Import & export", level: 1 })).toBeVisible(FIRST_LOAD);

  // A broken file: nothing is imported, every wrong line is listed with its number.
  await page.getByRole("radio", { name: /Tables/ }).check();
  await page
    .getByLabel("Or paste the file")
    .fill("label,zone,capacity,min_party\nA1,Dining room,four,1\nA2,Dining room,2,3\n");
  await page.getByRole("button", { name: "Check file" }).click();
  const errors = page.getByRole("list", { name: "Errors in the file" });
  await expect(errors).toBeVisible();
  await expect(errors.getByRole("listitem")).toHaveText([
    "Line 2 · capacity: must be a whole number",
    "Line 3 · min_party: min party cannot exceed capacity",
  ]);
  await expectAccessible(page);
  await saveScreenshots(page, "setup-import-errors");

  // The sample through the file input: checked, then imported.
  await page.getByLabel("File", { exact: true }).setInputFiles(path.join(SAMPLE_DIR, "tables.csv"));
  await expect(page.getByLabel("Or paste the file")).toHaveValue(
    readFileSync(path.join(SAMPLE_DIR, "tables.csv"), "utf8"),
  );
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The file is fine" })).toContainText("10 new");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const result = page.getByRole("status").filter({ hasText: "Imported." });
  await expect(result).toContainText("10 tables: 10 new");
  await expect(result).toContainText("New zones: Dining room, Terrace");
  await expectAccessible(page);
  await saveScreenshots(page, "setup-import-done");

  await page.goto(opsUrl("/ops/floor", { restaurant: slug }));
  await expect(page.getByRole("heading", { level: 1, name: "Floor plan" })).toBeVisible(FIRST_LOAD);
  for (const label of ["D1", "D6", "P1", "P4"]) {
    await expect(page.getByRole("button", { name: new RegExp(`^${label}, \\d+ seats, `) })).toBeVisible({
      timeout: 30_000,
    });
  }
  await expect(page.getByRole("button", { name: /^D6, 6 seats, / })).toBeVisible();
  await saveScreenshots(page, "setup-import-floor");
});
