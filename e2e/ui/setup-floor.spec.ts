import type { Browser, Page } from "@playwright/test";
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
import { demoDayOf } from "./support/ops-api";

/**
 * The floor plan editor, as the owner of a restaurant created for the run (a fresh, empty room, so the spec never
 * changes the demo rooms): add four tables, link two, save, reload and find them; then two editors at once — the
 * second to save is told someone else changed the plan and loads their version.
 */

const FIRST_LOAD = { timeout: 60_000 };
test.describe.configure({ timeout: 240_000 });

async function ownerPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, DEMO_OWNER);
  return page;
}

/** A new restaurant through the API (from the page, so the session cookie and origin go with it): its slug and id. */
async function freshRestaurant(page: Page, name: string): Promise<{ slug: string; id: string }> {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const slug = `floor-test-${run}`;
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
    { name: `${name} ${run}`, slug, timezone: "Europe/London", locale: "en-GB", currency: "GBP" },
  );
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return { slug, id: created.json.restaurant.id as string };
}

async function readPlan(page: Page, restaurantId: string) {
  return page.evaluate(async (id) => {
    const response = await fetch(`/api/ops/restaurants/${id}/floor-plan`);
    return (await response.json()) as {
      venueVersion: number;
      tables: { id: string; label: string; capacity: number; x: number }[];
      adjacency: [string, string][];
    };
  }, restaurantId);
}

const tableButton = (page: Page, label: string) => page.getByRole("button", { name: `${label} (table,` });

test("a manager adds four tables, links two, saves and finds them after a reload", async ({ browser }) => {
  const page = await ownerPage(browser);
  const { slug, id } = await freshRestaurant(page, "Floor Test");
  await page.goto(opsUrl("/ops/setup/floor", { restaurant: slug }));
  await expect(page.getByRole("heading", { name: "Floor plan editor", level: 1 })).toBeVisible(FIRST_LOAD);
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible(FIRST_LOAD);

  const labels: string[] = [];
  for (let i = 0; i < 4; i++) {
    await page.getByRole("button", { name: "Add table" }).click();
    const name = page.getByLabel("Name", { exact: true });
    await expect(name).toBeVisible();
    labels.push(await name.inputValue());
  }
  expect(labels).toEqual(["T1", "T2", "T3", "T4"]);
  await expect(page.getByRole("status").filter({ hasText: "Unsaved changes" })).toBeVisible();

  // The last one (still selected) becomes a six-top, round, 120 cm wide.
  await page.getByRole("spinbutton", { name: "Seats" }).fill("6");
  await page.getByLabel("Shape").selectOption("round");
  await page.getByRole("spinbutton", { name: "Width" }).fill("120");
  await expect(tableButton(page, "T4")).toHaveAccessibleName(/6 seats/);

  // Keyboard: T1 one step right (10 cm) and one big step down (50 cm).
  await tableButton(page, "T1").focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowDown");

  // Mouse: T3 dragged about 1.5 m right lands on the 10 cm grid.
  const box = await tableButton(page, "T3").boundingBox();
  if (!box) throw new Error("T3 is not on the canvas");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) {
    await page.mouse.move(box.x + box.width / 2 + step * 10, box.y + box.height / 2 + step * 3);
  }
  await page.mouse.up();
  await expect.poll(async () => (await tableButton(page, "T3").boundingBox())?.x).toBeGreaterThan(box.x + 50);

  // dnd-kit swallows every click for 50 ms after a drag ends (so a drop is not also a click): a host never clicks
  // that soon, the test can — click again until link mode is on.
  const doneLinking = page.getByRole("button", { name: "Done linking" });
  await expect(async () => {
    if (!(await doneLinking.isVisible()))
      await page.getByRole("button", { name: "Link tables" }).click({ timeout: 1000 });
    await expect(doneLinking).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await tableButton(page, "T1").click();
  await tableButton(page, "T2").click();
  await expect(page.getByText("T1 and T2 linked.")).toBeVisible();
  await page.getByRole("button", { name: "Done linking" }).click();

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible(FIRST_LOAD);

  await page.reload();
  await expect(page.getByRole("heading", { name: "Floor plan editor", level: 1 })).toBeVisible(FIRST_LOAD);
  for (const label of labels) await expect(tableButton(page, label)).toBeVisible(FIRST_LOAD);
  const plan = await readPlan(page, id);
  const byLabel = new Map(plan.tables.map((t) => [t.label, t]));
  expect(plan.tables.map((t) => t.label).sort()).toEqual(labels);
  expect(byLabel.get("T4")?.capacity).toBe(6);
  expect(byLabel.get("T1")?.x).toBeCloseTo(0.6);
  const t3x = byLabel.get("T3")?.x ?? 0;
  expect(t3x).toBeGreaterThan(2.9);
  expect(Math.abs(t3x * 10 - Math.round(t3x * 10))).toBeLessThan(1e-6);
  const [t1, t2] = [byLabel.get("T1")?.id, byLabel.get("T2")?.id];
  expect(plan.adjacency.some(([a, b]) => (a === t1 && b === t2) || (a === t2 && b === t1))).toBe(true);

  await tableButton(page, "T4").click();
  await expect(page.getByRole("spinbutton", { name: "Seats" })).toHaveValue("6");
  await expectAccessible(page);
  await saveScreenshots(page, "setup-floor");
  await page.context().close();
});

test("a stale editor is told someone else changed the floor plan and loads their version", async ({ browser }) => {
  const first = await ownerPage(browser);
  const { slug, id } = await freshRestaurant(first, "Floor Stale");
  const url = opsUrl("/ops/setup/floor", { restaurant: slug });
  await first.goto(url);
  await first.getByRole("button", { name: "Add table" }).click(FIRST_LOAD);
  await first.getByRole("button", { name: "Save" }).click();
  await expect(first.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible(FIRST_LOAD);

  // A second editor (another tab of the same manager) saves first.
  const second = await first.context().newPage();
  await second.goto(url);
  await tableButton(second, "T1").click(FIRST_LOAD);
  await second.getByRole("spinbutton", { name: "Seats" }).fill("2");
  await second.getByRole("button", { name: "Save" }).click();
  await expect(second.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible(FIRST_LOAD);

  await tableButton(first, "T1").click();
  await first.getByLabel("Name", { exact: true }).fill("Window");
  await first.getByRole("button", { name: "Save" }).click();
  await expect(first.getByRole("heading", { name: "Someone else changed the floor plan" })).toBeVisible(FIRST_LOAD);
  await expectAccessible(first);
  await saveScreenshots(first, "setup-floor-stale");
  await first.getByRole("button", { name: "Load their version" }).click();
  await expect(first.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await expect(tableButton(first, "T1")).toHaveAccessibleName(/2 seats/);
  expect((await readPlan(first, id)).tables.map((t) => [t.label, t.capacity])).toEqual([["T1", 2]]);
  await first.context().close();
});

test("a change that would strand a booking lists it and offers to move it to review (nothing saved)", async ({
  page,
}) => {
  await page.goto(opsUrl("/ops/setup/floor", { restaurant: LONDON }));
  await expect(page.getByRole("heading", { name: "Floor plan editor", level: 1 })).toBeVisible(FIRST_LOAD);
  // A table of the demo day with a booking still to end: taking it out of service would strand that booking.
  const date = await demoDayOf(page, LONDON);
  const target = await page.evaluate(
    async ({ slug, date }) => {
      const mine = (await (await fetch("/api/ops/restaurants")).json()) as {
        items: { id: string; slug: string; timezone: string }[];
      };
      const restaurant = mine.items.find((r) => r.slug === slug);
      if (!restaurant) return null;
      const day = (await (
        await fetch(`/api/ops/availability?${new URLSearchParams({ restaurantId: restaurant.id, date })}`)
      ).json()) as {
        timeline: { name: string; segments: { kind: string; end: string; reference?: string; status?: string }[] }[];
      };
      for (const table of day.timeline) {
        const segment = table.segments.find(
          // Finished ones (a walk-in another spec seated and completed keeps its segment) strand nothing.
          (s) =>
            s.kind === "booking" &&
            Date.parse(s.end) > Date.now() + 60_000 &&
            !["checked_in", "completed", "no_show", "cancelled"].includes(s.status ?? ""),
        );
        if (segment?.reference) return { table: table.name, reference: segment.reference };
      }
      return null;
    },
    { slug: LONDON, date },
  );
  test.skip(!target, "the demo day has no booking left to end (run earlier in the restaurant's day)");
  if (!target) return;

  await tableButton(page, target.table).click();
  await page.getByRole("checkbox", { name: "In service" }).uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Not saved" });
  await expect(alert).toBeVisible(FIRST_LOAD);
  await expect(alert).toContainText(target.reference);
  await expect(alert).toContainText(`${target.table} would be out of service`);
  await expect(page.getByRole("button", { name: "Move these bookings to review" })).toBeVisible();
  await expectAccessible(page);
  await saveScreenshots(page, "setup-floor-stranded");
  // The demo room stays as it is: discard instead of moving the booking.
  await page.getByRole("button", { name: "Discard" }).click();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
});
