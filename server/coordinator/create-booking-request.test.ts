import { describe, expect, it } from "vitest";
import type { TCreateAndAssignResult } from "./create-and-assign-booking";
import { toCreateBookingResponse } from "./create-booking-request";

const created = (assignment: TCreateAndAssignResult["assignment"]): TCreateAndAssignResult => ({
  status: 201,
  replayed: false,
  jobs: [],
  body: {
    bookingId: "00000000-0000-4000-8000-000000000001",
    reference: "K7QW2MZP",
    restaurantId: "00000000-0000-4000-8000-000000000002",
    servicePeriodId: null,
    status: "assignment_pending",
    stateVersion: 2,
    partySize: 4,
    startsAt: "2027-06-11T18:30:00.000Z",
    endsAt: "2027-06-11T20:15:00.000Z",
    source: "online",
    guestName: "Grace Hopper",
  },
  assignment,
});

describe("toCreateBookingResponse", () => {
  it("keeps every field POST answered, adds the booking's id, and reports a placed booking's status", () => {
    const result = created({
      outcome: "assigned",
      status: "confirmed",
      tableIds: ["t1"],
      bookingId: "00000000-0000-4000-8000-000000000001",
      attempts: 1,
      durationMs: 12,
    });
    expect(toCreateBookingResponse(result)).toEqual({
      id: "00000000-0000-4000-8000-000000000001",
      reference: "K7QW2MZP",
      status: "confirmed",
      partySize: 4,
      startsAt: "2027-06-11T18:30:00.000Z",
      endsAt: "2027-06-11T20:15:00.000Z",
      guestName: "Grace Hopper",
      assignment: { outcome: "assigned" },
    });
  });

  it("answers a booking handed to the job as queued, with the status it was created in", () => {
    expect(toCreateBookingResponse(created(null))).toMatchObject({
      status: "assignment_pending",
      assignment: { outcome: "queued" },
    });
  });
});
