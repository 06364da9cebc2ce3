import { describe, expect, it } from "vitest";
import type { TTimelineSegment, TTimelineTable } from "@/server/availability/ops-availability-schema";
import { describeTable, tableStateAt } from "./table-state";

const T = (hhmm: string) => `2027-06-11T${hhmm}:00.000Z`;
const ms = (hhmm: string) => Date.parse(T(hhmm));

function table(segments: TTimelineSegment[]): TTimelineTable {
  return {
    id: "00000000-0000-4000-8000-000000000101",
    name: "T1",
    zone: { id: "00000000-0000-4000-8000-000000000001", name: "Main" },
    capacity: 4,
    minParty: 1,
    mergeable: true,
    active: true,
    layout: { x: 0, y: 0, width: 1, height: 1, rotation: 0, shape: "rect" },
    segments,
  };
}
const booking = (start: string, end: string, status: TTimelineSegment["status"], guestName: string) =>
  ({
    kind: "booking",
    start: T(start),
    end: T(end),
    bookingId: `10000000-0000-4000-8000-00000000000${guestName.length}`,
    guestName,
    partySize: 4,
    status,
  }) satisfies TTimelineSegment;

describe("tableStateAt", () => {
  const lunch = booking("18:00", "19:30", "checked_in", "Ava Okafor");
  const next = booking("19:30", "21:00", "confirmed", "Li Wei");

  it("is seated while the party's time runs, booked for the next party once it was marked left", () => {
    expect(tableStateAt(table([lunch, next]), ms("19:00"), ms("19:00")).kind).toBe("seated");
    const leftOnTime = { ...lunch, status: "completed" as const };
    expect(tableStateAt(table([leftOnTime, next]), ms("19:45"), ms("19:45")).kind).toBe("booked");
  });

  it("keeps a seated party past its end on the table (over time), ahead of the next booking", () => {
    const state = tableStateAt(table([lunch, next]), ms("19:45"), ms("19:50"));
    expect(state.kind).toBe("over_time");
    expect(state.segment?.guestName).toBe("Ava Okafor");
    expect(state.overByMs).toBe(20 * 60_000);
    expect(describeTable(table([lunch, next]), state, "UTC")).toBe(
      "T1, 4 seats, seated over time: Okafor party of 4 due out at 19:30, over by 20 min",
    );
  });

  it("is not over time before the clock reaches the end, even when the slider looks past it", () => {
    expect(tableStateAt(table([lunch, next]), ms("20:00"), ms("19:00")).kind).toBe("booked");
    expect(tableStateAt(table([lunch, next]), ms("19:00"), ms("20:00")).kind).toBe("seated");
  });
});
