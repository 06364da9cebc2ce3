import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { DEMO_OWNER, expect, expectAccessible, opsUrl, saveScreenshots, signIn, test } from "./support/fixtures";

/**
 * A new restaurant made bookable in the browser, end to end, the way an owner would on a Tuesday afternoon: create
 * it, draw four tables and link two, set dinner hours, create an API key, book through `POST /api/bookings` with
 * that key and find the booking on the timeline; invite a host who joins and signs in; import the sample tables
 * CSV and find its tables on the floor plan. Every step goes through the pages (the booking through the API, as a
 * booking client would); each feature's own spec covers its refusals and edge cases.
 */
const FIRST_LOAD = { timeout: 90_000 };
const SAMPLE_TABLES = path.resolve(import.meta.dirname, "../../docs/import/tables.csv");
test.describe.configure({ timeout: 360_000 });

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** The restaurant's local date `days` from today (Europe/London), `YYYY-MM-DD`. */
function londonDate(days: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(Date.now() + days * 864e5));
}

test("a new owner makes a restaurant bookable from scratch", async ({ browser }) => {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const name = `Journey ${run}`;
  const slug = `journey-${run}`;
  const owner = await freshPage(browser);
  await signIn(owner, DEMO_OWNER);

  // 1. Create the restaurant.
  await owner.goto("/restaurants/new");
  await expect(owner.getByRole("heading", { name: "New restaurant" })).toBeVisible(FIRST_LOAD);
  await owner.getByLabel("Name").fill(name);
  await expect(owner.getByLabel("Web address")).toHaveValue(slug);
  await owner.getByLabel("Time zone").selectOption("Europe/London");
  await owner.getByRole("button", { name: "Create restaurant" }).click();
  await owner.waitForURL(new RegExp(`/ops/setup/floor\\?restaurant=${slug}`), FIRST_LOAD);

  // 2. Draw four tables, link two, save.
  await expect(owner.getByRole("heading", { name: "Floor plan editor", level: 1 })).toBeVisible(FIRST_LOAD);
  await expect(owner.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible(FIRST_LOAD);
  for (let i = 0; i < 4; i++) await owner.getByRole("button", { name: "Add table" }).click();
  const table = (label: string) => owner.getByRole("button", { name: `${label} (table,` });
  for (const label of ["T1", "T2", "T3", "T4"]) await expect(table(label)).toBeVisible();
  await owner.getByRole("button", { name: "Link tables" }).click();
  await table("T1").click();
  await table("T2").click();
  await expect(owner.getByText("T1 and T2 linked.")).toBeVisible();
  await owner.getByRole("button", { name: "Done linking" }).click();
  await owner.getByRole("button", { name: "Save" }).click();
  await expect(owner.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible(FIRST_LOAD);
  await expectAccessible(owner);

  // 3. Dinner hours, every day.
  await owner.goto(opsUrl("/ops/setup/service", { restaurant: slug }));
  await expect(owner.getByRole("heading", { name: "Service & rules", level: 1 })).toBeVisible(FIRST_LOAD);
  const services = owner.getByRole("region", { name: "Services and opening hours" });
  await services.getByRole("button", { name: "Add service" }).click();
  await services
    .getByRole("region", { name: /New service 1/ })
    .getByLabel("Service name")
    .fill("Dinner");
  const dinner = services.getByRole("region", { name: /^Dinner/ });
  await dinner.getByLabel("Opens").fill("18:00");
  await dinner.getByLabel("Last seating").fill("21:00");
  await dinner.getByLabel("Closes").fill("23:00");
  await services.getByRole("button", { name: "Save changes" }).click();
  await expect(services.getByText("No unsaved changes")).toBeVisible(FIRST_LOAD);

  // 4. An API key for the booking client.
  await owner.goto(opsUrl("/ops/setup/api-keys", { restaurant: slug }));
  await expect(owner.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible(FIRST_LOAD);
  await owner.getByLabel("Name").fill("Website");
  await owner.getByRole("button", { name: "Create key" }).click();
  const keyBox = owner.getByRole("textbox", { name: "API key" });
  await expect(keyBox).toHaveValue(/^mt_/, FIRST_LOAD);
  const key = await keyBox.inputValue();

  // 5. A guest books through the API with it; the booking is seated on the new tables and shows on the timeline.
  const date = londonDate(3);
  const guestName = `Journey Guest ${run}`;
  const booked = await owner.request.post("/api/bookings", {
    headers: { authorization: `Bearer ${key}`, "idempotency-key": `journey-${run}` },
    data: { partySize: 2, startsAt: `${date}T19:00`, guestName, guestEmail: `guest-${run}@example.test` },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  await owner.goto(opsUrl("/ops", { restaurant: slug, date }));
  await expect(owner.getByTestId("timeline-grid")).toHaveAttribute("data-rendered", "true", FIRST_LOAD);
  await expect(owner.getByRole("button", { name: new RegExp(`^${guestName}, party of 2`) })).toBeVisible(FIRST_LOAD);
  await expectAccessible(owner);
  await saveScreenshots(owner, "setup-journey-timeline");

  // 6. Invite a host; they accept the emailed link in their own browser, then sign in on their own.
  const hostEmail = `host-${run}@example.test`;
  const hostPassword = "a long host password";
  await owner.goto(opsUrl("/ops/setup/team", { restaurant: slug }));
  await expect(owner.getByRole("heading", { name: "Team", level: 1 })).toBeVisible(FIRST_LOAD);
  await owner.getByLabel("Email").fill(hostEmail);
  await owner.getByLabel("Role", { exact: true }).selectOption("host");
  await owner.getByRole("button", { name: "Send invitation" }).click();
  // In the page (the "Invitation sent" toast is a list item too).
  await expect(owner.locator("#ops-main").getByRole("listitem").filter({ hasText: hostEmail })).toBeVisible(FIRST_LOAD);
  await owner.goto("/ops/dev/mail");
  const mail = owner.getByRole("article").filter({ hasText: hostEmail }).first();
  await expect(mail).toBeVisible(FIRST_LOAD);
  const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/.exec((await mail.textContent()) ?? "")?.[0];
  expect(link, "the invitation email carries the link").toBeTruthy();
  const invitee = await freshPage(browser);
  await invitee.goto(new URL(link as string).pathname);
  await invitee.getByLabel("Your name").fill("Journey Host");
  await invitee.getByLabel("Choose a password").fill(hostPassword);
  await invitee.getByRole("button", { name: `Join ${name}` }).click();
  await invitee.waitForURL(/\/ops\?restaurant=/, FIRST_LOAD);
  await invitee.context().close();
  const host = await freshPage(browser);
  await signIn(host, hostEmail, hostPassword);
  await expect(host.getByRole("combobox", { name: "Restaurant" })).toHaveValue(slug, FIRST_LOAD);
  await host.goto(opsUrl("/ops", { restaurant: slug, date }));
  await expect(host.getByRole("button", { name: new RegExp(`^${guestName}, party of 2`) })).toBeVisible(FIRST_LOAD);
  await host.context().close();

  // 7. Import the sample tables CSV; its tables appear on the floor plan.
  await owner.goto(opsUrl("/ops/setup/import", { restaurant: slug }));
  await expect(owner.getByRole("heading", { name: "Import & export", level: 1 })).toBeVisible(FIRST_LOAD);
  await owner.getByRole("radio", { name: /Tables/ }).check();
  await owner.getByLabel("File", { exact: true }).setInputFiles(SAMPLE_TABLES);
  await owner.getByRole("button", { name: "Import", exact: true }).click();
  await expect(owner.getByRole("status").filter({ hasText: "Imported." })).toContainText("10 tables", FIRST_LOAD);
  await owner.goto(opsUrl("/ops/floor", { restaurant: slug, date }));
  await expect(owner.getByRole("heading", { level: 1, name: "Floor plan" })).toBeVisible(FIRST_LOAD);
  for (const label of ["T1", "D1", "D6", "P4"]) {
    await expect(owner.getByRole("button", { name: new RegExp(`^${label}, \\d+ seats, `) })).toBeVisible(FIRST_LOAD);
  }
  await expectAccessible(owner);
  await saveScreenshots(owner, "setup-journey-floor");
  await owner.context().close();
});
