import { describe, expect, it } from "vitest";
import { explainRefusedEvent } from "./explain-refused-event";
import type { TBookingContext } from "./machine";

const MINUTE = 60_000;

/** A booking starting at `startsAt` seen at `now` by a member of staff (check-in lead 45 min, undo window 120). */
function contextAt({ now, startsAt, noShowAt = null }: { now: string; startsAt: string; noShowAt?: string | null }) {
  return {
    actor: { type: "staff", id: "s1", role: "host" },
    now: Date.parse(now),
    startsAt: Date.parse(startsAt),
    noShowAt: noShowAt ? Date.parse(noShowAt) : null,
    assignmentFailures: 0,
    maxAssignmentRetries: 5,
    noShowUndoMinutes: 120,
    checkInLeadMinutes: 45,
  } satisfies TBookingContext;
}

describe("explainRefusedEvent", () => {
  it("says when check-in opens, in the restaurant's time (Auckland, summer time), with possibleFrom", () => {
    // 20:00 NZDT on 2027-01-15 is 07:00Z.
    const context = contextAt({ now: "2027-01-15T03:00:00Z", startsAt: "2027-01-15T07:00:00Z" });
    const error = explainRefusedEvent({
      event: "check_in",
      status: "confirmed",
      context,
      role: "host",
      timezone: "Pacific/Auckland",
    });
    expect(error.code).toBe("INVALID_TRANSITION");
    expect(error.hint).toBe("Check-in opens at 19:15 (restaurant time), 45 minutes before the booking");
    expect(error.meta).toMatchObject({ possibleFrom: new Date(context.startsAt - 45 * MINUTE).toISOString() });
  });

  it("names the date when the time is not today in the restaurant, and the no-show rule", () => {
    const context = contextAt({ now: "2027-03-05T12:00:00Z", startsAt: "2027-03-06T19:00:00Z" });
    const noShow = explainRefusedEvent({
      event: "no_show",
      status: "assigned",
      context,
      role: "host",
      timezone: "UTC",
    });
    expect(noShow.hint).toBe(
      "A no-show can be marked from 19:00 on 2027-03-06 (restaurant time), when the booking starts",
    );
    expect(noShow.meta.possibleFrom).toBe("2027-03-06T19:00:00.000Z");
  });

  it("a closed undo window says when it closed and gives no possibleFrom", () => {
    const context = {
      ...contextAt({ now: "2027-03-05T23:00:00Z", startsAt: "2027-03-05T19:00:00Z", noShowAt: "2027-03-05T19:30:00Z" }),
      actor: { type: "staff" as const, id: "m1", role: "manager" as const },
    };
    const error = explainRefusedEvent({
      event: "undo_no_show",
      status: "no_show",
      context,
      role: "manager",
      timezone: "Europe/London",
    });
    expect(error.hint).toMatch(/^The undo window closed at 21:30 \(restaurant time\), 120 minutes after/);
    expect(error.meta.possibleFrom).toBeUndefined();
  });

  it("an event the state never allows lists the caller's events allowed now", () => {
    const context = contextAt({ now: "2027-03-05T12:00:00Z", startsAt: "2027-03-05T19:00:00Z" });
    const error = explainRefusedEvent({
      event: "complete",
      status: "assigned",
      context,
      role: "host",
      timezone: "UTC",
    });
    expect(error.hint).toBe("Allowed now: cancel. Reload the booking if it changed.");
    expect(error.meta).toMatchObject({ status: "assigned", event: "complete", allowedEvents: ["cancel"] });
  });
});
