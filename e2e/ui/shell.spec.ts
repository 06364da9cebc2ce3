import {
  DEMO_MANAGER,
  expect,
  expectAccessible,
  LONDON,
  NEW_YORK,
  opsUrl,
  saveScreenshots,
  signIn,
  test,
} from "./support/fixtures";
import { addDays, demoDayOf, jsonOf, localDateIn, restaurantOf } from "./support/ops-api";

/** The ops shell: sign-in, navigation between the views, date and restaurant in the URL, zones, sign-out. */

const VIEWS = [
  { link: /^Floor plan/, heading: "Floor plan", path: "/ops/floor" },
  { link: /^Availability/, heading: "Availability", path: "/ops/availability" },
  { link: /^Bookings/, heading: "Bookings", path: "/ops/bookings" },
  { link: /^Manual review/, heading: "Manual review", path: "/ops/review" },
  { link: /^Timeline/, heading: "Timeline", path: "/ops" },
] as const;

const dateOf = (url: string) => new URL(url).searchParams.get("date");
const restaurantOfUrl = (url: string) => new URL(url).searchParams.get("restaurant");

test("signs in through the form and lands on the Timeline", async ({ anonPage: page }) => {
  await page.goto("/ops");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await saveScreenshots(page, "login");

  await signIn(page, DEMO_MANAGER);
  await expect(page).toHaveURL(/\/ops(\?|$)/);
  await expect(page.getByRole("heading", { level: 1, name: "Timeline" })).toBeVisible();
});

test("the navigation opens every view, keeping restaurant and date", async ({ page }) => {
  await page.goto(opsUrl("/ops", { restaurant: LONDON }));
  await expect(page.getByRole("heading", { level: 1, name: "Timeline" })).toBeVisible();
  const date = dateOf(page.url()) ?? localDateIn("Europe/London");
  const nav = page.getByRole("navigation", { name: "Views" });
  for (const view of VIEWS) {
    await nav.getByRole("link", { name: view.link }).click();
    await expect(page.getByRole("heading", { level: 1, name: view.heading })).toBeVisible();
    await expect(page).toHaveURL((url) => url.pathname === view.path);
    expect(restaurantOfUrl(page.url())).toBe(LONDON);
    expect(dateOf(page.url())).toBe(date);
    await expect(nav.getByRole("link", { name: view.link })).toHaveAttribute("aria-current", "page");
  }
  await expectAccessible(page);
});

test("the date moves with the arrows and the [ ] keys, in the URL", async ({ page }) => {
  const today = localDateIn("Europe/London");
  await page.goto(opsUrl("/ops", { restaurant: LONDON, date: today }));
  await expect(page.getByRole("heading", { level: 1, name: "Timeline" })).toBeVisible();

  await page.getByRole("button", { name: "Next day" }).click();
  await expect.poll(() => dateOf(page.url())).toBe(addDays(today, 1));
  await page.getByRole("button", { name: "Previous day" }).click();
  await expect.poll(() => dateOf(page.url())).toBe(today);
  await page.getByRole("button", { name: "Previous day" }).click();
  await expect.poll(() => dateOf(page.url())).toBe(addDays(today, -1));

  // Shortcuts act when no field has focus.
  await page.getByRole("heading", { level: 1, name: "Timeline" }).click();
  await page.keyboard.press("]");
  await expect.poll(() => dateOf(page.url())).toBe(today);
  await page.keyboard.press("]");
  await expect.poll(() => dateOf(page.url())).toBe(addDays(today, 1));
  await page.keyboard.press("[");
  await expect.poll(() => dateOf(page.url())).toBe(today);

  // Back in history returns to the previous day (every move is pushed).
  await page.goBack();
  await expect.poll(() => dateOf(page.url())).toBe(addDays(today, 1));
});

test("the restaurant switcher changes the restaurant", async ({ page }) => {
  await page.goto(opsUrl("/ops", { restaurant: LONDON }));
  const switcher = page.getByRole("combobox", { name: "Restaurant" });
  await expect(switcher).toHaveValue(LONDON);
  await switcher.selectOption(NEW_YORK);
  await expect.poll(() => restaurantOfUrl(page.url())).toBe(NEW_YORK);
  await expect(switcher).toHaveValue(NEW_YORK);
  await expect(page.getByRole("heading", { level: 1, name: "Timeline" })).toBeVisible();
  // The nav keeps the new restaurant.
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("link", { name: /^Bookings/ })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Bookings" })).toBeVisible();
  expect(restaurantOfUrl(page.url())).toBe(NEW_YORK);
});

test("each restaurant opens on its own today, whatever the browser's zone", async ({ page }) => {
  // The browser runs in Pacific/Auckland (playwright.config.ts): a different date from London and New York for
  // much of the day, so a date taken from the browser's clock would show here.
  for (const { slug, timezone } of [
    { slug: LONDON, timezone: "Europe/London" },
    { slug: NEW_YORK, timezone: "America/New_York" },
  ]) {
    await page.goto(opsUrl("/ops", { restaurant: slug }));
    await expect(page.getByRole("heading", { level: 1, name: "Timeline" })).toBeVisible();
    const expected = localDateIn(timezone);
    await expect.poll(() => dateOf(page.url()) ?? expected).toBe(expected);
    await expect(page.getByRole("group", { name: "Date" }).getByLabel("Date", { exact: true })).toHaveValue(expected);
    // "Today" is the restaurant's today: disabled while it is shown.
    await expect(page.getByRole("button", { name: "Today" })).toBeDisabled();
  }
});

test("/ finds a booking of the day from any view and opens its drawer", async ({ page }) => {
  const { restaurantId } = await restaurantOf(page, LONDON);
  const date = await demoDayOf(page, LONDON);
  const list = await jsonOf<{ items: Array<{ id: string; guestName: string; reference: string }> }>(
    await page.request.get(`/api/ops/bookings?${new URLSearchParams({ restaurantId, date, limit: "50" })}`),
    "GET /api/ops/bookings",
  );
  const wanted = list.items.at(-1);
  test.skip(!wanted, "the demo day has no bookings");
  if (!wanted) return;

  await page.goto(opsUrl("/ops/floor", { restaurant: LONDON, date }));
  await expect(page.getByRole("heading", { level: 1, name: "Floor plan" })).toBeVisible();
  await page.keyboard.press("/");
  const find = page.getByRole("combobox", { name: "Find a booking on this day" });
  await expect(find).toBeFocused();
  // The reference is unique: exactly the wanted booking matches.
  await find.fill(wanted.reference);
  const matches = page.getByRole("listbox", { name: "Matching bookings" });
  await expect(matches.getByRole("option", { name: new RegExp(wanted.guestName) })).toBeVisible();
  await expect(matches.getByRole("option")).toHaveCount(1);
  await expect(find).toHaveAttribute("aria-expanded", "true");
  await expectAccessible(page);
  await saveScreenshots(page, "quick-find");
  await find.press("Enter");
  await expect(page.getByRole("complementary", { name: `Booking ${wanted.guestName}` })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`booking=${wanted.id}`));
  await expect(page.getByRole("heading", { level: 1, name: "Floor plan" })).toBeVisible();

  // Nothing matches: said in words.
  await page.keyboard.press("Escape");
  await page.keyboard.press("/");
  await find.fill("zzzz-nobody");
  // Shown under the box, and announced (the box's description, a live region).
  const none = page.getByText("No booking on this day matches “zzzz-nobody”.");
  await expect(none.last()).toBeVisible();
  await expect(none).toHaveCount(2);

  // On Bookings, / goes to the view's own search.
  await page.goto(opsUrl("/ops/bookings", { restaurant: LONDON, date }));
  await expect(page.getByRole("heading", { level: 1, name: "Bookings" })).toBeVisible();
  await page.keyboard.press("/");
  await expect(page.locator("[data-view-search]")).toBeFocused();
});

test("the navigation folds to icons (remembered) and its links keep their names", async ({ page }) => {
  await page.goto(opsUrl("/ops", { restaurant: LONDON }));
  const nav = page.getByRole("navigation", { name: "Views" });
  await expect(nav.getByRole("link", { name: /^Floor plan/ })).toBeVisible();
  const wide = (await nav.boundingBox())?.width ?? 0;
  await nav.getByRole("button", { name: "Collapse navigation" }).click();
  const expand = nav.getByRole("button", { name: "Expand navigation" });
  await expect(expand).toHaveAttribute("aria-expanded", "false");
  await expect.poll(async () => (await nav.boundingBox())?.width ?? 0).toBeLessThan(wide / 2);
  await expectAccessible(page);
  await saveScreenshots(page, "nav-collapsed");
  // Still a link named by its view: a screen reader and the tests find it as before.
  await nav.getByRole("link", { name: /^Floor plan/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Floor plan" })).toBeVisible();
  await page.reload();
  await expect(nav.getByRole("button", { name: "Expand navigation" })).toBeVisible();
  await nav.getByRole("button", { name: "Expand navigation" }).click();
  await expect(nav.getByRole("button", { name: "Collapse navigation" })).toHaveAttribute("aria-expanded", "true");
  await expect.poll(async () => (await nav.boundingBox())?.width ?? 0).toBe(wide);
});

test("signs out back to the sign-in page", async ({ page }) => {
  await page.goto(opsUrl("/ops"));
  await expectAccessible(page);
  await saveScreenshots(page, "shell-timeline");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/ops");
  await expect(page).toHaveURL(/\/login/);
});
