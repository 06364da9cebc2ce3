import { exchange } from "./load-http";
import type { TStaffSession } from "./staff-session";

/** A uuid no booking has: the staff routes answer 404/400 for it, which is enough to compile them. */
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";

/**
 * `next dev` compiles each route on its first request (seconds each): one request per route before the clock
 * starts keeps compile time out of the figures. Every request here is refused or reads only: nothing is written.
 */
export async function warmUpRoutes({
  url,
  apiKey,
  session,
  restaurantId,
  date,
  timeoutMs = 120_000,
}: {
  url: string;
  apiKey: string;
  session: TStaffSession;
  restaurantId: string;
  date: string;
  timeoutMs?: number;
}): Promise<void> {
  const client = { authorization: `Bearer ${apiKey}` };
  const staffGet = { cookie: session.cookie };
  const staffPost = { cookie: session.cookie, origin: url, "content-type": "application/json" };
  const requests: Array<[string, RequestInit]> = [
    [`/api/availability?date=${date}&partySize=2`, { headers: client }],
    ["/api/bookings", { method: "POST", headers: { ...client, "content-type": "application/json" }, body: "{}" }],
    ["/api/bookings/ZZZZZZZZ", { headers: client }],
    ["/api/staff/auto/quote", { method: "POST", headers: staffPost, body: "{}" }],
    ["/api/staff/auto/confirm", { method: "POST", headers: staffPost, body: "{}" }],
    [`/api/staff/manual/context?bookingId=${NO_SUCH_ID}`, { headers: staffGet }],
    ["/api/staff/manual/hold", { method: "POST", headers: staffPost, body: "{}" }],
    ["/api/staff/manual/confirm", { method: "POST", headers: staffPost, body: "{}" }],
    [`/api/ops/bookings?restaurantId=${restaurantId}&date=${date}&limit=1`, { headers: staffGet }],
    [`/api/ops/bookings/${NO_SUCH_ID}/transitions`, { method: "POST", headers: staffPost, body: "{}" }],
  ];
  // One at a time: the dev server compiles one route after the other anyway.
  for (const [path, init] of requests) await exchange(`${url}${path}`, init, timeoutMs);
  // The stream: open it, and close it as soon as its headers arrived.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${url}/api/ops/stream?restaurantId=${restaurantId}&date=${date}`, {
      headers: staffGet,
      signal: controller.signal,
    });
    await response.body?.cancel();
  } catch {
    // a warm-up failure shows in the run's figures
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
