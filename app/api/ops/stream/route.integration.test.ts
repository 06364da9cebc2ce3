import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { createHold } from "@/server/assignment/create-hold";
import { releaseHold } from "@/server/assignment/release-hold";
import { host as hostActor } from "@/server/assignment/testing/assignment-test-kit";
import { transitionBooking } from "@/server/booking/transition-booking";
import { openDb } from "@/server/infra/db/open-db";
import { readSse, type TSseMessage } from "@/server/live/testing/read-sse";
import { type EveningScenario, seedBooking, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { GET } from "./route";

const KEEP_ALIVE_MS = 150;

/**
 * GET /api/ops/stream through the real handler on PGlite and PostgreSQL: the booking, hold and allocation changes of
 * one restaurant-day arrive as SSE events (and nothing of another restaurant or day), Last-Event-ID replays what a
 * reconnecting dashboard missed, a keep-alive comment flows, an abort ends the stream, 401/404/400 refuse.
 */
describeEachBackend("GET /api/ops/stream", ({ db, kind }) => {
  let venue: EveningScenario;
  let other: EveningScenario;
  let staff: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;
  let day = 0;
  const aborts: AbortController[] = [];
  const nextDate = () => `2027-03-${String(10 + ++day).padStart(2, "0")}`;

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db(), opsEvents: { keepAliveMs: KEEP_ALIVE_MS } });
    uninstall = installed.uninstall;
    venue = await setupEveningScenario(db());
    other = await setupEveningScenario(db());
    staff = await seedStaffMember(db().kysely, {
      secret: installed.runtime.env.SESSION_SECRET,
      memberships: [[venue.restaurantId, "host"]],
    });
  });
  afterAll(async () => {
    for (const controller of aborts) controller.abort();
    await uninstall?.();
  });

  const open = async (date: string, { lastEventId }: { lastEventId?: string } = {}) => {
    const controller = new AbortController();
    aborts.push(controller);
    const request = new Request(
      staffRequest(`/api/ops/stream?restaurantId=${venue.restaurantId}&date=${date}`, {
        staff,
        headers: lastEventId ? { "last-event-id": lastEventId } : {},
      }),
      { signal: controller.signal },
    );
    const response = await GET(request);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const sse = readSse(response.body as ReadableStream<Uint8Array>);
    // The stream starts with a bare id: its position, what EventSource sends back as Last-Event-ID.
    const { message: position } = await sse.waitFor((m) => m.id !== undefined && m.data === undefined);
    return { sse, controller, position: position.id as string };
  };
  const dataOf = (message: TSseMessage) => JSON.parse(message.data ?? "null") as Record<string, unknown>;
  const isEvent = (event: string, bookingId: string, change: string) => (m: TSseMessage) =>
    m.event === event && dataOf(m).bookingId === bookingId && dataOf(m).change === change;
  const bookingIdsIn = (messages: TSseMessage[]) => messages.filter((m) => m.data).map((m) => dataOf(m).bookingId);

  it("streams a booking's creation, assignment and cancellation of that day, and nothing of another restaurant or day", async () => {
    const date = nextDate();
    const { sse } = await open(date);
    const booking = await venue.book({ party: 2, at: "19:00", date });
    const created = await sse.waitFor(isEvent("booking", booking.bookingId, "created"));
    expect(created.message.id).toBe(String(dataOf(created.message).id));
    expect(dataOf(created.message)).toEqual({
      id: Number(created.message.id),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      version: 0,
      change: "created",
    });

    const foreign = await other.book({ party: 2, at: "19:00", date });
    const nextDay = await venue.book({ party: 2, at: "19:00", date: nextDate() });
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      tableIds: [venue.tables.A as string],
      actor: hostActor,
    });
    await sse.waitFor(isEvent("allocation", booking.bookingId, "assigned"));
    const now = await db()
      .kysely.selectFrom("bookings")
      .select(["status", "state_version"])
      .where("id", "=", booking.bookingId)
      .executeTakeFirstOrThrow();
    // The booking's new status and version (what a dashboard compares with the version it has).
    const { message: moved } = await sse.waitFor(isEvent("booking", booking.bookingId, now.status));
    expect(dataOf(moved).version).toBe(now.state_version);

    await transitionBooking({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      event: { type: "CANCEL" },
      actor: hostActor,
    });
    const cancelled = await sse.waitFor(isEvent("booking", booking.bookingId, "cancelled"));
    await sse.waitFor(isEvent("allocation", booking.bookingId, "unassigned"));
    expect(dataOf(cancelled.message).version).toBeGreaterThan(0);
    const seen = bookingIdsIn(sse.received);
    expect(seen).not.toContain(foreign.bookingId);
    expect(seen).not.toContain(nextDay.bookingId);
    expect(new Set(seen)).toEqual(new Set([booking.bookingId]));
  });

  it("streams hold and allocation events when tables are held and the hold is released", async () => {
    const date = nextDate();
    const booking = await venue.book({ party: 3, at: "20:00", date });
    const { sse } = await open(date);
    const hold = await createHold({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: booking.bookingId,
      tableIds: [venue.tables.B as string],
      actor: hostActor,
    });
    const held = await sse.waitFor(isEvent("hold", booking.bookingId, "created"));
    expect(dataOf(held.message)).toMatchObject({ restaurantId: venue.restaurantId, version: expect.any(Number) });
    await sse.waitFor(isEvent("allocation", booking.bookingId, "held"));
    await releaseHold({ db: db(), restaurantId: venue.restaurantId, holdId: hold.body.holdId, actor: hostActor });
    await sse.waitFor(isEvent("hold", booking.bookingId, "deleted"));
    await sse.waitFor(isEvent("allocation", booking.bookingId, "released"));
  });

  it("replays the events a reconnecting client missed after its Last-Event-ID, then goes on live", async () => {
    const date = nextDate();
    const first = await open(date);
    first.controller.abort();
    await first.sse.ended;
    const missed = await venue.book({ party: 2, at: "18:00", date });
    await other.book({ party: 2, at: "18:00", date });

    const again = await open(date, { lastEventId: first.position });
    const replayed = await again.sse.waitFor(isEvent("booking", missed.bookingId, "created"));
    expect(Number(replayed.message.id)).toBeGreaterThan(Number(first.position));
    const live = await venue.book({ party: 2, at: "21:00", date });
    await again.sse.waitFor(isEvent("booking", live.bookingId, "created"));
    // Replayed once, not again live.
    expect(again.sse.received.filter(isEvent("booking", missed.bookingId, "created"))).toHaveLength(1);
  });

  it("tells both days when a booking moves to another day", async () => {
    const [from, to] = [nextDate(), nextDate()];
    const booking = await venue.book({ party: 2, at: "19:00", date: from });
    const oldDay = await open(from);
    const newDay = await open(to);
    await sql`update bookings set starts_at = starts_at + interval '1 day', ends_at = ends_at + interval '1 day'
      where id = ${booking.bookingId}`.execute(db().kysely);
    await oldDay.sse.waitFor(isEvent("booking", booking.bookingId, "updated"));
    await newDay.sse.waitFor(isEvent("booking", booking.bookingId, "updated"));
  });

  // PostgreSQL-only behaviour (other processes, restarts) is not defined on PGlite at all, rather than skipped.
  const onPostgres = (name: string, test: () => Promise<void>) => {
    if (kind === "postgres") it(name, test);
  };

  onPostgres("delivers an event whose transaction commits after a later one", async () => {
    const date = nextDate();
    const { sse } = await open(date);
    const [slowId, fastId] = [randomUUID(), randomUUID()];
    const event = (bookingId: string) => ({
      restaurant_id: venue.restaurantId,
      kind: "booking" as const,
      booking_id: bookingId,
      change: "updated",
      starts_at: `${date}T19:00:00Z`,
    });
    let inserted!: () => void;
    let commit!: () => void;
    const insertedSlow = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const slow = db().transaction(async (tx) => {
      await tx.insertInto("ops_events").values(event(slowId)).execute();
      inserted();
      await new Promise<void>((resolve) => {
        commit = resolve;
      });
    });
    await insertedSlow;
    // A later id, committed first: the tail passes the slow one's id and must come back for it.
    await db().kysely.insertInto("ops_events").values(event(fastId)).execute();
    await sse.waitFor(isEvent("booking", fastId, "updated"));
    commit();
    await slow;
    const { message } = await sse.waitFor(isEvent("booking", slowId, "updated"));
    expect(Number(message.id)).toBeLessThan(Number(sse.received.find(isEvent("booking", fastId, "updated"))?.id));
  });

  it("tells a client whose Last-Event-ID is outside the replay window to refetch (resync)", async () => {
    const { sse } = await open(nextDate(), { lastEventId: "987654321" });
    const { message } = await sse.waitFor((m) => m.event === "resync");
    expect(dataOf(message)).toEqual({ reason: "replay_window" });
  });

  it("writes a keep-alive comment at the hub's interval", async () => {
    const { sse } = await open(nextDate());
    const started = Date.now();
    await sse.waitFor((m) => m.comment === "keep-alive", 3_000);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("ends the stream cleanly when the client aborts", async () => {
    const date = nextDate();
    const { sse, controller } = await open(date);
    controller.abort();
    await expect(sse.ended).resolves.toBeUndefined();
    // The subscription is gone: later changes reach nobody, and nothing throws.
    await venue.book({ party: 2, at: "19:00", date });
  });

  onPostgres("delivers a change made by another process (another connection pool)", async () => {
    const date = nextDate();
    const { sse } = await open(date);
    const elsewhere = await openDb({ kind: "postgres", url: db().url as string, poolMax: 2 });
    try {
      const booking = await seedBooking(elsewhere, { restaurantId: venue.restaurantId, startsAt: `${date}T19:30` });
      await sse.waitFor(isEvent("booking", booking.bookingId, "created"));
    } finally {
      await elsewhere.close();
    }
  });

  onPostgres("keeps streaming after the database cuts every connection (restart)", async () => {
    const date = nextDate();
    const { sse } = await open(date);
    const cut = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`.execute(db().kysely);
    expect(cut.rows[0]?.n).toBeGreaterThan(0);
    // The pool drops the dead sessions and reconnects; the hub's next read succeeds again.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await venue.book({ party: 2, at: "19:45", date });
    await sse.waitFor(isEvent("booking", after.bookingId, "created"));
  });

  it("answers 401 without a session, 404 for a restaurant the caller is not a member of, 400 for a bad date", async () => {
    const path = (restaurantId: string, date = "2027-03-05") =>
      `/api/ops/stream?restaurantId=${restaurantId}&date=${date}`;
    const anonymous = await GET(staffRequest(path(venue.restaurantId), { staff: null }));
    expect(anonymous.status).toBe(401);
    const foreign = await GET(staffRequest(path(other.restaurantId), { staff }));
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("content-type")).toContain("application/problem+json");
    const missing = await GET(staffRequest(path("00000000-0000-4000-8000-000000000000"), { staff }));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "NOT_FOUND" });
    const badDate = await GET(staffRequest(path(venue.restaurantId, "2027-02-30"), { staff }));
    expect(badDate.status).toBe(400);
  });
});
