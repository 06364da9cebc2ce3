import { describe, expect, it } from "vitest";
import { STAFF_EVENTS_BY_ROLE } from "./events-for-role";
import { SAMPLE_BOOKING_EVENTS } from "./machine";
import { STAFF_BOOKING_EVENTS, STAFF_EVENT_NAMES, staffEventNameOf } from "./staff-booking-events";

describe("the public staff event vocabulary", () => {
  it("names every event some role may send, and nothing else (the role rule and the API cannot drift apart)", () => {
    const sendable = new Set(Object.values(STAFF_EVENTS_BY_ROLE).flat());
    expect(new Set(Object.values(STAFF_BOOKING_EVENTS))).toEqual(sendable);
  });

  it("maps names to machine events one to one", () => {
    for (const name of STAFF_EVENT_NAMES) expect(staffEventNameOf(STAFF_BOOKING_EVENTS[name])).toBe(name);
    const machineTypes = new Set(SAMPLE_BOOKING_EVENTS.map((event) => event.type));
    for (const type of Object.values(STAFF_BOOKING_EVENTS)) expect(machineTypes.has(type)).toBe(true);
  });

  it("has no name for the coordinator's and the table routes' events", () => {
    for (const type of ["START_ASSIGNMENT", "ASSIGNMENT_SUCCEEDED", "MANUAL_ASSIGN", "UNASSIGN"] as const) {
      expect(staffEventNameOf(type)).toBeUndefined();
    }
  });
});
