import type { Browser, Page } from "@playwright/test";
import { DEMO_OWNER, expect, expectAccessible, opsUrl, saveScreenshots, signIn, test } from "./support/fixtures";
import { addDays, jsonOf, localDateIn, sendChange } from "./support/ops-api";

/**
 * /ops/setup/service as an owner, on a restaurant of its own (created through the API, unique per run, so the demo
 * restaurants other specs use are never touched): add a Dinner service with its hours and days, see GET
 * /api/availability (a booking client's API key of the restaurant) offer exactly those times; close a date and see
 * that date answer `closed_date` at once; remove the exception and see the times come back.
 */
const FIRST_LOAD = { timeout: 90_000 };
test.describe.configure({ timeout: 240_000 });

type TTimes = { times: Array<{ time: string }>; closedBecause?: string };

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** ISO weekday (1 = Monday) of a calendar date. */
const weekdayOf = (date: string) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

test("a manager sets dinner hours and closes a date; availability follows at once", async ({ browser }) => {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const slug = `service-test-${run}`;
  const page = await freshPage(browser);
  await signIn(page, DEMO_OWNER);

  const created = await jsonOf<{ restaurant: { id: string; timezone: string } }>(
    await sendChange(page, "/api/ops/restaurants", {
      body: { name: `Service Test ${run}`, slug, timezone: "Europe/London" },
    }),
    "POST /api/ops/restaurants",
  );
  const restaurantId = created.restaurant.id;
  const { key } = await jsonOf<{ key: string }>(
    await sendChange(page, `/api/ops/restaurants/${restaurantId}/api-keys`, { body: { name: "Spec client" } }),
    "POST api-keys",
  );
  const availability = async (date: string) =>
    jsonOf<TTimes>(
      await page.request.get(`/api/availability?date=${date}&partySize=2`, {
        headers: { authorization: `Bearer ${key}` },
      }),
      `GET /api/availability ${date}`,
    );
  // A date ten days on that is not a Monday (dinner will not run on Mondays), and the next Monday after it.
  const today = localDateIn("Europe/London");
  let date = addDays(today, 10);
  if (weekdayOf(date) === 1) date = addDays(date, 1);
  const monday = addDays(date, (8 - weekdayOf(date)) % 7 || 7);

  await page.goto(opsUrl("/ops/setup/service", { restaurant: slug }));
  await expect(page.getByRole("heading", { name: "Service & rules", level: 1 })).toBeVisible(FIRST_LOAD);
  expect((await availability(date)).times).toEqual([]);

  // 1. Add the Dinner service: name, days (no Mondays), hours; the default turn times stay.
  const services = page.getByRole("region", { name: "Services and opening hours" });
  await services.getByRole("button", { name: "Add service" }).click();
  const card = services.getByRole("region", { name: /New service 1/ });
  await card.getByLabel("Service name").fill("Dinner");
  const dinner = services.getByRole("region", { name: /^Dinner/ });
  await dinner.getByRole("button", { name: "Monday" }).click();
  await expect(dinner.getByRole("button", { name: "Monday" })).toHaveAttribute("aria-pressed", "false");
  await dinner.getByLabel("Opens").fill("18:00");
  await dinner.getByLabel("Last seating").fill("17:00");
  await dinner.getByLabel("Closes").fill("23:00");
  // An error is shown next to its field, and nothing is sent.
  await services.getByRole("button", { name: "Save changes" }).click();
  await expect(dinner.getByText("cannot be before opening")).toBeVisible();
  await dinner.getByLabel("Last seating").fill("21:00");
  await dinner.getByLabel("Covers per 15 minutes (all)").fill("20");
  await dinner.getByLabel("Online covers per 15 minutes").fill("12");
  await services.getByRole("button", { name: "Save changes" }).click();
  await expect(services.getByText("No unsaved changes")).toBeVisible(FIRST_LOAD);

  const open = await availability(date);
  expect(open.times.map((t) => t.time)).toEqual([
    "18:00",
    "18:15",
    "18:30",
    "18:45",
    "19:00",
    "19:15",
    "19:30",
    "19:45",
    "20:00",
    "20:15",
    "20:30",
    "20:45",
    "21:00",
  ]);
  expect(await availability(monday)).toMatchObject({ times: [], closedBecause: "no_service" });

  // 2. Close the date: the answer says closed_date on the very next request.
  const exceptions = page.getByRole("region", { name: "Date exceptions" });
  await exceptions.getByLabel("Date", { exact: true }).fill(date);
  await exceptions.getByRole("radio", { name: /Closed all day/ }).check();
  await exceptions.getByLabel("Note (optional)").fill("Private event");
  await exceptions.getByRole("button", { name: "Add exception" }).click();
  await expect(exceptions.getByText("No upcoming bookings are affected")).toBeVisible(FIRST_LOAD);
  await expect(exceptions.getByText("Closed all day — Private event")).toBeVisible();
  expect(await availability(date)).toMatchObject({ times: [], closedBecause: "closed_date" });

  // The shell's success toasts (sonner, richColors) fail axe's contrast check themselves: checked once they are gone.
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 20_000 });
  await expectAccessible(page);
  await page.getByRole("heading", { name: "Service & rules", level: 1 }).scrollIntoViewIfNeeded();
  await saveScreenshots(page, "setup-service");
  await exceptions.getByRole("heading", { name: "Upcoming exceptions" }).scrollIntoViewIfNeeded();
  await saveScreenshots(page, "setup-service-exceptions");
  await page.getByRole("heading", { name: "Table planner" }).scrollIntoViewIfNeeded();
  await saveScreenshots(page, "setup-service-planner");

  // 3. Remove the exception: the date is back to its weekly hours.
  await exceptions.getByRole("button", { name: /Remove exception on/ }).click();
  await expect(exceptions.getByText("None: the weekly hours apply every day.")).toBeVisible(FIRST_LOAD);
  expect((await availability(date)).times).toHaveLength(13);

  // 4. The booking window: a cut-off is saved and shown; out of range is refused next to the field.
  const window = page.getByRole("region", { name: "Booking window" });
  await window.getByLabel("Online cut-off (minutes before)").fill("99999");
  await window.getByRole("button", { name: "Save changes" }).click();
  await expect(window.getByText("must be a whole number from 0 to 10080")).toBeVisible();
  await window.getByLabel("Online cut-off (minutes before)").fill("60");
  await window.getByRole("button", { name: "Save changes" }).click();
  await expect(window.getByText("No unsaved changes")).toBeVisible(FIRST_LOAD);
  const saved = await jsonOf<{ bookingCutoffMinutes: number }>(
    await page.request.get(`/api/ops/restaurants/${restaurantId}/service`),
    "GET service",
  );
  expect(saved.bookingCutoffMinutes).toBe(60);
  await page.context().close();
});
