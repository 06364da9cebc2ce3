import { afterAll, beforeAll, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { expectDomainError, host } from "@/server/assignment/testing/assignment-test-kit";
import { cancelBookingByClient } from "@/server/booking/cancel-booking-by-client";
import { transitionBooking } from "@/server/booking/transition-booking";
import { createAndAssignBooking } from "@/server/coordinator/create-and-assign-booking";
import { readCreateBookingResponse, toCreateBookingResponse } from "@/server/coordinator/create-booking-request";
import { sendBookingNotification, type TNotificationKind } from "@/server/notifications/send-booking-notification";
import { coordinatorDepsOf } from "@/server/runtime/coordinator-deps-of";
import type { TRuntime } from "@/server/runtime/get-runtime";
import { type EveningScenario, seedApiKey, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST } from "../route";
import { DELETE, GET } from "./route";

/**
 * GET and DELETE /api/bookings/{reference} as a booking client calls them: the real route handlers on PGlite and
 * PostgreSQL. Reads show the booking object every response shares; a cancel frees the tables and queues exactly one
 * email however often (and however concurrently) it is sent; another restaurant's booking is indistinguishable
 * from one that does not exist.
 */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const LEAKS =
  /sqlstate|\bselect\b|\binsert\b|\bupdate\b|violates|constraint|plpgsql|\bat .+:\d+:\d+|node_modules|\.ts:\d+/i;

describeEachBackend("GET/DELETE /api/bookings/{reference}", ({ db }) => {
  let venue: EveningScenario;
  let key = "";
  let otherRestaurantKey = "";
  let day = 10;
  let address = 0;
  let runtime: TRuntime;
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    venue = await setupEveningScenario(db());
    const other = await setupEveningScenario(db());
    key = await seedApiKey(db().kysely, { restaurantId: venue.restaurantId });
    otherRestaurantKey = await seedApiKey(db().kysely, { restaurantId: other.restaurantId });
    ({ runtime, uninstall } = await installTestRuntime({
      db: db(),
      env: { RATE_LIMIT_BOOKING_CLIENT_PER_MINUTE: "10000", RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "1000" },
    }));
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const headers = (apiKey: string | null) => ({
    "x-forwarded-for": `198.51.100.${(++address % 250) + 1}`,
    ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
  });
  const call = (method: "GET" | "DELETE", reference: string, apiKey: string | null = key) =>
    (method === "GET" ? GET : DELETE)(
      new Request(`http://localhost/api/bookings/${encodeURIComponent(reference)}`, {
        method,
        headers: headers(apiKey),
      }),
      { params: Promise.resolve({ reference }) },
    );
  /** A booking made through POST /api/bookings (inline assignment: confirmed on a table), each on its own day. */
  const book = async (guestEmail = "guest@example.com") => {
    const response = await POST(
      new Request("http://localhost/api/bookings", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers(key) },
        body: JSON.stringify({
          partySize: 2,
          startsAt: `${inDays(++day)}T19:30`,
          guestName: "Ada Lovelace",
          guestEmail,
        }),
      }),
    );
    expect(response.status).toBe(201);
    const { reference } = (await response.json()) as { reference: string };
    const row = await db()
      .kysely.selectFrom("bookings")
      .select(["id", "status", "starts_at"])
      .where("reference", "=", reference)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("confirmed");
    return { reference, bookingId: row.id, startsAt: new Date(row.starts_at) };
  };
  const allocationsOf = async (bookingId: string) =>
    (await db().kysely.selectFrom("allocations").select("id").where("booking_id", "=", bookingId).execute()).length;
  const notifyJobs = async (bookingId: string, kind: TNotificationKind) =>
    (
      await db().query<{ data: { bookingId: string; kind: TNotificationKind } }>(
        "select data from pgboss.job where name = 'booking.notify' and data->>'bookingId' = $1 and data->>'kind' = $2",
        [bookingId, kind],
      )
    ).rows;
  /** What booking.notify's workers would do with every cancellation job queued for the booking (twice each). */
  const runCancellationJobs = async (bookingId: string) => {
    for (const job of [
      ...(await notifyJobs(bookingId, "booking_cancelled")),
      ...(await notifyJobs(bookingId, "booking_cancelled")),
    ]) {
      await sendBookingNotification({
        db: db(),
        transport: runtime.mail,
        mailFrom: "Maitre <test@maitre.local>",
        bookingId: job.data.bookingId,
        kind: job.data.kind,
      });
    }
    return db()
      .kysely.selectFrom("notifications")
      .select(["kind", "status", "recipient"])
      .where("booking_id", "=", bookingId)
      .where("kind", "=", "booking_cancelled")
      .execute();
  };
  const cancelEvents = async (bookingId: string) =>
    (
      await db()
        .kysely.selectFrom("booking_state_history")
        .select("event")
        .where("booking_id", "=", bookingId)
        .where("event", "=", "CANCEL")
        .execute()
    ).length;

  it("GET shows status, time, party and version, and the tables by name once the booking is placed", async () => {
    const queued = await venue.book({ party: 3, at: "19:00", date: inDays(60) });
    const before = await call("GET", queued.reference);
    expect(before.status).toBe(200);
    expect(before.headers.get("cache-control")).toBe("no-store");
    expect(await before.json()).toEqual({
      id: queued.bookingId,
      reference: queued.reference,
      status: "assignment_pending",
      version: queued.stateVersion,
      startsAt: queued.startsAt,
      endsAt: queued.endsAt,
      partySize: 3,
      guestName: "Test Guest",
      tables: [],
    });
    const tableB = venue.tables.B as string;
    await commitAssignment({
      db: db(),
      restaurantId: venue.restaurantId,
      bookingId: queued.bookingId,
      tableIds: [tableB],
      actor: host,
    });
    const after = await (await call("GET", queued.reference)).json();
    expect(after).toMatchObject({
      status: expect.stringMatching(/^(assigned|confirmed)$/),
      tables: [{ id: tableB, name: "B" }],
    });
    expect(after.version).toBeGreaterThan(queued.stateVersion);
    // A guest may type the reference in lower case.
    expect((await call("GET", queued.reference.toLowerCase())).status).toBe(200);
  });

  it("POST's answer carries the same booking object as GET (the shared mapper), plus the assignment outcome", async () => {
    const result = await createAndAssignBooking(coordinatorDepsOf(runtime), {
      restaurantId: venue.restaurantId,
      actor: { type: "api_key", id: null },
      partySize: 2,
      startsAt: `${inDays(++day)}T19:30`,
      guestName: "Grace Hopper",
      source: "online",
      notBefore: new Date(),
      deadlineMs: 5000,
    });
    const created = await readCreateBookingResponse(db().kysely, result);
    const { assignment, ...booking } = created;
    // Every field POST answered before is still there, with the same values.
    expect(created).toMatchObject(toCreateBookingResponse(result));
    expect(assignment).toEqual({ outcome: "assigned" });
    expect(booking).toMatchObject({
      status: "confirmed",
      tables: [{ id: expect.any(String), name: expect.any(String) }],
    });
    expect(await (await call("GET", created.reference)).json()).toEqual(booking);
  });

  it("answers 404 for an unknown reference and, with the same body, for another restaurant's", async () => {
    const { reference, bookingId } = await book();
    const unknown = await call("GET", "ZZZZ9999");
    const foreign = await call("GET", reference, otherRestaurantKey);
    expect(unknown.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("content-type")).toBe("application/problem+json");
    const strip = ({ instance: _i, requestId: _r, ...rest }: Record<string, unknown>) => rest;
    const [unknownBody, foreignBody] = [await unknown.json(), await foreign.json()];
    expect(strip(foreignBody)).toEqual(strip(unknownBody));
    expect(foreignBody).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(JSON.stringify(foreignBody)).not.toContain(bookingId);
    // Nor may the other restaurant cancel it.
    const cancel = await call("DELETE", reference, otherRestaurantKey);
    expect(cancel.status).toBe(404);
    expect(strip(await cancel.json())).toEqual(strip(unknownBody));
    expect((await (await call("GET", reference)).json()).status).toBe("confirmed");
  });

  it("answers 401 without a key or with a revoked one, and 403 to a key without the scope", async () => {
    const { reference } = await book();
    const revoked = await seedApiKey(db().kysely, { restaurantId: venue.restaurantId, revoked: true });
    const readOnly = await seedApiKey(db().kysely, { restaurantId: venue.restaurantId, scopes: ["bookings:read"] });
    const writeOnly = await seedApiKey(db().kysely, { restaurantId: venue.restaurantId, scopes: ["bookings:write"] });
    for (const method of ["GET", "DELETE"] as const) {
      expect((await call(method, reference, null)).status).toBe(401);
      const gone = await call(method, reference, revoked);
      expect(gone.status).toBe(401);
      expect(await gone.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    }
    const noRead = await call("GET", reference, writeOnly);
    expect(noRead.status).toBe(403);
    expect(await noRead.json()).toMatchObject({ code: "FORBIDDEN", scope: "bookings:read" });
    const noWrite = await call("DELETE", reference, readOnly);
    expect(noWrite.status).toBe(403);
    expect(await noWrite.json()).toMatchObject({ code: "FORBIDDEN", scope: "bookings:write" });
    expect((await call("GET", reference, readOnly)).status).toBe(200);
    expect((await (await call("GET", reference)).json()).status).toBe("confirmed");
  });

  it("DELETE cancels: tables freed, one cancellation email; a second DELETE answers 200 as it is, no second email", async () => {
    const { reference, bookingId } = await book("cancel@example.com");
    expect(await allocationsOf(bookingId)).toBe(1);
    const before = await (await call("GET", reference)).json();
    const response = await call("DELETE", reference);
    expect(response.status).toBe(200);
    const cancelled = await response.json();
    expect(cancelled).toEqual({ ...before, status: "cancelled", version: before.version + 1, tables: [] });
    expect(await allocationsOf(bookingId)).toBe(0);
    expect(await notifyJobs(bookingId, "booking_cancelled")).toHaveLength(1);

    const again = await call("DELETE", reference);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(cancelled);
    expect(await cancelEvents(bookingId)).toBe(1);
    expect(await notifyJobs(bookingId, "booking_cancelled")).toHaveLength(1);
    expect(await runCancellationJobs(bookingId)).toEqual([
      { kind: "booking_cancelled", status: "sent", recipient: "cancel@example.com" },
    ]);
    expect((await call("DELETE", reference)).status).toBe(200);
    expect(await runCancellationJobs(bookingId)).toHaveLength(1);
  });

  it("ten concurrent DELETEs of one booking make one cancellation and one email", async () => {
    const { reference, bookingId } = await book("race@example.com");
    const responses = await Promise.all(Array.from({ length: 10 }, () => call("DELETE", reference)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => `${b.status}@${b.version}`))).toEqual(new Set([`cancelled@${bodies[0].version}`]));
    expect(await cancelEvents(bookingId)).toBe(1);
    expect(await allocationsOf(bookingId)).toBe(0);
    expect(await notifyJobs(bookingId, "booking_cancelled")).toHaveLength(1);
    expect(await runCancellationJobs(bookingId)).toHaveLength(1);
  });

  it("refuses to cancel a checked-in booking with 409 and a hint, changing nothing", async () => {
    const { reference, bookingId, startsAt } = await book();
    await transitionBooking({ db: db(), bookingId, event: { type: "CHECK_IN" }, actor: host, now: startsAt });
    const response = await call("DELETE", reference);
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await response.json();
    expect(problem).toMatchObject({
      code: "INVALID_TRANSITION",
      status: 409,
      hint: expect.stringMatching(/restaurant/),
    });
    // Public fields only: the current status, not the staff's allowed actions.
    expect(problem).not.toHaveProperty("allowedEvents");
    expect((await (await call("GET", reference)).json()).status).toBe("checked_in");
    expect(await allocationsOf(bookingId)).toBe(1);
    expect(await notifyJobs(bookingId, "booking_cancelled")).toHaveLength(0);
  });

  it("refuses to cancel a booking whose time has come (the use case, at an injected clock)", async () => {
    const { reference, bookingId, startsAt } = await book();
    const error = await expectDomainError(
      cancelBookingByClient({
        db: db(),
        enqueue: runtime.queue.enqueue,
        restaurantId: venue.restaurantId,
        reference,
        actor: { type: "api_key", id: null },
        now: new Date(startsAt.getTime() + 60_000),
      }),
      "INVALID_TRANSITION",
    );
    expect(error.meta).toMatchObject({ status: "confirmed", event: "CANCEL" });
    expect(await allocationsOf(bookingId)).toBe(1);
    expect(await cancelEvents(bookingId)).toBe(0);
  });

  it.each([
    ["2 KB of junk", "x".repeat(2048)],
    ["unicode", "ÄÖÜ☃💥"],
    ["SQL-looking text", "' OR 1=1; DROP TABLE bookings;--"],
    ["a NUL", "ABCD\u00001234"],
    ["too short", "AB"],
    ["empty", ""],
  ])("answers a malformed reference (%s) with 400/404 problem+json, writing nothing", async (_, reference) => {
    const count = async (table: "bookings" | "booking_state_history") =>
      Number(
        (
          await db()
            .kysely.selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = [await count("bookings"), await count("booking_state_history")];
    for (const method of ["GET", "DELETE"] as const) {
      const response = await call(method, reference);
      expect([400, 404]).toContain(response.status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const text = await response.text();
      expect(text).not.toMatch(LEAKS);
      // What was sent is not echoed in the explanation (only `instance`, the request's own path, carries it).
      const { detail, hint, errors } = JSON.parse(text);
      if (reference.length > 0) expect(JSON.stringify({ detail, hint, errors })).not.toContain(reference);
    }
    expect([await count("bookings"), await count("booking_state_history")]).toEqual(before);
  });
});
