import { z } from "zod";

/**
 * A restaurant's room as the floor plan editor, the import and the export see it: zones, tables and the adjacency
 * links, saved as ONE versioned write (`expectedVenueVersion`). Universal (the editor parses it in the browser).
 * Geometry is in metres (the demo rooms and the ops floor plan use metres; the editor snaps to a 10 cm grid).
 *
 * Ids: existing zones and tables keep their database ids; a zone or table the editor just added carries a client
 * key (`new:<anything>`) that the save replaces with a real id. Links and a table's zone refer to either kind.
 * A zone or table missing from a saved plan is deleted (refused while bookings would be stranded).
 */
export const NEW_ID_PREFIX = "new:";

const ZId = z.string().min(1).max(80);
const ZColor = z.string().regex(/^#[0-9a-f]{6}$/, "a colour is #rrggbb in lower case, e.g. #3b82f6");
const ZLabel = z.string().trim().min(1, "a name is needed").max(40);

export const ZFloorZoneSchema = z.object({
  id: ZId,
  name: ZLabel,
  color: ZColor,
  sortOrder: z.number().int().min(0).max(1000),
});

export const ZFloorTableSchema = z
  .object({
    id: ZId,
    zoneId: ZId,
    label: ZLabel,
    capacity: z.number().int().min(1).max(40),
    minParty: z.number().int().min(1).max(40),
    mergeable: z.boolean(),
    onlineBookable: z.boolean(),
    active: z.boolean(),
    priority: z.number().int().min(-1000).max(1000),
    x: z.number().min(-1000).max(1000),
    y: z.number().min(-1000).max(1000),
    width: z.number().positive().max(50),
    height: z.number().positive().max(50),
    rotation: z.number().min(0).lt(360),
    shape: z.enum(["rect", "round"]),
  })
  .refine((t) => t.minParty <= t.capacity, { message: "min party cannot exceed capacity", path: ["minParty"] });

/** One undirected link between two tables (order does not matter). */
export const ZFloorLinkSchema = z.tuple([ZId, ZId]).refine(([a, b]) => a !== b, "a table cannot link to itself");

export const ZFloorPlanSchema = z.object({
  zones: z.array(ZFloorZoneSchema).min(1, "a room needs at least one zone").max(50),
  tables: z.array(ZFloorTableSchema).max(500),
  adjacency: z.array(ZFloorLinkSchema).max(5000),
});

/** GET /api/ops/restaurants/{id}/floor-plan and the 409 STALE answer's `current`. */
export const ZFloorPlanResponseSchema = ZFloorPlanSchema.extend({ venueVersion: z.number().int() });

/** PUT /api/ops/restaurants/{id}/floor-plan. */
export const ZSaveFloorPlanRequestSchema = ZFloorPlanSchema.extend({ expectedVenueVersion: z.number().int() });

/** A booking a change would strand (returned with 409 `STRANDS_BOOKINGS`), and why. */
export const ZStrandedBookingSchema = z.object({
  bookingId: z.string(),
  reference: z.string(),
  guestName: z.string(),
  partySize: z.number().int(),
  startsAt: z.string(),
  status: z.string(),
  tableLabels: z.array(z.string()),
  reason: z.enum(["table_removed", "table_inactive", "capacity_below_party", "link_removed"]),
  /** In words, e.g. "T4 (party of 6) would seat only 4". */
  detail: z.string(),
});

export type TFloorZone = z.infer<typeof ZFloorZoneSchema>;
export type TFloorTable = z.infer<typeof ZFloorTableSchema>;
export type TFloorPlan = z.infer<typeof ZFloorPlanSchema>;
export type TFloorPlanResponse = z.infer<typeof ZFloorPlanResponseSchema>;
export type TSaveFloorPlanRequest = z.infer<typeof ZSaveFloorPlanRequestSchema>;
export type TStrandedBooking = z.infer<typeof ZStrandedBookingSchema>;

/** PUT answer: the plan as saved (new rows carry their real ids) and which `new:` key became which id. */
export const ZSaveFloorPlanResponseSchema = ZFloorPlanResponseSchema.extend({
  idMap: z.record(z.string(), z.string()),
});

/** What a 409 STALE problem carries for the editor to reload, and a 409 STRANDS_BOOKINGS one to list. */
export const ZFloorPlanStaleProblemSchema = z.object({ current: ZFloorPlanResponseSchema });
export const ZStrandsBookingsProblemSchema = z.object({ stranded: z.array(ZStrandedBookingSchema) });

/** POST /api/ops/restaurants/{id}/floor-plan/release-bookings: take these bookings' tables, send them to review. */
export const ZReleaseBookingsRequestSchema = z.object({
  bookingIds: z.array(z.string().uuid()).min(1, "name at least one booking").max(200),
});
export const ZReleaseBookingsResponseSchema = z.object({
  released: z.array(z.object({ bookingId: z.string(), reference: z.string(), status: z.string() })),
});

export type TSaveFloorPlanResponse = z.infer<typeof ZSaveFloorPlanResponseSchema>;
export type TReleaseBookingsResponse = z.infer<typeof ZReleaseBookingsResponseSchema>;
