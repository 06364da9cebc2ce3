import fc from "fast-check";
import { expect, it } from "vitest";
import { BOOKING_STATUSES, type StaffRole } from "@/server/infra/db/schema";
import { eventsForRole, eventsForRoleUncached, roleMaySend, STAFF_EVENTS_BY_ROLE } from "./events-for-role";
import type { TBookingContext } from "./machine";

const MINUTE = 60_000;
const ROLES: StaffRole[] = ["host", "manager", "owner"];

it("gives each role what the roles below it have, and hosts no manager-only events", () => {
  for (const event of STAFF_EVENTS_BY_ROLE.host) expect(roleMaySend("manager", event)).toBe(true);
  expect(STAFF_EVENTS_BY_ROLE.owner).toEqual(STAFF_EVENTS_BY_ROLE.manager);
  for (const event of ["UNDO_NO_SHOW", "QUEUE_ASSIGNMENT", "CONFIRM"] as const) {
    expect(roleMaySend("host", event)).toBe(false);
  }
  for (const event of ["MANUAL_ASSIGN", "ASSIGNMENT_SUCCEEDED", "START_ASSIGNMENT", "UNASSIGN"] as const) {
    expect(roleMaySend("owner", event)).toBe(false);
  }
});

it("answers from its memo exactly what the machine answers, around every time guard", () => {
  const base = Date.UTC(2027, 2, 5, 19);
  fc.assert(
    fc.property(
      fc.constantFrom(...BOOKING_STATUSES),
      fc.constantFrom(...ROLES),
      // Offsets of now around the start and the no-show mark, minute-exact and a millisecond either side.
      fc.integer({ min: -240, max: 240 }),
      fc.constantFrom(-1, 0, 1),
      fc.option(fc.integer({ min: -120, max: 0 }), { nil: null }),
      fc.integer({ min: 0, max: 6 }),
      fc.constantFrom(0, 15, 30),
      fc.constantFrom(0, 15, 30),
      (status, role, minutes, ms, noShowMinutes, failures, lead, undo) => {
        const now = base + minutes * MINUTE + ms;
        const context: TBookingContext = {
          actor: { type: "staff", id: "s", role },
          now,
          startsAt: base,
          noShowAt: noShowMinutes === null ? null : now + noShowMinutes * MINUTE,
          assignmentFailures: failures,
          maxAssignmentRetries: 5,
          noShowUndoMinutes: undo,
          checkInLeadMinutes: lead,
        };
        // Twice: the second answer comes from the memo.
        eventsForRole({ role, status, context });
        expect(eventsForRole({ role, status, context })).toEqual(eventsForRoleUncached({ role, status, context }));
      },
    ),
    { numRuns: 400 },
  );
});
