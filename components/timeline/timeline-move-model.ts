import type { TOpsAvailabilityResponse, TTimelineSegment } from "@/server/availability/ops-availability-schema";

/** A booking being moved (from the grid or the tray): what a move needs to draw and explain it. */
export type TMovable = {
  bookingId: string;
  guestName: string;
  partySize: number;
  status: NonNullable<TTimelineSegment["status"]>;
  reference?: string;
  start: number;
  end: number;
  /** Its tables now (empty for a tray booking). */
  tableIds: string[];
};

/**
 * The day as it will be once `booking` sits on `tableIds` at its own time (the optimistic picture): its segments
 * leave their old tables (free again), it leaves the tray, and a booking segment joins each new table in time order.
 */
export function applyMove(
  day: TOpsAvailabilityResponse,
  booking: TMovable,
  tableIds: readonly string[],
): TOpsAvailabilityResponse {
  const start = new Date(booking.start).toISOString();
  const end = new Date(booking.end).toISOString();
  const targets = new Set(tableIds);
  const segment: TTimelineSegment = {
    kind: "booking",
    start,
    end,
    bookingId: booking.bookingId,
    reference: booking.reference,
    guestName: booking.guestName,
    partySize: booking.partySize,
    status: booking.status,
    tableIds: [...tableIds],
  };
  return {
    ...day,
    timeline: day.timeline.map((table) => {
      const had = table.segments.some((s) => s.kind === "booking" && s.bookingId === booking.bookingId);
      if (!had && !targets.has(table.id)) return table;
      const kept = table.segments.map((s) =>
        s.kind === "booking" && s.bookingId === booking.bookingId
          ? { kind: "free" as const, start: s.start, end: s.end }
          : s,
      );
      const segments = targets.has(table.id)
        ? [...kept, segment].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
        : kept;
      return { ...table, segments };
    }),
    unassigned: day.unassigned.filter((u) => u.bookingId !== booking.bookingId),
  };
}
