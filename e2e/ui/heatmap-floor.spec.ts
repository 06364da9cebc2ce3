import { expect, expectAccessible, LONDON, NEW_YORK, opsUrl, saveScreenshots, test } from "./support/fixtures";
import { demoDayOf } from "./support/ops-api";

/**
 * The Availability heatmap and the Floor plan on the demo day (read-only: nothing here changes data) — the day the
 * server seeded, which is tomorrow when it started after today's last seating.
 */

// axe over a full day's grid (hundreds of cell buttons) takes a while on a shared machine.
test.describe.configure({ timeout: 120_000 });

test("the availability heatmap shows seats in use per slot and the bookings behind a cell", async ({ page }) => {
  await page.goto(opsUrl("/ops/availability", { restaurant: LONDON, date: await demoDayOf(page, LONDON) }));
  await expect(page.getByRole("heading", { level: 1, name: "Availability" })).toBeVisible();

  // The week strip: seven days, the shown one marked as the current date.
  const week = page.getByRole("navigation", { name: "Week" });
  await expect(week.getByRole("link")).toHaveCount(7);
  await expect(week.locator('[aria-current="date"]')).toHaveCount(1);
  // All services shown: the day's lunch and dinner each with covers against capacity.
  const shownDay = week.locator('[aria-current="date"]');
  await expect(shownDay.getByText(/^Lunch \d[\d,]*\/\d[\d,]*$/)).toBeVisible();
  await expect(shownDay.getByText(/^Dinner \d[\d,]*\/\d[\d,]*$/)).toBeVisible();

  // Every cell names its share of seats in use; a busy one opens a popover listing its bookings.
  const grid = page.getByRole("region", { name: "Seats in use by zone and time" });
  const cells = grid.getByRole("button", { name: /% of seats in use/ });
  await expect(cells.first()).toBeVisible({ timeout: 30_000 });
  const busy = grid.getByRole("button", { name: /^Total, \d\d:\d\d: [1-9]\d*% of seats in use/ }).first();
  await expect(busy).toBeVisible();
  await busy.click();
  const popover = page.getByRole("dialog");
  await expect(popover).toBeVisible();
  const bookings = popover.getByRole("list", { name: /^Bookings at / }).getByRole("button");
  expect(await bookings.count()).toBeGreaterThan(0);
  await expect(bookings.first()).toContainText("·");

  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(popover).toBeHidden();
  await saveScreenshots(page, "availability");
});

test("a booking in a heatmap cell opens the booking drawer", async ({ page }) => {
  await page.goto(opsUrl("/ops/availability", { restaurant: LONDON, date: await demoDayOf(page, LONDON) }));
  const grid = page.getByRole("region", { name: "Seats in use by zone and time" });
  const busy = grid.getByRole("button", { name: /^Total, \d\d:\d\d: [1-9]\d*% of seats in use/ }).first();
  await expect(busy).toBeVisible({ timeout: 30_000 });
  await busy.click();
  await page
    .getByRole("list", { name: /^Bookings at / })
    .getByRole("button")
    .first()
    .click();
  await expect(page).toHaveURL(/[?&]booking=/);
});

test("the floor plan shows the tables at the slider's time", async ({ page }) => {
  await page.goto(opsUrl("/ops/floor", { restaurant: LONDON, date: await demoDayOf(page, LONDON) }));
  await expect(page.getByRole("heading", { level: 1, name: "Floor plan" })).toBeVisible();

  // Tables are buttons named by table, seats and state.
  await expect(page.getByRole("button", { name: /^M1, \d+ seats, / })).toBeVisible({ timeout: 30_000 });
  const tables = page.getByRole("button", { name: /^[A-Z]+\d+, \d+ seats, / });
  expect(await tables.count()).toBeGreaterThan(5);

  // The slider snaps to quarter hours and shows the restaurant's time; stepping through the service, a table
  // becomes occupied (seated or booked) and names its party.
  const slider = page.getByRole("slider", { name: "Time" });
  await slider.focus();
  await page.keyboard.press("Home");
  const start = await slider.getAttribute("aria-valuetext");
  expect(start).toMatch(/^\d\d:(00|15|30|45)$/);
  const occupied = page.getByRole("button", { name: /, (seated|booked): .+ party of \d+ until \d\d:\d\d$/ });
  for (let i = 0; i < 4; i += 1) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < 96 && (await occupied.count()) === 0; i += 1) await page.keyboard.press("ArrowRight");
  await expect(occupied.first()).toBeVisible();
  const after = await slider.getAttribute("aria-valuetext");
  expect(after).toMatch(/^\d\d:(00|15|30|45)$/);
  expect(after).not.toBe(start);

  await expectAccessible(page);
  await saveScreenshots(page, "floor-plan");
});

test("combine mode draws links, selects tables and checks the combination", async ({ page }) => {
  await page.goto(opsUrl("/ops/floor", { restaurant: LONDON, date: await demoDayOf(page, LONDON) }));
  const combine = page.getByRole("button", { name: "Combine tables" });
  await combine.click();
  await expect(combine).toHaveAttribute("aria-pressed", "true");

  const first = page.getByRole("button", { name: /^M1, / });
  const second = page.getByRole("button", { name: /^M2, / });
  await first.click();
  await second.click();
  await expect(first).toHaveAttribute("aria-pressed", "true");
  await expect(second).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText(/M1 \+ M2 · \d+ seats/)).toBeVisible();

  // With a booking chosen the server's verdict appears (pass or every failing check), without assigning.
  const select = page.getByLabel("Booking to place");
  const options = await select.locator("option").count();
  if (options > 1) {
    await select.selectOption({ index: 1 });
    await expect(
      page.getByText("All checks pass.").or(page.getByRole("list", { name: "Why this combination does not work" })),
    ).toBeVisible();
  }
  await expectAccessible(page);
});

test("the floor plan opens for the New York restaurant", async ({ page }) => {
  await page.goto(opsUrl("/ops/floor", { restaurant: NEW_YORK }));
  await expect(page.getByRole("heading", { level: 1, name: "Floor plan" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("slider", { name: "Time" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: /^D1, \d+ seats, / })).toBeVisible();
});

test("the availability heatmap opens for the New York restaurant", async ({ page }) => {
  await page.goto(opsUrl("/ops/availability", { restaurant: NEW_YORK }));
  await expect(page.getByRole("heading", { level: 1, name: "Availability" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("navigation", { name: "Week" }).getByRole("link")).toHaveCount(7);
  await expect(page.getByRole("button", { name: /^Total, \d\d:\d\d: / }).first()).toBeVisible({ timeout: 30_000 });
});
