import { z } from "zod";
import { ZBookingGuestSchema } from "@/server/guests/guest-schema";
import { BOOKING_STATUSES } from "@/server/infra/db/schema";
import { zServiceDate } from "@/server/validation/z-service-date";

/**
 * GET /api/ops/availability: the dashboard's read model of one restaurant-day — a timeline of every table (what is on
 * it when) and a zone × 15-minute heatmap (seats in use, covers starting against the pacing caps). Universal (zod
 * only) so the dashboard parses with the same schemas.
 */
export const ZOpsAvailabilityQuerySchema = z.object({
  restaurantId: z.uuid(),
  /** The restaurant's local calendar date. */
  date: zServiceDate,
});
export type TOpsAvailabilityQuery = z.infer<typeof ZOpsAvailabilityQuerySchema>;

/** The heatmap's column width, and the grid the timeline's window is widened to. */
export const OPS_SLOT_MINUTES = 15;

const ZInstant = z.iso.datetime();
const ZRef = z.object({ id: z.uuid(), name: z.string() });

/**
 * What a table is doing over [start, end): `booking` (an assignment: merged bookings appear on each of their tables
 * with the same bookingId, and `tableIds` lists them all), `hold` (staff or a quote is holding it until
 * `expiresAt`, for `bookingId`), `free`, or `out_of_service` (an inactive table, where it has nothing on it).
 */
export const ZTimelineSegmentSchema = z.object({
  kind: z.enum(["booking", "hold", "free", "out_of_service"]),
  start: ZInstant,
  end: ZInstant,
  bookingId: z.uuid().optional(),
  reference: z.string().optional(),
  guestName: z.string().optional(),
  partySize: z.int().optional(),
  status: z.enum(BOOKING_STATUSES).optional(),
  tableIds: z.array(z.uuid()).optional(),
  holdId: z.uuid().optional(),
  expiresAt: ZInstant.optional(),
  /** The booking's guest record: tags, the start of the notes, visit counts (bookings with an email or phone). */
  guest: ZBookingGuestSchema.optional(),
  /** The start of the booking's own notes (allergies, occasion, seating wishes), when it has any. */
  note: z.string().optional(),
});
export type TTimelineSegment = z.infer<typeof ZTimelineSegmentSchema>;

/** One table's row: its segments tile the day's window exactly, in time order. */
export const ZTimelineTableSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  zone: ZRef,
  capacity: z.int(),
  minParty: z.int(),
  /** May be pushed together with an adjacent mergeable table. */
  mergeable: z.boolean(),
  active: z.boolean(),
  /** Where it stands on the floor plan: metres from the room's top-left corner (`x, y` the box's top-left). */
  layout: z.object({
    x: z.number(),
    y: z.number(),
    width: z.number(),
    height: z.number(),
    rotation: z.number(),
    shape: z.enum(["rect", "round"]),
  }),
  segments: z.array(ZTimelineSegmentSchema),
});
export type TTimelineTable = z.infer<typeof ZTimelineTableSchema>;

/**
 * A booking of the day with no tables yet (the timeline's tray): waiting for assignment or in manual review.
 * `held`: a live hold is on tables for it (staff or a quote are placing it; its hold segment is on the timeline).
 */
export const ZUnassignedBookingSchema = z.object({
  bookingId: z.uuid(),
  reference: z.string(),
  guestName: z.string(),
  partySize: z.int(),
  status: z.enum(BOOKING_STATUSES),
  startsAt: ZInstant,
  endsAt: ZInstant,
  held: z.boolean(),
  guest: ZBookingGuestSchema.optional(),
  /** The start of the booking's own notes, when it has any. */
  note: z.string().optional(),
  /** In manual review: why (a coordinator code such as NO_PLAN, or the words staff gave). */
  reviewReason: z.string().optional(),
});
export type TUnassignedBooking = z.infer<typeof ZUnassignedBookingSchema>;

/**
 * One 15-minute cell. `seatsInUse`: seats of the active tables with an assignment during any part of the slot (a
 * table for 4 seating 2 uses 4 seats; holds are not counted); `seats`: seats of the active tables; `share` =
 * seatsInUse / seats (0 without seats). `coversStarting`: party sizes of bookings starting in the slot — in a zone
 * row those seated in the zone, in the total row every booking create_booking's pacing counts (all but cancelled
 * and no-show, with or without tables). Total row only: `onlineCoversStarting`, and the caps of the service period
 * whose seating hours contain the slot's start, when it has them.
 */
export const ZHeatmapCellSchema = z.object({
  slotStart: ZInstant,
  /** Local wall time `HH:MM` in the restaurant's zone. */
  time: z.string(),
  seatsInUse: z.int(),
  seats: z.int(),
  share: z.number(),
  coversStarting: z.int(),
  onlineCoversStarting: z.int().optional(),
  pacingCap: z.int().optional(),
  onlinePacingCap: z.int().optional(),
});
export type THeatmapCell = z.infer<typeof ZHeatmapCellSchema>;

export const ZHeatmapSchema = z.object({
  zones: z.array(z.object({ zone: ZRef, cells: z.array(ZHeatmapCellSchema) })),
  total: z.object({ cells: z.array(ZHeatmapCellSchema) }),
});
export type THeatmap = z.infer<typeof ZHeatmapSchema>;

/** A service period of the date: [start, end) is opening to closing; bookings may start up to lastSeatingAt. */
export const ZOpsDayPeriodSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  start: ZInstant,
  lastSeatingAt: ZInstant,
  end: ZInstant,
});
export type TOpsDayPeriod = z.infer<typeof ZOpsDayPeriodSchema>;

/**
 * `window`: the hull of the date's service periods and of its bookings, widened to whole 15-minute slots; null on a
 * day with neither (then every row is empty). `asOf`: when it was read (hold countdowns count from it).
 */
export const ZOpsAvailabilityResponseSchema = z.object({
  restaurantId: z.uuid(),
  date: z.string(),
  timezone: z.string(),
  slotMinutes: z.literal(OPS_SLOT_MINUTES),
  asOf: ZInstant,
  window: z.object({ start: ZInstant, end: ZInstant }).nullable(),
  periods: z.array(ZOpsDayPeriodSchema),
  timeline: z.array(ZTimelineTableSchema),
  /** Pairs of table ids that stand side by side (may be pushed together when both are mergeable). */
  adjacency: z.array(z.tuple([z.uuid(), z.uuid()])),
  unassigned: z.array(ZUnassignedBookingSchema),
  heatmap: ZHeatmapSchema,
});
export type TOpsAvailabilityResponse = z.infer<typeof ZOpsAvailabilityResponseSchema>;
