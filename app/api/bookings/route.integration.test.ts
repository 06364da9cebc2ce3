import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_API_KEYS } from "@/server/demo/demo-credentials";
import { seedApiKey, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST } from "./route";

/**
 * POST /api/bookings as a booking client calls it: the real route handler on PGlite and PostgreSQL, with the
 * cracks found by trying it (NUL characters, five-digit years, no horizon, demo keys in production, partial replay
 * comparison, unbounded bodies, unthrottled failed authentication, restaurant-wide idempotency keys) closed.
 */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const SOON = `${inDays(20)}T19:30`;

// Nothing in any answer may come from the database's or the runtime's insides.
const LEAKS =
  /sqlstate|\bselect\b|\binsert\b|\bupdate\b|violates|constraint|plpgsql|\bat .+:\d+:\d+|node_modules|\.ts:\d+/i;

describeEachBackend("POST /api/bookings", ({ db }) => {
  let restaurantId = "";
  let key = "";
  let otherKey = "";
  let address = 0;
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ restaurantId } = await setupEveningScenario(db(), {
      tables: [
        { label: "A", capacity: 4 },
        { label: "B", capacity: 4 },
        { label: "C", capacity: 2 },
      ],
    }));
    key = await seedApiKey(db().kysely, { restaurantId });
    otherKey = await seedApiKey(db().kysely, { restaurantId });
    ({ uninstall } = await installTestRuntime({ db: db(), env: { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "3" } }));
  });
  afterAll(async () => {
    await uninstall?.();
  });

  // Each case comes from its own client address, so the failed-authentication budget is per case.
  const post = (
    body: unknown,
    { apiKey = key, idempotencyKey, from }: { apiKey?: string | null; idempotencyKey?: string; from?: string } = {},
  ) =>
    POST(
      new Request("http://localhost/api/bookings", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-forwarded-for": from ?? `198.51.100.${++address}`,
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
          ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
        },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
  const booking = (extra: Record<string, unknown> = {}) => ({
    partySize: 2,
    startsAt: SOON,
    guestName: "Ada Lovelace",
    guestEmail: "ada@example.com",
    ...extra,
  });
  const bookingCount = async () =>
    Number(
      (
        await db()
          .kysely.selectFrom("bookings")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("restaurant_id", "=", restaurantId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it.each([
    ["NUL in guestName", { guestName: "Ada\u0000Lovelace" }, "body.guestName"],
    ["NUL in guestPhone", { guestPhone: "+44 20\u0000 7946 0000" }, "body.guestPhone"],
    ["NUL in notes", { notes: "window seat\u0000please" }, "body.notes"],
    ["a bell in notes", { notes: "ring \u0007 twice" }, "body.notes"],
    ["a line break in guestName", { guestName: "Ada\nLovelace" }, "body.guestName"],
    ["a lone surrogate in notes", { notes: "broken \ud800 text" }, "body.notes"],
    ["a five-digit year", { startsAt: "+010000-06-12T19:30:00+01:00" }, "body.startsAt"],
    ["a year before 2000", { startsAt: "1999-06-12T19:30:00Z" }, "startsAt"],
  ])("refuses %s with 400 naming the field, and stores nothing", async (_, extra, path) => {
    const before = await bookingCount();
    const response = await post(booking(extra));
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(JSON.parse(text)).toMatchObject({ code: "VALIDATION_FAILED", errors: [expect.objectContaining({ path })] });
    expect(text).not.toMatch(LEAKS);
    expect(await bookingCount()).toBe(before);
  });

  it("keeps tabs and line breaks in notes (a guest may write two lines)", async () => {
    const response = await post(booking({ notes: "Anniversary.\n\tCake at 21:00, please." }));
    expect(response.status).toBe(201);
  });

  it("refuses a start beyond the restaurant's booking horizon with 422 and the last bookable date in the hint", async () => {
    const far = await post(booking({ startsAt: "2200-06-12T19:30" }));
    expect(far.status).toBe(422);
    const problem = await far.json();
    expect(problem).toMatchObject({ code: "BEYOND_BOOKING_HORIZON", horizonDays: 365 });
    expect(problem.hint).toContain(problem.lastBookableDate);
    // The horizon is the restaurant's setting; changing it takes effect at once (the cached rules are versioned).
    await db()
      .kysely.updateTable("restaurants")
      .set({ booking_horizon_days: 30 })
      .where("id", "=", restaurantId)
      .execute();
    try {
      const in40 = await post(booking({ startsAt: `${inDays(40)}T19:30` }));
      expect(in40.status).toBe(422);
      expect(await in40.json()).toMatchObject({ code: "BEYOND_BOOKING_HORIZON", horizonDays: 30 });
      expect((await post(booking({ startsAt: `${inDays(25)}T19:30` }))).status).toBe(201);
    } finally {
      await db()
        .kysely.updateTable("restaurants")
        .set({ booking_horizon_days: 365 })
        .where("id", "=", restaurantId)
        .execute();
    }
  });

  it("answers a replay with the first booking, and the same key with different notes or zone with 422", async () => {
    const first = await post(booking({ notes: "by the window" }), { idempotencyKey: "replay-check-0001" });
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const { reference } = firstBody;
    const again = await post(booking({ notes: "by the window" }), { idempotencyKey: "replay-check-0001" });
    expect(again.status).toBe(200);
    // The same body as the first answer (the booking has not moved on in between).
    expect(await again.json()).toEqual(firstBody);
    const changedNotes = await post(booking({ notes: "near the kitchen" }), { idempotencyKey: "replay-check-0001" });
    expect(changedNotes.status).toBe(422);
    expect(await changedNotes.json()).toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
      reference,
      errors: [{ path: "notes", message: expect.any(String) }],
    });
    const zone = await db().kysely.selectFrom("zones").select("id").where("restaurant_id", "=", restaurantId).execute();
    const changedZone = await post(booking({ notes: "by the window", preferredZoneId: zone[0]?.id }), {
      idempotencyKey: "replay-check-0001",
    });
    expect(changedZone.status).toBe(422);
  });

  it("scopes idempotency keys per API key: two clients using one key get two bookings, neither sees the other", async () => {
    const mine = await post(booking({ guestName: "Client One" }), { idempotencyKey: "order-00000001" });
    const theirs = await post(booking({ guestName: "Client Two" }), {
      apiKey: otherKey,
      idempotencyKey: "order-00000001",
    });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    const [a, b] = [await mine.json(), await theirs.json()];
    expect(a.reference).not.toBe(b.reference);
    expect(b.guestName).toBe("Client Two");
  });

  it("refuses a body over 64 KB with 413 before parsing it, storing nothing", async () => {
    const before = await bookingCount();
    const response = await post(booking({ notes: "x".repeat(70_000) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE", limitBytes: 65_536 });
    expect(await bookingCount()).toBe(before);
  });

  it("throttles failed authentication per client address, before looking at the key", async () => {
    const from = "192.0.2.77";
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await post(booking(), { apiKey: `mt_deadbeef_${"x".repeat(20)}${i}`, from })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Blocked: even the right key is not checked from this address until the window passes…
    const blocked = await post(booking(), { from });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // …while other addresses are unaffected.
    expect((await post(booking(), { from: "192.0.2.78" })).status).toBe(201);
  });

  it("publishes no SQL state, SQL text or stack in any refusal", async () => {
    const answers = await Promise.all([
      post("{not json"),
      post(booking({ partySize: 0 })),
      post(booking({ partySize: 40 })),
      post(booking({ startsAt: `${inDays(20)}T03:00` })),
      post(booking({ preferredZoneId: "00000000-0000-4000-8000-000000000000" })),
      post(booking(), { apiKey: null }),
    ]);
    for (const response of answers) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      const text = await response.text();
      expect(text).not.toMatch(LEAKS);
      expect(Object.keys(JSON.parse(text))).not.toContain("stack");
    }
  });
});

describeEachBackend("POST /api/bookings in production", ({ db }) => {
  let uninstall: (() => Promise<void>) | undefined;
  let demoKey = "";
  beforeAll(async () => {
    const { restaurantId } = await setupEveningScenario(db());
    demoKey = await seedApiKey(db().kysely, { restaurantId, key: DEMO_API_KEYS["lumiere-london"] });
    ({ uninstall } = await installTestRuntime({
      db: db(),
      env: { NODE_ENV: "production", SESSION_SECRET: "a-production-secret-of-at-least-32-characters" },
    }));
  });
  afterAll(async () => {
    await uninstall?.();
  });

  it("refuses the public demo API key even when the database holds it", async () => {
    const response = await POST(
      new Request("http://localhost/api/bookings", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${demoKey}` },
        body: JSON.stringify({ partySize: 2, startsAt: SOON, guestName: "Mallory" }),
      }),
    );
    expect(response.status).toBe(401);
    expect((await response.json()).detail).toMatch(/demo/);
  });
});
