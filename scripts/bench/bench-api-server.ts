/**
 * The web tier for `npm run bench:api` (started by bench-api.ts, one process per backend): the runtime of a real
 * web process (getRuntime() from the environment the driver sets: PGlite in a temporary DATA_DIR, or a fresh
 * PostgreSQL database), a seeded day, and a node:http server that hands every request to the same route handlers
 * Next.js runs (app/api/**\/route.ts, through ROUTE_MODULES) — routing by path template, nothing else in between.
 * Prints one JSON line (port and the ids/credentials the load needs) when ready.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { ROUTE_MODULES } from "@/app/api/openapi.json/route-modules";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@/server/auth/api-key";
import { createStaffSession } from "@/server/auth/create-staff-session";
import { signSessionToken } from "@/server/auth/session-token";
import { createBooking } from "@/server/booking/create-booking";
import { transitionBooking } from "@/server/booking/transition-booking";
import { createAndAssignBooking } from "@/server/coordinator/create-and-assign-booking";
import { createRandom } from "@/server/demo/generate-demo-bookings";
import { coordinatorDepsOf } from "@/server/runtime/coordinator-deps-of";
import { getRuntime } from "@/server/runtime/get-runtime";
import { seedLoadVenues } from "@/server/testing/pipeline-test-kit";
import { BENCH_DAY, QUOTE_DAY } from "./bench-api-day";
import { pickParty } from "./pipeline-bench-shared";

const BOOKINGS_ON_THE_DAY = 250;
const PENDING_FOR_QUOTES = 60;

type THandler = (request: Request, second: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES = ROUTE_MODULES.map(({ path, module }) => ({
  module,
  names: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string),
  pattern: new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "([^/]+)")}$`),
}));

function route(pathname: string, method: string): { handler: THandler; params: Record<string, string> } | null {
  for (const { module, names, pattern } of ROUTES) {
    const match = pattern.exec(pathname);
    const handler = module[method] as THandler | undefined;
    if (!match || !handler) continue;
    return { handler, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? "")])) };
  }
  return null;
}

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  const found = route(url.pathname, req.method ?? "GET");
  if (!found) {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const response = await found.handler(new Request(url, { method: req.method, headers, body }), {
    params: Promise.resolve(found.params),
  });
  const out = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
  res.end(out);
}

async function seed() {
  const runtime = await getRuntime();
  const deps = coordinatorDepsOf(runtime);
  const [venue] = await seedLoadVenues(runtime.db, { copies: 1 });
  if (!venue) throw new Error("no venue seeded");
  const random = createRandom(20_271_114);
  const party = () => pickParty(random);
  const at = (day: string) => {
    const minutes = 17 * 60 + Math.floor(random() * 21) * 15;
    return `${day}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  };
  const guest = (i: number) => ({ guestName: `Bench Guest ${i}`, guestEmail: `guest${i}@example.com` });
  const actor = { type: "system" as const, id: "bench-seed" };
  for (let i = 0; i < BOOKINGS_ON_THE_DAY; i++) {
    await createAndAssignBooking(deps, {
      restaurantId: venue.restaurantId,
      actor,
      partySize: party(),
      startsAt: at(BENCH_DAY),
      source: "phone",
      deadlineMs: 10_000,
      ...guest(i),
    });
  }
  // Bookings in manual review (what a host quotes and validates on a busy night), not merely pending: a pending
  // booking younger than a minute is a "stalled earlier booking" whose tables every plan first sets aside.
  const pending: string[] = [];
  for (let i = 0; i < PENDING_FOR_QUOTES; i++) {
    const { body } = await createBooking({
      db: runtime.db,
      restaurantId: venue.restaurantId,
      actor,
      partySize: 2 + (i % 3),
      startsAt: at(QUOTE_DAY),
      source: "phone",
      ...guest(1000 + i),
    });
    await transitionBooking({
      db: runtime.db,
      bookingId: body.bookingId,
      event: { type: "REQUEST_REVIEW", reason: "bench: a host's decision" },
      actor,
      reason: "bench: a host's decision",
    });
    pending.push(body.bookingId);
  }
  const tables = await runtime.db.kysely
    .selectFrom("tables")
    .select(["id", "capacity"])
    .where("restaurant_id", "=", venue.restaurantId)
    .where("active", "=", true)
    .orderBy("label")
    .execute();
  const { key } = generateApiKey();
  await runtime.db.kysely
    .insertInto("api_keys")
    .values({
      restaurant_id: venue.restaurantId,
      name: "bench",
      prefix: apiKeyPrefix(key) as string,
      key_hash: hashApiKey(key),
    })
    .execute();
  const staff = await runtime.db.kysely
    .insertInto("staff_users")
    .values({ email: "bench-owner@example.com", display_name: "Bench Owner", password_hash: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await runtime.db.kysely
    .insertInto("restaurant_memberships")
    .values({ staff_user_id: staff.id, restaurant_id: venue.restaurantId, role: "owner" })
    .execute();
  const session = await createStaffSession(runtime.db.kysely, { staffUserId: staff.id });
  const token = await signSessionToken({ ...session, secret: runtime.env.SESSION_SECRET });
  const statuses = await runtime.db.kysely
    .selectFrom("bookings")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("restaurant_id", "=", venue.restaurantId)
    .groupBy("status")
    .execute();
  return {
    restaurantId: venue.restaurantId,
    tables: venue.tables,
    apiKey: key,
    cookie: `maitre_session=${token}`,
    pending,
    // A table that seats 2–4 for validate (checked, not held, so every call does the full work).
    validateTableIds: tables.filter((t) => t.capacity >= 4).map((t) => t.id),
    statuses: Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)])),
  };
}

async function main() {
  const seeded = await seed();
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      process.stderr.write(`bench server: ${String(error)}\n`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ ready: true, port, ...seeded })}\n`);
  // Exit (not die) on the driver's signal, so a --cpu-prof profile is written.
  process.once("SIGINT", () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
