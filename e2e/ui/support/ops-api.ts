import type { APIResponse, Page } from "@playwright/test";

/**
 * The ops API as a spec calls it from a signed-in page: `page.request` shares the browser context's session
 * cookie, and changes carry the app's own Origin (the server refuses a signed-in change without it).
 */
export type TMembership = { restaurantId: string; slug: string; name: string; timezone: string; role: string };

/** The signed-in staff's membership of the restaurant `slug` (throws when they are not a member). */
export async function restaurantOf(page: Page, slug: string): Promise<TMembership> {
  const response = await page.request.get("/api/auth/session");
  if (!response.ok()) throw new Error(`GET /api/auth/session answered ${response.status()}`);
  const session = (await response.json()) as { memberships: TMembership[] };
  const membership = session.memberships.find((m) => m.slug === slug);
  if (!membership) throw new Error(`not a member of ${slug}: ${session.memberships.map((m) => m.slug).join(", ")}`);
  return membership;
}

/** Does the signed-in staff see the restaurant `slug` at all? */
export async function hasRestaurant(page: Page, slug: string): Promise<boolean> {
  const response = await page.request.get("/api/auth/session");
  const session = (await response.json()) as { memberships: TMembership[] };
  return session.memberships.some((m) => m.slug === slug);
}

/** The app's origin (for the Origin header of a change), from the page's URL. */
export function originOf(page: Page): string {
  return new URL(page.url()).origin;
}

/** POST/PATCH/DELETE to the API with the page's Origin, JSON body and optionally an Idempotency-Key. */
export async function sendChange(
  page: Page,
  url: string,
  {
    method = "POST",
    body,
    idempotencyKey,
  }: { method?: "POST" | "PATCH" | "DELETE"; body?: unknown; idempotencyKey?: string } = {},
): Promise<APIResponse> {
  const headers: Record<string, string> = { origin: originOf(page), "content-type": "application/json" };
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  return page.request.fetch(url, { method, headers, data: body === undefined ? undefined : JSON.stringify(body) });
}

/** Reads JSON from a response, failing with the status and the problem's text when it is not 2xx. */
export async function jsonOf<T>(response: APIResponse, what: string): Promise<T> {
  if (!response.ok()) throw new Error(`${what}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The restaurant's local calendar date (`YYYY-MM-DD`) at `at` (now by default), whatever the process zone is. */
export function localDateIn(timezone: string, at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** `2027-03-27` + n days (calendar arithmetic, DST-free). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Seeded evenings hold dozens of bookings; a day with fewer was only touched by other specs. */
const SEEDED_DAY_MIN_BOOKINGS = 10;

/**
 * The day the demo's bookings were seeded on for `slug`: today in its zone — or tomorrow, when the server started
 * after today's last seating (server/demo/seed-demo-bookings.ts picks an evening that is still ahead). Read from
 * the data (the first of the two days holding a seeded evening), so a run late in the evening looks at the day the
 * server actually seeded rather than at an empty "today".
 */
export async function demoDayOf(page: Page, slug: string): Promise<string> {
  const { restaurantId, timezone } = await restaurantOf(page, slug);
  const today = localDateIn(timezone);
  for (const date of [today, addDays(today, 1)]) {
    const response = await page.request.get(`/api/ops/availability?${new URLSearchParams({ restaurantId, date })}`);
    const day = await jsonOf<{ timeline: { segments: { kind: string; bookingId?: string }[] }[] }>(
      response,
      "GET /api/ops/availability",
    );
    const booked = new Set(
      day.timeline.flatMap((t) => t.segments.filter((s) => s.kind === "booking").map((s) => s.bookingId)),
    );
    if (booked.size >= SEEDED_DAY_MIN_BOOKINGS) return date;
  }
  return today;
}
