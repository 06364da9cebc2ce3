import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookingState, historyOf } from "@/server/assignment/testing/assignment-test-kit";
import {
  nextTestDate,
  seedPlacedBooking,
  startBookingIn,
  writeFingerprint,
} from "@/server/coordinator/testing/ops-booking-test-kit";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { jobsFor } from "@/server/testing/pipeline-test-kit";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST } from "./route";

/**
 * POST /api/ops/bookings/{id}/transitions through the real handler on both backends: every staff event's happy
 * path, the role rule (403), the machine's refusals with WHEN the event becomes possible, compare-and-set
 * (STALE_VERSION with the booking as it is now; two racing check-ins give one), and auth — and every refusal
 * leaves the database as it was.
 */
describeEachBackend("POST /api/ops/bookings/{id}/transitions", ({ db }) => {
  let venue: EveningScenario;
  let host: TTestStaff;
  let manager: TTestStaff;
  let stranger: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    const secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    const other = await setupEveningScenario(db());
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    manager = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    stranger = await seedStaffMember(db().kysely, { secret, memberships: [[other.restaurantId, "owner"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const send = (
    bookingId: string,
    body: unknown,
    { staff = host as TTestStaff | null, origin }: { staff?: TTestStaff | null; origin?: string | null } = {},
  ) =>
    POST(
      staffRequest(`/api/ops/bookings/${bookingId}/transitions`, { method: "POST", staff, body, origin }),
      routeParams({ id: bookingId }),
    );
  const placed = (tables = ["A"]) => seedPlacedBooking(db(), { venue, tables });

  describe("each event", () => {
    it("check_in then complete: the booking object, its tables and the events allowed next", async () => {
      const booking = await placed(["B"]);
      await startBookingIn(db().kysely, booking.id, 10);
      const checkIn = await send(booking.id, { event: "check_in", expectedVersion: booking.version });
      expect(checkIn.status).toBe(200);
      const seated = await checkIn.json();
      expect(seated).toMatchObject({
        id: booking.id,
        reference: booking.reference,
        status: "checked_in",
        version: booking.version + 1,
        partySize: 2,
        tables: [{ id: venue.tables.B, name: "B" }],
        allowedEvents: ["complete"],
      });
      expect(typeof seated.startsAt).toBe("string");
      expect(typeof seated.endsAt).toBe("string");

      const complete = await send(booking.id, { event: "complete", expectedVersion: seated.version });
      expect(complete.status).toBe(200);
      expect(await complete.json()).toMatchObject({ status: "completed", allowedEvents: [] });
      expect((await historyOf(db().kysely, booking.id)).slice(-2)).toMatchObject([
        { event: "CHECK_IN", actor_type: "staff", actor_id: host.id },
        { event: "COMPLETE", actor_type: "staff", actor_id: host.id },
      ]);
    });

    it("cancel frees the tables and queues the guest's email with the change", async () => {
      const booking = await placed();
      const response = await send(booking.id, {
        event: "cancel",
        expectedVersion: booking.version,
        reason: "guest phoned",
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "cancelled", tables: [], allowedEvents: [] });
      expect((await historyOf(db().kysely, booking.id)).at(-1)).toMatchObject({
        event: "CANCEL",
        reason: "guest phoned",
      });
      expect(await jobsFor(db(), "booking.notify", booking.id)).toHaveLength(1);
    });

    it("no_show once the booking has started; only a manager undoes it (host 403, nothing written)", async () => {
      const booking = await placed(["C"]);
      await startBookingIn(db().kysely, booking.id, -20);
      const noShow = await send(booking.id, { event: "no_show", expectedVersion: booking.version });
      expect(noShow.status).toBe(200);
      const marked = await noShow.json();
      expect(marked).toMatchObject({ status: "no_show", allowedEvents: [] });

      const before = await writeFingerprint(db().kysely);
      const byHost = await send(booking.id, { event: "undo_no_show", expectedVersion: marked.version });
      expect(byHost.status).toBe(403);
      expect(await byHost.json()).toMatchObject({ code: "FORBIDDEN", role: "manager", roles: ["manager", "owner"] });
      expect(await writeFingerprint(db().kysely)).toEqual(before);

      const byManager = await send(
        booking.id,
        { event: "undo_no_show", expectedVersion: marked.version },
        { staff: manager },
      );
      expect(byManager.status).toBe(200);
      expect(await byManager.json()).toMatchObject({ status: "confirmed", version: marked.version + 1 });
    });

    it("request_review (of a booking waiting for tables) keeps the reason; a manager sends it back", async () => {
      const waiting = await venue.book({ party: 2, at: "20:00", date: nextTestDate() });
      const booking = {
        id: waiting.bookingId,
        version: (await bookingState(db().kysely, waiting.bookingId)).state_version,
      };
      const review = await send(booking.id, {
        event: "request_review",
        expectedVersion: booking.version,
        reason: "VIP: owner seats them",
      });
      expect(review.status).toBe(200);
      const inReview = await review.json();
      expect(inReview).toMatchObject({ status: "manual_review", tables: [] });
      expect(await bookingState(db().kysely, booking.id)).toMatchObject({ review_reason: "VIP: owner seats them" });

      // Leaving review is a manager's call: the host is told so (403), not that the state forbids it.
      const before = await writeFingerprint(db().kysely);
      for (const event of ["retry_assignment", "cancel"]) {
        const refused = await send(booking.id, { event, expectedVersion: inReview.version });
        expect(refused.status, event).toBe(403);
      }
      expect(await writeFingerprint(db().kysely)).toEqual(before);

      const retry = await send(
        booking.id,
        { event: "retry_assignment", expectedVersion: inReview.version },
        { staff: manager },
      );
      expect(retry.status).toBe(200);
      expect(await retry.json()).toMatchObject({ status: "assignment_pending" });
      expect(await jobsFor(db(), "booking.assign", booking.id)).not.toHaveLength(0);
    });

    it("confirm (manager) moves an assigned booking to confirmed", async () => {
      const booking = await placed();
      const response = await send(
        booking.id,
        { event: "confirm", expectedVersion: booking.version },
        { staff: manager },
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: "confirmed",
        // Check-in and no-show open nearer the time; review is only for bookings still waiting for tables.
        allowedEvents: ["cancel"],
      });
    });
  });

  describe("refusals", () => {
    it("check-in too early: 409 INVALID_TRANSITION saying when it opens (restaurant time), possibleFrom in meta", async () => {
      const booking = await placed();
      const before = await writeFingerprint(db().kysely);
      const response = await send(booking.id, { event: "check_in", expectedVersion: booking.version });
      expect(response.status).toBe(409);
      const problem = await response.json();
      // 19:00 in London (GMT in early March), check-in lead 60 minutes.
      expect(problem).toMatchObject({
        code: "INVALID_TRANSITION",
        event: "check_in",
        possibleFrom: `${booking.startsAt.slice(0, 10)}T18:00:00.000Z`,
      });
      expect(problem.hint).toBe(
        `Check-in opens at 18:00 on ${booking.startsAt.slice(0, 10)} (restaurant time), 60 minutes before the booking`,
      );
      expect(problem.allowedEvents).toEqual(["cancel"]);
      expect(await writeFingerprint(db().kysely)).toEqual(before);
    });

    it("a same-day check-in or no-show that is too early names the time alone", async () => {
      const booking = await placed();
      const startsAt = await startBookingIn(db().kysely, booking.id, 180);
      const checkIn = await (await send(booking.id, { event: "check_in", expectedVersion: booking.version })).json();
      expect(checkIn.possibleFrom).toBe(new Date(startsAt.getTime() - 60 * 60_000).toISOString());
      expect(checkIn.hint).toMatch(
        /^Check-in opens at \d\d:\d\d( on \d{4}-\d\d-\d\d)? \(restaurant time\), 60 minutes/,
      );
      const noShow = await (await send(booking.id, { event: "no_show", expectedVersion: booking.version })).json();
      expect(noShow).toMatchObject({ code: "INVALID_TRANSITION", possibleFrom: startsAt.toISOString() });
      expect(noShow.hint).toMatch(
        /^A no-show can be marked from \d\d:\d\d.* \(restaurant time\), when the booking starts$/,
      );
    });

    it("an event the state never allows lists what is allowed now, without possibleFrom", async () => {
      const booking = await placed();
      const response = await send(booking.id, { event: "complete", expectedVersion: booking.version });
      expect(response.status).toBe(409);
      const problem = await response.json();
      expect(problem.possibleFrom).toBeUndefined();
      expect(problem.hint).toMatch(/^Allowed now: .*cancel/);
    });

    it("a moved version is 409 STALE_VERSION carrying the booking as it is now", async () => {
      const booking = await placed();
      const before = await writeFingerprint(db().kysely);
      const response = await send(booking.id, { event: "cancel", expectedVersion: booking.version - 1 });
      expect(response.status).toBe(409);
      const problem = await response.json();
      expect(problem).toMatchObject({
        code: "STALE_VERSION",
        currentVersion: booking.version,
        expectedVersion: booking.version - 1,
        current: {
          id: booking.id,
          reference: booking.reference,
          status: "assigned",
          version: booking.version,
          tables: [{ id: venue.tables.A, name: "A" }],
        },
      });
      expect(problem.current.allowedEvents).toContain("cancel");
      expect(await writeFingerprint(db().kysely)).toEqual(before);
    });

    it("two check-ins racing with the same version: one 200, one 409, one history row", async () => {
      const booking = await placed(["D"]);
      await startBookingIn(db().kysely, booking.id, 5);
      const responses = await Promise.all(
        [host, manager].map((staff) =>
          send(booking.id, { event: "check_in", expectedVersion: booking.version }, { staff }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const refused = await responses.find((r) => r.status === 409)?.json();
      expect(refused).toMatchObject({ code: "STALE_VERSION", current: { status: "checked_in" } });
      const checkIns = (await historyOf(db().kysely, booking.id)).filter((h) => h.event === "CHECK_IN");
      expect(checkIns).toHaveLength(1);
    });

    it("system-only and unknown events, and bad versions, are 400 with nothing written", async () => {
      const booking = await placed();
      const before = await writeFingerprint(db().kysely);
      for (const body of [
        { event: "ASSIGNMENT_SUCCEEDED", expectedVersion: booking.version },
        { event: "start_assignment", expectedVersion: booking.version },
        { event: "CHECK_IN", expectedVersion: booking.version },
        { event: "cancel" },
        { event: "cancel", expectedVersion: -1 },
        { event: "cancel", expectedVersion: "3" },
        { event: "cancel", expectedVersion: booking.version, reason: "a\u0000b" },
        "not json",
      ]) {
        const response = await send(booking.id, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        const problem = await response.json();
        expect(problem).toMatchObject({ code: "VALIDATION_FAILED" });
        expect(problem.hint).toBeTruthy();
      }
      expect(await writeFingerprint(db().kysely)).toEqual(before);
    });

    it("auth: 401 without a session, 404 for another restaurant's (or no) booking, cross-origin refused", async () => {
      const booking = await placed();
      const before = await writeFingerprint(db().kysely);
      const body = { event: "cancel", expectedVersion: booking.version };
      expect((await send(booking.id, body, { staff: null })).status).toBe(401);
      const foreign = await send(booking.id, body, { staff: stranger });
      const missing = await send("00000000-0000-4000-8000-000000000000", body);
      const notAnId = await send("not-a-booking", body);
      expect([foreign.status, missing.status, notAnId.status]).toEqual([404, 404, 404]);
      const [foreignBody, missingBody] = [await foreign.json(), await missing.json()];
      expect(foreignBody.code).toBe("NOT_FOUND");
      expect(foreignBody.title).toBe(missingBody.title);
      expect(foreignBody.hint).toBe(missingBody.hint);
      expect((await send(booking.id, body, { origin: "https://evil.example" })).status).toBe(403);
      expect((await send(booking.id, body, { origin: null })).status).toBe(403);
      expect(await writeFingerprint(db().kysely)).toEqual(before);
      expect(await bookingState(db().kysely, booking.id)).toMatchObject({ status: "assigned" });
    });
  });
});
