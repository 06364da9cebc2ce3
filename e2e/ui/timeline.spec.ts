import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, LONDON, opsUrl, saveScreenshots, test } from "./support/fixtures";
import { jsonOf, localDateIn, restaurantOf, sendChange } from "./support/ops-api";

/**
 * The Timeline (home screen) on the demo day: the seeded bookings as blocks, assigning a tray booking with the
 * keyboard and with a mouse drag, and a refused drop explained next to the row. Bookings and tables are picked
 * by what they are (free, fitting, occupied) from the day's read model, never by fixed ids.
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

async function readDay(page: Page): Promise<{ day: TDay; restaurantId: string }> {
  const { restaurantId, timezone } = await restaurantOf(page, LONDON);
  const date = localDateIn(timezone);
  const response = await page.request.get(`/api/ops/availability?${new URLSearchParams({ restaurantId, date })}`);
  return { day: await jsonOf<TDay>(response, "GET /api/ops/availability"), restaurantId };
}

async function fits(page: Page, bookingId: string, tableId: string): Promise<boolean> {
  const response = await sendChange(page, "/api/staff/manual/validate", { body: { bookingId, tableIds: [tableId] } });
  return (await jsonOf<{ ok: boolean }>(response, "validate")).ok;
}

const overlaps = (s: TSegment, start: number, end: number) =>
  (s.kind === "booking" || s.kind === "hold") && Date.parse(s.start) < end && Date.parse(s.end) > start;

/** Tables that look free and big enough for the booking over its time (the server confirms with validate). */
function candidateTables(day: TDay, booking: { bookingId: string; partySize: number; start: number; end: number }) {
  return day.timeline.filter(
    (t) =>
      t.active &&
      t.capacity >= booking.partySize &&
      booking.partySize >= t.minParty &&
      !t.segments.some((s) => s.bookingId !== booking.bookingId && overlaps(s, booking.start, booking.end)) &&
      !t.segments.some((s) => s.bookingId === booking.bookingId),
  );
}

/** A tray booking with a single table that the manual flow accepts, or null. */
async function assignableTrayBooking(page: Page, day: TDay, skip: Set<string> = new Set()) {
  for (const booking of day.unassigned) {
    if (skip.has(booking.bookingId)) continue;
    const window = { start: Date.parse(booking.startsAt), end: Date.parse(booking.endsAt) };
    for (const table of candidateTables(day, { ...booking, ...window })) {
      if (await fits(page, booking.bookingId, table.id)) return { booking, table };
    }
  }
  return null;
}

/** A confirmed booking on the grid with a free table near its row that the manual flow accepts, or null. */
async function movableBooking(page: Page, day: TDay) {
  const order = day.timeline.map((t) => t.id);
  for (const table of day.timeline) {
    for (const seg of table.segments) {
      if (seg.kind !== "booking" || seg.status !== "confirmed" || !seg.bookingId || !seg.partySize) continue;
      const booking = {
        bookingId: seg.bookingId,
        partySize: seg.partySize,
        start: Date.parse(seg.start),
        end: Date.parse(seg.end),
      };
      const distance = (id: string) => Math.abs(order.indexOf(id) - order.indexOf(table.id));
      const target = candidateTables(day, booking).sort((a, b) => distance(a.id) - distance(b.id))[0];
      if (!target || distance(target.id) > 6) continue;
      if (await fits(page, booking.bookingId, target.id)) return { seg, table, target };
    }
  }
  return null;
}

/** Drags `source` onto the table row `tableName` with real mouse moves; returns once the row shows `expectWord`. */
async function dragOnto(page: Page, source: Locator, tableName: string, expectWord: RegExp) {
  const row = page.locator(`[data-table-row="${tableName}"]`);
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
  const { day } = await readDay(page);
  await page.goto(opsUrl("/ops"));
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

test("a tray booking is assigned with the keyboard", async ({ page }) => {
  const { day } = await readDay(page);
  const pick = await assignableTrayBooking(page, day);
  await page.goto(opsUrl("/ops"));
  await expect(page.getByTestId("timeline-grid")).toHaveAttribute("data-rendered", "true", { timeout: 60_000 });
  let guest: string;
  let table: { id: string; name: string };
  if (pick) {
    // The tray booking: focus it, `m` opens the table list.
    guest = pick.booking.guestName;
    table = pick.table;
    await page
      .locator("#timeline-tray-list")
      .getByRole("button", { name: new RegExp(`^${escapeRe(guest)}, party of `) })
      .focus();
  } else {
    // Every tray booking of today is placed (or fits no single table): the same keyboard path moves a booking.
    const move = await movableBooking(page, day);
    if (!move) throw new Error("no booking of today can be placed on a free table");
    guest = move.seg.guestName ?? "";
    table = move.target;
    await page.locator(`[data-block-key][data-booking-id="${move.seg.bookingId}"]`).first().focus();
  }
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
  await expect(
    page.getByRole("button", { name: new RegExp(`^${escapeRe(guest)}, party of .*, table ${escapeRe(table.name)}$`) }),
  ).toBeAttached({ timeout: 15_000 });
  await expect(
    page.locator("#timeline-tray-list").getByRole("button", { name: new RegExp(`^${escapeRe(guest)}, party of `) }),
  ).toHaveCount(0);
});

test("a booking is assigned by dragging it onto a free table", async ({ page }) => {
  const { day } = await readDay(page);
  await page.goto(opsUrl("/ops"));
  await expect(page.getByTestId("timeline-grid")).toHaveAttribute("data-rendered", "true", { timeout: 60_000 });

  const tray = await assignableTrayBooking(page, day);
  if (tray) {
    const item = page
      .getByRole("button", { name: new RegExp(`^${escapeRe(tray.booking.guestName)}, party of `) })
      .first();
    await dragOnto(page, item, tray.table.name, /fits/);
    await expect(
      page.getByRole("button", {
        name: new RegExp(`^${escapeRe(tray.booking.guestName)}, party of .*, table ${escapeRe(tray.table.name)}$`),
      }),
    ).toBeAttached({ timeout: 15_000 });
    return;
  }
  // No tray booking fits a single table any more: move a booked party to a free table next to it instead.
  const move = await movableBooking(page, day);
  if (!move) throw new Error("no booking of today could be moved to a free table");
  const block = page.locator(`[data-block-key][data-booking-id="${move.seg.bookingId}"]`).first();
  await dragOnto(page, block, move.target.name, /fits/);
  await expect(
    page.getByRole("button", {
      name: new RegExp(`^${escapeRe(move.seg.guestName ?? "")}, .*, table ${escapeRe(move.target.name)}$`),
    }),
  ).toBeAttached({ timeout: 15_000 });
});

test("a drop onto an occupied table is refused with the reason next to the row", async ({ page }) => {
  const { day } = await readDay(page);
  await page.goto(opsUrl("/ops"));
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
