import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, LONDON, opsUrl, saveScreenshots, test } from "./support/fixtures";
import { addDays, demoDayOf, jsonOf, localDateIn, restaurantOf } from "./support/ops-api";
import { cancelBooking, makeReviewItem } from "./support/review-item";

/**
 * The Timeline (home screen): the demo day's seeded bookings as blocks and a refused drop explained next to the
 * row (bookings and tables picked by what they are — occupied, next to each other — from the day's read model,
 * never by fixed ids); assigning a tray booking with the keyboard and with a mouse drag, each on a quiet day of its
 * own with a review booking the spec makes (and cancels) through the API.
 */

type TSegment = {
  kind: "booking" | "hold" | "free" | "out_of_service";
  start: string;
  end: string;
  bookingId?: string;
  guestName?: string;
  partySize?: number;
  status?: string;
};
type TTable = { id: string; name: string; capacity: number; minParty: number; active: boolean; segments: TSegment[] };
type TUnassigned = { bookingId: string; guestName: string; partySize: number; startsAt: string; endsAt: string };
type TDay = { timeline: TTable[]; unassigned: TUnassigned[] };

// Drags and assignments wait on the shared dev server; give them room on a busy machine.
test.describe.configure({ timeout: 120_000 });

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The demo's seeded day (today, or tomorrow when the server started after today's last seating). */
async function readDay(page: Page): Promise<{ day: TDay; restaurantId: string; date: string }> {
  const { restaurantId } = await restaurantOf(page, LONDON);
  const date = await demoDayOf(page, LONDON);
  const response = await page.request.get(`/api/ops/availability?${new URLSearchParams({ restaurantId, date })}`);
  return { day: await jsonOf<TDay>(response, "GET /api/ops/availability"), restaurantId, date };
}

const overlaps = (s: TSegment, start: number, end: number) =>
  (s.kind === "booking" || s.kind === "hold") && Date.parse(s.start) < end && Date.parse(s.end) > start;

/** Drags `source` onto the table row `tableName` with real mouse moves; returns once the row shows `expectWord`. */
async function dragOnto(page: Page, source: Locator, tableName: string, expectWord: RegExp) {
  const row = page.locator(`[data-table-row="${tableName}"]`);
  // The target row in view first (the grid scrolls inside the page; the tray stays put below it).
  await row.scrollIntoViewIfNeeded();
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  if (!from) throw new Error("the dragged element has no box");
  const sx = from.x + Math.min(30, from.width / 2);
  const sy = from.y + from.height / 2;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 12, sy + 8, { steps: 4 });
  const to = await row.boundingBox();
  if (!to) throw new Error(`row ${tableName} has no box`);
  const grid = await page.getByTestId("timeline-grid").boundingBox();
  const tx = Math.max(to.x + 150, Math.min(sx, (grid?.x ?? 0) + (grid?.width ?? 800) - 40));
  await page.mouse.move(tx, to.y + to.height / 2, { steps: 20 });
  await expect(row).toContainText(expectWord);
  await page.mouse.up();
}

test("the timeline shows the day's tables and seeded bookings", async ({ page }) => {
  const { day, date } = await readDay(page);
  await page.goto(opsUrl("/ops", { date }));
  await expect(page.getByRole("heading", { level: 1, name: "Timeline" })).toBeVisible();
  await expect(page.getByTestId("timeline-grid")).toHaveAttribute("data-rendered", "true", { timeout: 60_000 });

  const table = day.timeline.find((t) => t.segments.some((s) => s.kind === "booking"));
  const seg = table?.segments.find((s) => s.kind === "booking");
  expect(seg, "the demo day has bookings on tables").toBeTruthy();
  const block = page.getByRole("button", {
    name: new RegExp(
      `^${escapeRe(seg?.guestName ?? "")}, party of ${seg?.partySize}, \\d\\d:\\d\\d–\\d\\d:\\d\\d, .*table`,
    ),
  });
  await expect(block.first()).toBeAttached();
  await expect(page.getByRole("heading", { name: /Unassigned/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Main Dining" })).toBeVisible();

  await expectAccessible(page);
  await saveScreenshots(page, "timeline");
});

/**
 * A booking of its own in the tray, on a quiet day (`offset` days ahead) with one table that fits it (the review
 * suggestion), opened on the Timeline of that day; its bookings are cancelled afterwards.
 */
async function withTrayBooking(
  page: Page,
  offset: number,
  run: (tray: { guest: string; table: { id: string; name: string }; item: Locator }) => Promise<void>,
) {
  const restaurant = await restaurantOf(page, LONDON);
  const date = addDays(localDateIn(restaurant.timezone), offset);
  const tag = Date.now().toString(36);
  const { review, suggestion, made } = await makeReviewItem(page, restaurant, date, tag, { singleTable: true });
  try {
    await page.goto(opsUrl("/ops", { restaurant: LONDON, date }));
    await expect(page.getByTestId("timeline-grid")).toHaveAttribute("data-rendered", "true", { timeout: 60_000 });
    const item = page
      .locator("#timeline-tray-list")
      .getByRole("button", { name: new RegExp(`^${escapeRe(review.guestName)}, party of `) });
    await expect(item).toBeVisible();
    const table = suggestion.tables[0];
    if (!table) throw new Error("the suggestion has no table");
    await run({ guest: review.guestName, table, item });
    // Placed: a block on that table, and out of the tray.
    await expect(
      page.getByRole("button", {
        name: new RegExp(`^${escapeRe(review.guestName)}, party of .*, table ${escapeRe(table.name)}$`),
      }),
    ).toBeAttached({ timeout: 15_000 });
    await expect(item).toHaveCount(0);
  } finally {
    for (const booking of made) await cancelBooking(page, booking.id).catch(() => undefined);
  }
}

test("a tray booking is assigned with the keyboard", async ({ page }) => {
  test.setTimeout(240_000);
  await withTrayBooking(page, 15, async ({ guest, table, item }) => {
    // Focus the tray booking; `m` opens the table list.
    await item.focus();
    await page.keyboard.press("m");
    const list = page.getByRole("listbox", { name: `Tables for ${guest}` });
    await expect(list).toBeFocused();
    // Arrow down to the table (the list opens on the best fit).
    for (let i = 0; i < 80; i++) {
      if ((await list.getAttribute("aria-activedescendant")) === `move-option-${table.id}`) break;
      await page.keyboard.press("ArrowDown");
    }
    await expect(list).toHaveAttribute("aria-activedescendant", `move-option-${table.id}`);
    await expect(page.getByText("Fits: free and big enough")).toBeVisible();
    await page.keyboard.press("Enter");
  });
});

test("a tray booking is assigned by dragging it onto a free table", async ({ page }) => {
  test.setTimeout(240_000);
  await withTrayBooking(page, 17, async ({ table, item }) => {
    await dragOnto(page, item, table.name, /fits/);
  });
});

test("a drop onto an occupied table is refused with the reason next to the row", async ({ page }) => {
  const { day, date } = await readDay(page);
  await page.goto(opsUrl("/ops", { date }));
  await expect(page.getByTestId("timeline-grid")).toHaveAttribute("data-rendered", "true", { timeout: 60_000 });
  const order = day.timeline.map((t) => t.id);
  for (const [index, table] of day.timeline.entries()) {
    for (const seg of table.segments) {
      if (seg.kind !== "booking" || seg.status !== "confirmed" || !seg.bookingId) continue;
      const start = Date.parse(seg.start);
      const end = Date.parse(seg.end);
      // The nearest other table with someone else on it at the same time.
      const busy = day.timeline
        .filter(
          (t) =>
            t.id !== table.id &&
            t.segments.some((s) => s.kind === "booking" && s.bookingId !== seg.bookingId && overlaps(s, start, end)) &&
            !t.segments.some((s) => s.bookingId === seg.bookingId),
        )
        .sort((a, b) => Math.abs(order.indexOf(a.id) - index) - Math.abs(order.indexOf(b.id) - index))[0];
      if (!busy || Math.abs(order.indexOf(busy.id) - index) > 4) continue;
      const block = page.locator(`[data-block-key][data-booking-id="${seg.bookingId}"]`).first();
      await dragOnto(page, block, busy.name, /refused/);
      const note = page.getByRole("alert").filter({ hasText: `can’t go on ${busy.name}` });
      await expect(note).toBeVisible();
      await expect(note).toContainText(/\w+/);
      // Nothing moved: the booking is still on its own table.
      await expect(
        page
          .getByRole("button", { name: new RegExp(`^${escapeRe(seg.guestName ?? "")}, .*${escapeRe(table.name)}`) })
          .first(),
      ).toBeAttached();
      return;
    }
  }
  throw new Error("no booking of today sits next to an occupied table");
});
