import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Maitre's HTTP API, for the load generator's own tests and for measuring the generator's capacity
 * without a real server's limits: it answers every route the mix uses at once, in the documented shapes, and
 * records what it was sent. Bookings are refused once with 503 + Retry-After when `failFirstBookingAttempt` is
 * set, so the client's retry with the same key can be checked. It checks the two things a real server would refuse
 * the generator for: the session cookie and, on staff mutations, `Origin`.
 */
export type TStubRequest = {
  method: string;
  path: string;
  origin: string | null;
  cookie: string | null;
  idempotencyKey: string | null;
};

export type TStubServer = { url: string; restaurantId: string; requests: TStubRequest[]; close: () => Promise<void> };

const RESTAURANT_ID = "3d2a0000-0000-4000-8000-000000000001";
const COOKIE = "maitre_session=stub-session";

export async function startStubServer({ failFirstBookingAttempt = false } = {}): Promise<TStubServer> {
  const requests: TStubRequest[] = [];
  const seenKeys = new Set<string>();
  let serial = 0;
  const booking = (status: string, extra: Record<string, unknown> = {}) => {
    serial += 1;
    const id = `9a4e0000-0000-4000-8000-${String(serial).padStart(12, "0")}`;
    return {
      id,
      reference: `REF${String(serial).padStart(5, "0")}`,
      status,
      version: 1,
      partySize: 2,
      tables: [],
      ...extra,
    };
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://stub");
    const method = request.method ?? "GET";
    const header = (name: string) => (request.headers[name] as string | undefined) ?? null;
    requests.push({
      method,
      path: url.pathname,
      origin: header("origin"),
      cookie: header("cookie"),
      idempotencyKey: header("idempotency-key"),
    });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(body === undefined ? "" : JSON.stringify(body));
    };
    request.resume();
    const path = url.pathname;
    const own = `http://${header("host")}`;

    if (path === "/api/auth/session") {
      if (method === "POST") return json(204, undefined, { "set-cookie": `${COOKIE}; Path=/; HttpOnly; SameSite=Lax` });
      return json(200, {
        user: { id: "u1", email: "manager@maitre.demo", name: "Marco" },
        memberships: [
          {
            restaurantId: RESTAURANT_ID,
            slug: "lumiere-london",
            name: "Bistro Lumière",
            timezone: "Europe/London",
            role: "manager",
          },
        ],
      });
    }
    if (path === "/api/availability") {
      return json(200, {
        times: [
          { time: "18:00", available: true },
          { time: "19:30", available: true },
          { time: "21:00", available: false },
        ],
      });
    }
    if (path === "/api/bookings" && method === "POST") {
      const key = header("idempotency-key") ?? "";
      if (failFirstBookingAttempt && !seenKeys.has(key)) {
        seenKeys.add(key);
        return json(503, { code: "DEPENDENCY_UNAVAILABLE" }, { "retry-after": "1" });
      }
      return json(seenKeys.has(key) ? 200 : 201, booking("manual_review"));
    }
    if (path.startsWith("/api/bookings/")) return json(200, booking(method === "DELETE" ? "cancelled" : "confirmed"));

    // Staff: a session cookie always, and this server's Origin on anything but GET.
    if (header("cookie") !== COOKIE) return json(401, { code: "UNAUTHENTICATED" });
    if (method !== "GET" && header("origin") !== own) return json(403, { code: "FORBIDDEN" });
    if (path === "/api/ops/stream") {
      response.writeHead(200, { "content-type": "text/event-stream" });
      let id = 0;
      const timer = setInterval(() => response.write(`id: ${++id}\nevent: booking\ndata: {"id":${id}}\n\n`), 100);
      response.on("close", () => clearInterval(timer));
      return;
    }
    if (path === "/api/ops/bookings") {
      return json(200, {
        items: [
          booking("confirmed", { allowedEvents: ["check_in", "cancel"] }),
          booking("manual_review", { allowedEvents: ["cancel"] }),
        ],
        nextCursor: null,
      });
    }
    if (path === "/api/staff/auto/quote") return json(200, { hold: { id: "h-auto", tableIds: ["t1"] } });
    if (path === "/api/staff/manual/context") {
      return json(200, {
        tables: [{ id: "t1", capacity: 4, minParty: 1, state: "free" }],
        contextVersion: "cv1.stub",
        booking: null,
      });
    }
    if (path === "/api/staff/manual/hold") return json(201, { hold: { id: "h-manual", tableIds: ["t1"] } });
    if (path.endsWith("/confirm")) return json(201, booking("confirmed"));
    if (path.endsWith("/transitions")) return json(200, booking("checked_in", { allowedEvents: ["complete"] }));
    return json(404, { code: "NOT_FOUND" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    restaurantId: RESTAURANT_ID,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
