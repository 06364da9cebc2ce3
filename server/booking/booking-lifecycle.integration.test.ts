import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { commitAssignment } from "@/server/assignment/commit-assignment";
import { historyOf, host, manager } from "@/server/assignment/testing/assignment-test-kit";
import { isDomainError } from "@/server/errors/domain-error";
import { BOOKING_STATUSES, type BookingStatus } from "@/server/infra/db/schema";
import { type EveningScenario, seedBookingRow, setupEveningScenario } from "@/server/testing/factories";
import { describeEachBackend } from "@/server/testing/test-db";
import {
  allowedEvents,
  BOOKING_TRANSITION_PAIRS,
  DEFAULT_MAX_ASSIGNMENT_RETRIES,
  planBookingTransition,
  SAMPLE_BOOKING_EVENTS,
  type TBookingActor,
  type TBookingContext,
  type TBookingEvent,
} from "./machine";
import { transitionBooking } from "./transition-booking";

const machinePairs = new Set(BOOKING_TRANSITION_PAIRS.map(([from, to]) => `${from}>${to}`));
const actorArb = fc.constantFrom<TBookingActor>(
  host,
  manager,
  { type: "guest", id: null },
  { type: "coordinator", id: "w" },
);
const stepArb = fc.record({
  event: fc.constantFrom(...SAMPLE_BOOKING_EVENTS),
  // Half the steps pick among the events allowed now, so sequences get deep into the lifecycle.
  pickAllowed: fc.boolean(),
  index: fc.nat(),
  actor: actorArb,
  minutes: fc.integer({ min: -120, max: 240 }),
  probe: fc.constantFrom(...BOOKING_STATUSES),
});

/** The random event, or (when asked) one of the events the machine allows in this context. */
function chooseEvent(
  step: { event: TBookingEvent; pickAllowed: boolean; index: number },
  status: BookingStatus,
  context: TBookingContext,
): TBookingEvent {
  if (!step.pickAllowed) return step.event;
  const allowed = allowedEvents(status, context);
  const type = allowed[step.index % Math.max(allowed.length, 1)];
  return SAMPLE_BOOKING_EVENTS.find((e) => e.type === type) ?? step.event;
}
const ROLLBACK = new Error("rollback probe");

describeEachBackend("booking lifecycle in the database", ({ db }) => {
  let venue: EveningScenario;

  beforeAll(async () => {
    venue = await setupEveningScenario(db());
  });

  it("booking_transitions equals the pairs generated from the machine", async () => {
    const rows = await db().kysely.selectFrom("booking_transitions").select(["from_status", "to_status"]).execute();
    const table = rows.map((r) => `${r.from_status}>${r.to_status}`).sort();
    expect(table).toEqual([...machinePairs].sort());
  });

  it("model: machine moves are never rejected by the trigger, and the trigger accepts only machine pairs", async () => {
    const startsAt = Date.parse("2027-03-05T19:00:00Z");
    const visited = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 15 }), async (steps) => {
        const booking = await seedBookingRow(db().kysely, {
          restaurantId: venue.restaurantId,
          startsAt: "2027-03-05T19:00:00Z",
          endsAt: "2027-03-05T20:30:00Z",
        });
        let status: BookingStatus = "created";
        let failures = 0;
        let noShowAt: number | null = null;
        for (const step of steps) {
          const { actor, minutes, probe } = step;
          // Probe: does the trigger accept status → probe? It must agree with the machine's pairs exactly.
          if (probe !== status) {
            let accepted = false;
            await db()
              .transaction(async (tx) => {
                await sql`update bookings set status = ${probe}, state_version = state_version + 1
                          where id = ${booking.id}`.execute(tx);
                accepted = true;
                throw ROLLBACK;
              })
              .catch((error: unknown) => {
                if (error !== ROLLBACK) expect((error as { code?: string }).code).toBe("MT422");
              });
            expect(accepted).toBe(machinePairs.has(`${status}>${probe}`));
          }
          const context: TBookingContext = {
            actor,
            now: startsAt + minutes * 60_000,
            startsAt,
            noShowAt,
            assignmentFailures: failures,
            maxAssignmentRetries: DEFAULT_MAX_ASSIGNMENT_RETRIES,
            noShowUndoMinutes: 120,
            checkInLeadMinutes: 60,
          };
          const event = chooseEvent(step, status, context);
          let plan: ReturnType<typeof planBookingTransition>;
          try {
            plan = planBookingTransition({ status, context, event });
          } catch (error) {
            expect(isDomainError(error, "INVALID_TRANSITION")).toBe(true);
            continue;
          }
          visited.add(`${status}>${plan.to}`);
          // The machine's move must pass the trigger (self-transitions included).
          await sql`update bookings set status = ${plan.to}, state_version = state_version + 1
                    where id = ${booking.id}`.execute(db().kysely);
          if (plan.to === "no_show") noShowAt = context.now;
          status = plan.to;
          failures = plan.context.assignmentFailures;
        }
        const row = await db()
          .kysely.selectFrom("bookings")
          .select("status")
          .where("id", "=", booking.id)
          .executeTakeFirstOrThrow();
        expect(row.status).toBe(status);
      }),
      // A fixed seed: the coverage asserted below is then the same on every run (a random seed once walked 11 of the
      // 12 pairs in CI and failed a correct build).
      { numRuns: 40, seed: 20_261_130 },
    );
    // The walk covered most of the lifecycle, not just its first steps.
    expect([...visited].filter((pair) => machinePairs.has(pair)).length).toBeGreaterThanOrEqual(12);
  });

  it("model through the use cases: every status change writes exactly one history row", async () => {
    const useCaseEvents = SAMPLE_BOOKING_EVENTS.filter((e) => e.type !== "TABLES_CHANGED");
    let evening = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            event: fc.constantFrom(...useCaseEvents),
            pickAllowed: fc.boolean(),
            index: fc.nat(),
            minutes: fc.integer({ min: -90, max: 150 }),
          }),
          { maxLength: 10 },
        ),
        async (steps) => {
          const date = `2027-01-${String((evening++ % 28) + 1).padStart(2, "0")}`;
          const booking = await venue.book({ party: 2, at: "19:00", date });
          const startsAt = Date.parse(booking.startsAt);
          let table = 0;
          for (const step of steps) {
            const now = new Date(startsAt + step.minutes * 60_000);
            const before = await bookingOf(booking.bookingId);
            const context: TBookingContext = {
              actor: manager,
              now: now.getTime(),
              startsAt,
              noShowAt: before.status === "no_show" ? now.getTime() : null,
              assignmentFailures: before.assignment_failures,
              maxAssignmentRetries: DEFAULT_MAX_ASSIGNMENT_RETRIES,
              noShowUndoMinutes: 120,
              checkInLeadMinutes: 60,
            };
            const event = chooseEvent(step, before.status, context);
            if (event.type === "TABLES_CHANGED") continue;
            try {
              if (event.type === "MANUAL_ASSIGN" || event.type === "ASSIGNMENT_SUCCEEDED") {
                const labels = ["A", "B", "C", "D"];
                await commitAssignment({
                  db: db(),
                  restaurantId: venue.restaurantId,
                  bookingId: booking.bookingId,
                  tableIds: [venue.tables[labels[table++ % 4] as string] as string],
                  actor: event.type === "MANUAL_ASSIGN" ? manager : { type: "coordinator", id: "w" },
                  event: event.type,
                  now,
                });
              } else {
                await transitionBooking({ db: db(), bookingId: booking.bookingId, event, actor: manager, now });
              }
            } catch (error) {
              if (!isDomainError(error)) throw error;
              expect(await bookingOf(booking.bookingId)).toEqual(before);
            }
          }
          const after = await bookingOf(booking.bookingId);
          const history = await historyOf(db().kysely, booking.bookingId);
          expect(history.map((h) => h.version)).toEqual(Array.from({ length: after.state_version + 1 }, (_, i) => i));
          for (let i = 1; i < history.length; i++) {
            expect(history[i]?.from_status).toBe(history[i - 1]?.to_status);
          }
          expect(history.at(-1)?.to_status).toBe(after.status);
          const hasTables = ["assigned", "confirmed", "checked_in", "completed", "no_show"].includes(after.status);
          const tables = await db()
            .kysely.selectFrom("allocations")
            .select("id")
            .where("booking_id", "=", booking.bookingId)
            .where("kind", "=", "assignment")
            .execute();
          expect(tables.length > 0).toBe(hasTables);
        },
      ),
      { numRuns: 12 },
    );
  });

  async function bookingOf(id: string) {
    return db()
      .kysely.selectFrom("bookings")
      .select(["status", "state_version", "assignment_failures"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  }
});
