import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_API_KEYS, DEMO_PASSWORD } from "@/server/demo/demo-credentials";
import { openDb } from "@/server/infra/db/open-db";

/**
 * The README's first promise, checked for real: `npm run dev` with no environment serves the app on the
 * embedded database with migrations and demo data applied, and a restart keeps the data (no re-seed).
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = 3400 + (process.pid % 500);
const dataDir = mkdtempSync(path.join(os.tmpdir(), "maitre-boot-"));
let server: ChildProcess | undefined;

async function startDev(): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, "node_modules/.bin/next"), ["dev", "--port", String(PORT)], {
    cwd: ROOT,
    env: {
      NODE_ENV: "development",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      NEXT_DIST_DIR: ".next-smoke",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next dev exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${PORT}/api/health`);
      if (response.status === 200) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill("SIGKILL");
  throw new Error(`next dev did not become healthy within 120 s:\n${output}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGINT");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** POST /api/bookings as a guest's booking client would call it, with the README's demo API key. */
async function bookThroughTheApi(): Promise<void> {
  const url = `http://127.0.0.1:${PORT}/api/bookings`;
  const key = DEMO_API_KEYS["lumiere-london"] as string;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
      body: JSON.stringify(body),
    });
  const request = {
    partySize: 4,
    startsAt: "2027-06-11T19:30",
    guestName: "Grace Hopper",
    guestEmail: "grace@example.com",
  };

  const created = await post(request, { "idempotency-key": "e2e-booking-0001" });
  expect(created.status).toBe(201);
  const booking = await created.json();
  // Confirmed on tables when the inline assignment made its deadline (the demo seed may still be running on the
  // one embedded database), else queued for the job: either way the booking stands.
  expect(booking).toMatchObject({ partySize: 4, startsAt: "2027-06-11T18:30:00.000Z", guestName: "Grace Hopper" });
  expect(booking.reference).toMatch(/^[A-Z0-9]{8}$/);
  expect(["confirmed", "assignment_pending", "assignment_in_progress"]).toContain(booking.status);

  // The client retries the same request (a timeout on its side): the same booking, not a second one.
  const replayed = await post(request, { "idempotency-key": "e2e-booking-0001" });
  expect(replayed.status).toBe(200);
  expect((await replayed.json()).reference).toBe(booking.reference);

  // No key, and an invalid body: the key is checked first, so the answer is 401 whatever the body says.
  const anonymous = await fetch(url, { method: "POST", body: JSON.stringify({ ...request, partySize: 0 }) });
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get("content-type")).toContain("application/problem+json");
  expect(await anonymous.json()).toMatchObject({ code: "UNAUTHENTICATED", hint: expect.stringContaining("Bearer") });

  const invalid = await post({ ...request, partySize: 0, guestName: "" });
  expect(invalid.status).toBe(400);
  const problem = await invalid.json();
  expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(["body.guestName", "body.partySize"]);

  const past = await post({ ...request, startsAt: "2020-01-03T19:30" });
  expect(past.status).toBe(400);
  expect(await past.json()).toMatchObject({ errors: [{ path: "startsAt" }] });

  const closed = await post({ ...request, startsAt: "2027-06-11T16:00" });
  expect(closed.status).toBe(422);
  expect(await closed.json()).toMatchObject({ code: "OUTSIDE_SERVICE", hint: expect.stringContaining("Dinner") });
}

/**
 * A host's evening over real HTTP (next dev, proxy.ts, real cookies): sign in as the demo manager, see the
 * restaurants, list a day, quote a phone booking and confirm the held tables, then sign out — and the same calls
 * without the cookie or from another origin are refused. Also the public API reference and error pages.
 */
async function staffThroughTheApi(): Promise<void> {
  const base = `http://127.0.0.1:${PORT}`;
  const origin = { origin: base };
  const signIn = await fetch(`${base}/api/auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json", ...origin },
    body: JSON.stringify({ email: "manager@maitre.demo", password: DEMO_PASSWORD }),
  });
  expect(signIn.status).toBe(204);
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] as string;
  expect(cookie).toMatch(/^maitre_session=/);
  const staff = { cookie, ...origin, "content-type": "application/json" };

  const session = await (await fetch(`${base}/api/auth/session`, { headers: { cookie } })).json();
  const lumiere = session.memberships.find((m: { slug: string }) => m.slug === "lumiere-london");
  expect(lumiere).toMatchObject({ role: "manager", timezone: "Europe/London" });

  const walkIn = await fetch(`${base}/api/ops/bookings`, {
    method: "POST",
    headers: { ...staff, "idempotency-key": "e2e-phone-0001" },
    body: JSON.stringify({
      restaurantId: lumiere.restaurantId,
      startsAt: "2027-06-12T20:00",
      partySize: 2,
      guestName: "Ada Lovelace",
      source: "phone",
    }),
  });
  expect(walkIn.status).toBe(201);
  const phone = await walkIn.json();
  expect(phone).toMatchObject({ partySize: 2, guestName: "Ada Lovelace", version: expect.any(Number) });

  const list = await fetch(`${base}/api/ops/bookings?restaurantId=${lumiere.restaurantId}&date=2027-06-12`, {
    headers: { cookie },
  });
  expect(list.status).toBe(200);
  expect((await list.json()).items.map((b: { id: string }) => b.id)).toContain(phone.id);

  if (phone.tables.length > 0) {
    // Seated inline: check its tables through the manual flow (every check passes for its own tables).
    const validate = await fetch(`${base}/api/staff/manual/validate`, {
      method: "POST",
      headers: staff,
      body: JSON.stringify({ bookingId: phone.id, tableIds: phone.tables.map((t: { id: string }) => t.id) }),
    });
    expect(validate.status, await validate.clone().text()).toBe(200);
    expect((await validate.json()).checks.length).toBeGreaterThan(5);
  } else {
    // Not placed yet (the demo seed may still be busy): quote the best tables and confirm the hold.
    const quote = await fetch(`${base}/api/staff/auto/quote`, {
      method: "POST",
      headers: staff,
      body: JSON.stringify({ bookingId: phone.id }),
    });
    expect(quote.status, await quote.clone().text()).toBe(200);
    const { hold } = await quote.json();
    expect(hold).not.toBeNull();
    const confirmed = await fetch(`${base}/api/staff/auto/confirm`, {
      method: "POST",
      headers: { ...staff, "idempotency-key": "e2e-confirm-0001" },
      body: JSON.stringify({ bookingId: phone.id, holdId: hold.id }),
    });
    expect([201, 410], await confirmed.clone().text()).toContain(confirmed.status);
  }

  const noCookie = await fetch(`${base}/api/ops/bookings?restaurantId=${lumiere.restaurantId}&date=2027-06-12`);
  expect(noCookie.status).toBe(401);
  const crossSite = await fetch(`${base}/api/staff/auto/quote`, {
    method: "POST",
    headers: { ...staff, origin: "https://evil.example" },
    body: JSON.stringify({ bookingId: phone.id }),
  });
  expect(crossSite.status).toBe(403);

  const openapi = await (await fetch(`${base}/api/openapi.json`)).json();
  expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(["/api/staff/manual/hold", "/api/ops/stream"]));
  expect(await (await fetch(`${base}/docs/errors`)).text()).toContain("STALE_VERSION");

  const signOut = await fetch(`${base}/api/auth/session`, { method: "DELETE", headers: { cookie, ...origin } });
  expect(signOut.status).toBe(204);
  expect((await fetch(`${base}/api/auth/session`, { headers: { cookie } })).status).toBe(401);
}

async function countRows(): Promise<{ restaurants: string[]; bookings: number }> {
  const db = await openDb({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
  try {
    const restaurants = await db.kysely.selectFrom("restaurants").select("id").orderBy("id").execute();
    const bookings = await db.kysely
      .selectFrom("bookings")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return { restaurants: restaurants.map((r) => r.id), bookings: Number(bookings.n) };
  } finally {
    await db.close();
  }
}

afterAll(async () => {
  if (server) await stop(server);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run dev on a fresh machine", { timeout: 300_000 }, () => {
  it("serves /api/health and the home page on the embedded database, and a restart keeps the data", async () => {
    server = await startDev();
    const health = await (await fetch(`http://127.0.0.1:${PORT}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", database: { kind: "pglite", reachable: true } });
    expect(health.database.migrations.applied).toBe(health.database.migrations.available);
    const home = await (await fetch(`http://127.0.0.1:${PORT}/`)).text();
    expect(home).toContain("Bistro Lumière");
    expect(home).toContain("owner@maitre.demo");
    await bookThroughTheApi();
    await staffThroughTheApi();
    await stop(server);

    const first = await countRows();
    expect(first.restaurants).toHaveLength(2);

    server = await startDev();
    await stop(server);
    expect(await countRows()).toEqual(first);
  });
});
