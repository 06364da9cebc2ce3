import type { Page } from "@playwright/test";
import { expect, expectAccessible, LONDON, opsUrl, saveScreenshots, test } from "./support/fixtures";
import { addDays, jsonOf, localDateIn, originOf, restaurantOf } from "./support/ops-api";

/**
 * Guests (/ops/guests): find a demo guest; tag the spec's own guest VIP with a note and see the tag on the
 * timeline block and in the booking drawer; merge two duplicates; export one as JSON. The guests that change are
 * the spec's own (phone bookings for tomorrow with unique emails), never the seeded ones other specs read; their
 * bookings are cancelled afterwards so repeated runs leave the tables free.
 */

const FIRST_LOAD = { timeout: 60_000 };
const ANSWER = { timeout: 30_000 };
// The shared sonner Toaster's rich success colours are 4.25:1 (axe wants 4.5): not this feature's (as setup-team).
const TOASTS = { exclude: ["[data-sonner-toaster]"] };

test.describe.configure({ timeout: 420_000 });

type TBooking = { id: string; version: number; tables: { id: string }[]; allowedEvents: string[] };

function post(page: Page, url: string, body: unknown) {
  return page.request.fetch(url, {
    method: "POST",
    headers: { origin: originOf(page), "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    data: JSON.stringify(body),
    timeout: 60_000,
  });
}

/**
 * A phone booking for tomorrow's dinner (London) placed on a table, for a guest of the spec's own. A try that found
 * no table is cancelled and another time tried; `made` counts every booking made (the cancelled ones are the
 * guest's too).
 */
async function bookTomorrow(
  page: Page,
  guestName: string,
  guestEmail: string,
): Promise<{ booking: TBooking; date: string; made: number }> {
  const { restaurantId, timezone } = await restaurantOf(page, LONDON);
  const date = addDays(localDateIn(timezone), 1);
  for (let attempt = 0; attempt < 8; attempt++) {
    const minutes = 18 * 60 + 15 * Math.floor(Math.random() * 13);
    const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    const response = await post(page, "/api/ops/bookings", {
      restaurantId,
      source: "phone",
      partySize: 2,
      startsAt: `${date}T${time}`,
      guestName,
      guestEmail,
      seatNow: false,
    });
    const booking = await jsonOf<TBooking>(response, "POST /api/ops/bookings");
    if (booking.tables.length > 0) return { booking, date, made: attempt + 1 };
    await cancel(page, booking.id);
  }
  throw new Error("no free table for a party of 2 at tomorrow's dinner after 8 tries");
}

async function cancel(page: Page, bookingId: string) {
  const current = await jsonOf<TBooking>(await page.request.get(`/api/ops/bookings/${bookingId}`), "GET booking");
  if (!current.allowedEvents.includes("cancel")) return;
  await post(page, `/api/ops/bookings/${bookingId}/transitions`, {
    event: "cancel",
    expectedVersion: current.version,
    reason: "e2e clean-up",
  });
}

test("find a guest, tag VIP with a note, see it on the timeline and in the drawer; merge two; export", async ({
  page,
}) => {
  const run = Math.random().toString(36).slice(2, 8);
  const surname = `Guestspec${run}`;
  const name = `Vera ${surname}`;
  const { booking, date } = await bookTomorrow(page, name, `vera.${run}@example.com`);
  const dupes = [
    await bookTomorrow(page, `Max ${surname}`, `max.${run}@example.com`),
    await bookTomorrow(page, `M. ${surname}`, `m.${run}@example.net`),
  ];
  const created = [booking, ...dupes.map((d) => d.booking)];
  try {
    // A demo guest: the seeded bookings made guest records (the list is not empty; search finds one by name).
    await page.goto(opsUrl("/ops/guests", { date }));
    await expect(page.getByRole("heading", { level: 1, name: "Guests" })).toBeVisible(FIRST_LOAD);
    const table = page.getByRole("table", { name: "Guests, by name" });
    await expect(table).toBeVisible(FIRST_LOAD);
    const search = page.getByLabel("Search guests");
    const demoName = (await table.locator("tbody tr").first().getByRole("button").first().textContent())?.trim() ?? "";
    expect(demoName).not.toBe("");
    await search.fill(demoName.split(" ").at(-1) ?? demoName);
    await expect(table.getByRole("button", { name: demoName }).first()).toBeVisible(ANSWER);
    await expectAccessible(page, TOASTS);

    // The spec's guest: open, tag VIP, write a note, save.
    await search.fill(name);
    await table.getByRole("button", { name, exact: true }).click();
    const panel = page.getByRole("complementary", { name: `Guest ${name}` });
    await expect(panel).toBeVisible(ANSWER);
    await panel.getByRole("checkbox", { name: "VIP" }).check();
    await panel.getByLabel("Notes").fill("Severe nut allergy — tell the kitchen");
    await panel.getByRole("button", { name: "Save notes and tags" }).click();
    await expect(panel.getByText("Unsaved changes")).toBeHidden(ANSWER);
    await expect(
      table
        .getByRole("row", { name: new RegExp(name) })
        .getByText("VIP")
        .filter({ visible: true }),
    ).toBeVisible(ANSWER);
    await expectAccessible(page, TOASTS);
    await saveScreenshots(page, "guests-panel");

    // The erase confirmation (opened, not used: the spec's guests are kept for the timeline and merge below).
    await panel.getByRole("button", { name: "Erase…" }).click();
    const dialog = page.getByRole("dialog", { name: `Erase ${name}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Erase guest" })).toBeDisabled();
    await expectAccessible(page, TOASTS);
    await saveScreenshots(page, "guests-erase-dialog");
    await dialog.getByRole("button", { name: "Keep guest" }).click();

    // Export (JSON): a download with the guest and their booking.
    const downloading = page.waitForEvent("download");
    await panel.getByRole("link", { name: "Export (JSON)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^guest-[0-9a-f-]{36}\.json$/);
    const exported = JSON.parse(await readDownload(download)) as {
      guest: { name: string; tags: string[] };
      bookings: { id: string }[];
    };
    expect(exported.guest).toMatchObject({ name, tags: ["VIP"] });
    expect(exported.bookings.map((b) => b.id)).toContain(booking.id);

    // The timeline block carries the VIP mark (accessible name) and the drawer the Guest section.
    await page.goto(opsUrl("/ops", { date }));
    const block = page
      .getByRole("button", { name: new RegExp(`^${name},.*guest VIP; note: Severe nut allergy`) })
      .first();
    await expect(block).toBeVisible(FIRST_LOAD);
    await expect(block.locator("[data-guest-mark]")).toHaveText("★");
    await block.click();
    const drawer = page.getByRole("complementary", { name: `Booking ${name}` });
    await expect(drawer).toBeVisible(FIRST_LOAD);
    const record = drawer.getByTestId("drawer-guest-record");
    await expect(record.getByText("VIP")).toBeVisible();
    await expect(record.getByText(/Severe nut allergy/)).toBeVisible();
    await expect(record.getByText(/0 visits · 0 no-shows/)).toBeVisible();
    await expect(drawer.getByRole("link", { name: "Open guest record" })).toBeVisible();
    await expectAccessible(page, TOASTS);
    await saveScreenshots(page, "guests-timeline-drawer");

    // Merge the two duplicates: select both, keep the first, merge.
    await page.goto(opsUrl("/ops/guests", { date }));
    await page.getByLabel("Search guests").fill(surname);
    const rows = page.getByRole("table", { name: "Guests, by name" });
    await expect(rows.getByRole("button", { name: `Max ${surname}` })).toBeVisible(FIRST_LOAD);
    await rows.getByRole("checkbox", { name: `Select M. ${surname}` }).check();
    await rows.getByRole("checkbox", { name: `Select Max ${surname}` }).check();
    const bar = page.getByRole("region", { name: "Merge selected guests" });
    await bar.getByRole("radio", { name: `Max ${surname}` }).check();
    await saveScreenshots(page, "guests-merge");
    await expectAccessible(page, TOASTS);
    await bar.getByRole("button", { name: "Merge 2 guests" }).click();
    await expect(rows.getByRole("button", { name: `M. ${surname}` })).toBeHidden(ANSWER);
    const merged = page.getByRole("complementary", { name: `Guest Max ${surname}` });
    await expect(merged).toBeVisible(ANSWER);
    // Both guests' bookings, including tries cancelled for want of a table (usually 2).
    const bookingsOfBoth = dupes.reduce((sum, d) => sum + d.made, 0);
    await expect(merged.getByRole("heading", { name: `Bookings (${bookingsOfBoth})` })).toBeVisible(ANSWER);
  } finally {
    for (const b of created) await cancel(page, b.id).catch(() => undefined);
  }
});

async function readDownload(download: { createReadStream(): Promise<NodeJS.ReadableStream> }): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
