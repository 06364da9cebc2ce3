import type { TBookableTimes } from "@/server/availability/bookable-times-schema";
import { seedApiKey } from "@/server/testing/factories";
import type { TestDb } from "@/server/testing/test-db";
import { POST } from "../bookings/route";
import { GET } from "./route";

/** Shared by the availability route tests: API keys, and the two routes called as a booking client calls them. */
export function addApiKey(db: TestDb, restaurantId: string, scopes?: string[]): Promise<string> {
  return seedApiKey(db.kysely, { restaurantId, ...(scopes ? { scopes } : {}) });
}

let address = 0;

/** GET /api/availability with `query` as given (strings pass through untouched, for the 400 cases). */
export function getAvailability(apiKey: string | null, query: Record<string, string | number>): Promise<Response> {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return GET(
    new Request(`http://localhost/api/availability?${search}`, {
      headers: {
        "x-forwarded-for": `203.0.113.${(++address % 250) + 1}`,
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      },
    }),
  );
}

export async function availability(apiKey: string, date: string, partySize: number): Promise<TBookableTimes> {
  const response = await getAvailability(apiKey, { date, partySize });
  if (response.status !== 200) throw new Error(`GET /api/availability: ${response.status} ${await response.text()}`);
  return response.json();
}

/** POST /api/bookings for an online guest at an instant. */
export function postBooking(apiKey: string, { partySize, startsAt }: { partySize: number; startsAt: string }) {
  return POST(
    new Request("http://localhost/api/bookings", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-forwarded-for": `203.0.113.${(++address % 250) + 1}`,
        authorization: `Bearer ${apiKey}`,
      },
      body: JSON.stringify({ partySize, startsAt, guestName: "Online Guest", guestEmail: "guest@example.com" }),
    }),
  );
}

/** `days` from today as a UTC calendar date (the tests keep a margin of days from the restaurant's "today"). */
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
