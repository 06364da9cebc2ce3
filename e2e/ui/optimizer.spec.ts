import type { Page } from "@playwright/test";
import { expect, expectAccessible, LONDON, opsUrl, saveScreenshots, test } from "./support/fixtures";
import { addDays, jsonOf, localDateIn, restaurantOf, sendChange, type TMembership } from "./support/ops-api";
import { cancelBooking, readBooking } from "./support/review-item";

/**
 * The Optimizer page on a day of the spec's own where the optimizer provably finds a move: a couple booked by phone
 * and then put, by a manager, on the largest free table (wasting its seats). The optimizer moves them to a table
 * that fits; the spec runs it, sees the move in words and as a ghost on the timeline, applies it and sees the
 * timeline change.
 */
test.describe.configure({ timeout: 180_000 });

type TTable = {
  id: string;
  name: string;
  capacity: number;
  active: boolean;
  segments: Array<{ kind: string; start: string; end: string }>;
};
const API_TIMEOUT_MS = 60_000;

async function wastefulCouple(page: Page, restaurant: TMembership, date: string, guestName: string) {
  const created = await sendChange(page, "/api/ops/bookings", {
    body: {
      restaurantId: restaurant.restaurantId,
      source: "phone",
      partySize: 2,
      guestName,
      startsAt: `${date}T19:00`,
    },
    idempotencyKey: crypto.randomUUID(),
  });
  const booking = await jsonOf<{ id: string; tables: Array<{ id: string; name: string }> }>(created, "book the couple");
  const day = await jsonOf<{ timeline: TTable[] }>(
    await page.request.get(
      `/api/ops/availability?${new URLSearchParams({ restaurantId: restaurant.restaurantId, date })}`,
      { timeout: API_TIMEOUT_MS },
    ),
    "GET /api/ops/availability",
  );
  const start = Date.parse(`${date}T19:00:00Z`) - 12 * 3_600_000;
  const end = start + 36 * 3_600_000;
  // The largest active table with nothing on it all evening (the day is the spec's own).
  const big = day.timeline
    .filter((t) => t.active && t.capacity >= 6)
    .filter((t) => !t.segments.some((s) => s.kind !== "free" && Date.parse(s.start) < end && Date.parse(s.end) > start))
    .sort((a, b) => b.capacity - a.capacity)[0];
  if (!big) throw new Error(`no free table of 6 or more on ${date}`);
  const hold = await jsonOf<{ hold: { id: string } }>(
    await sendChange(page, "/api/staff/manual/hold", {
      body: {
        bookingId: booking.id,
        tableIds: [big.id],
        override: { reason: "e2e: a wasteful plan for the optimizer" },
      },
    }),
    "hold the big table",
  );
  await jsonOf(
    await sendChange(page, "/api/staff/manual/confirm", {
      body: { bookingId: booking.id, holdId: hold.hold.id },
      idempotencyKey: crypto.randomUUID(),
    }),
    "confirm the big table",
  );
  return { bookingId: booking.id, big };
}

test("run the optimizer, see its moves on the timeline, apply them, see the timeline change", async ({ page }) => {
  const restaurant = await restaurantOf(page, LONDON);
  // A weekday far enough ahead that the seed and other specs leave it quiet.
  const date = addDays(localDateIn(restaurant.timezone), 17);
  const guestName = `E2E Optimizer ${Date.now().toString(36)}`;
  const { bookingId, big } = await wastefulCouple(page, restaurant, date, guestName);
  try {
    await page.goto(opsUrl("/ops/optimizer", { date }));
    await expect(page.getByRole("heading", { name: "Optimizer", level: 1 })).toBeVisible({ timeout: 60_000 });
    await page.getByRole("button", { name: "Run optimizer" }).click();
    // Progress (a quick solve may already be done by the time it is looked for).
    await expect(page.getByText(/Waiting for the optimizer|Solving the day|ready to apply/).first()).toBeVisible();

    const apply = page.getByRole("button", { name: /Apply selected moves/ });
    await expect(apply).toBeVisible({ timeout: 90_000 });
    const move = page.getByRole("checkbox", { name: new RegExp(guestName) });
    await expect(move).toBeChecked();
    await expect(page.getByRole("checkbox", { name: new RegExp(`${guestName}.*from ${big.name} to`) })).toBeVisible();
    await expect(page.getByRole("table", { name: "Before and after" })).toBeVisible();
    await expect(page.getByRole("row", { name: /Seats wasted/ })).toContainText("better");
    await expect(page.getByTestId("plan-ghost").filter({ hasText: `from ${big.name}` })).toBeVisible();
    await expectAccessible(page);
    await saveScreenshots(page, "optimizer-plan");

    // Deselecting every move leaves nothing to apply; select them all again.
    await page.getByRole("button", { name: "Select none" }).click();
    await expect(apply).toBeDisabled();
    await page.getByRole("button", { name: "Select all" }).click();
    await expect(apply).toBeEnabled();
    await apply.click();
    await expect(page.getByRole("status").filter({ hasText: /Applied \d+ moves?/ })).toBeVisible({ timeout: 30_000 });

    // The real timeline: the couple left the big table.
    const after = await readBooking(page, bookingId);
    expect(after.tables.map((t) => t.id)).not.toContain(big.id);
    const newTables = after.tables.map((t) => t.name).join("+");
    await expect(page.getByTestId("plan-ghost")).toHaveCount(0);
    await expect(
      page.getByRole("button", { name: new RegExp(`${guestName}.*table ${newTables.replace("+", "\\+")}`) }),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: /ready|applied/ }).first()).toBeVisible();
    await expectAccessible(page);
    await saveScreenshots(page, "optimizer-applied");

    await page.goto(opsUrl("/ops", { date }));
    await expect(page.getByRole("button", { name: new RegExp(`${guestName}.*table ${newTables}`) })).toBeVisible({
      timeout: 60_000,
    });
  } finally {
    await cancelBooking(page, bookingId, "e2e cleanup").catch(() => undefined);
  }
});

test("a plan the day moved past says so and runs again", async ({ page }) => {
  const restaurant = await restaurantOf(page, LONDON);
  const date = addDays(localDateIn(restaurant.timezone), 18);
  const guestName = `E2E Optimizer stale ${Date.now().toString(36)}`;
  const { bookingId } = await wastefulCouple(page, restaurant, date, guestName);
  try {
    await page.goto(opsUrl("/ops/optimizer", { date }));
    await page.getByRole("button", { name: "Run optimizer" }).click();
    await expect(page.getByRole("checkbox", { name: new RegExp(guestName) })).toBeChecked({ timeout: 90_000 });

    // Meanwhile the couple cancels (another member of staff, through the API): the live stream refreshes the plan.
    await cancelBooking(page, bookingId, "e2e: the guest called to cancel");
    const stale = page.getByRole("alert").filter({ hasText: "The day changed since this plan was made" });
    await expect(stale).toBeVisible({ timeout: 30_000 });
    await expect(stale).toContainText((await readBooking(page, bookingId)).reference);
    await expect(page.getByRole("button", { name: /Apply selected moves/ })).toBeDisabled();
    await expect(page.getByTestId("plan-ghost")).toHaveCount(0);
    await expectAccessible(page);
    await saveScreenshots(page, "optimizer-stale");

    await stale.getByRole("button", { name: "Run again" }).click();
    await expect(page.getByRole("checkbox", { name: new RegExp(guestName) })).toHaveCount(0, { timeout: 90_000 });
    await expect(page.getByText(/ready to apply|no moves/).first()).toBeVisible({ timeout: 90_000 });
    await expect(page.getByRole("heading", { name: "Runs of this day" })).toBeVisible();
    await expect(page.getByRole("button", { name: /out of date/ }).first()).toBeVisible();
  } finally {
    await cancelBooking(page, bookingId, "e2e cleanup").catch(() => undefined);
  }
});
