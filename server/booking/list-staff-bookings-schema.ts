import { z } from "zod";
import { BOOKING_STATUSES } from "@/server/infra/db/schema";
import { zServiceDate } from "@/server/validation/z-service-date";
import { zText } from "@/server/validation/z-text";
import { ZStaffBookingSchema } from "./staff-booking-schema";

/**
 * GET /api/ops/bookings: the query and the page, universal (zod only) so the dashboard parses the answer with the
 * route's own schema. The read itself is list-staff-bookings.ts.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** GET /api/ops/bookings: one restaurant, optionally one local day, statuses (comma separated), a search. */
export const ZListStaffBookingsQuerySchema = z.object({
  restaurantId: z.uuid(),
  /** The restaurant's local calendar date. */
  date: zServiceDate.optional(),
  status: z
    .string()
    .transform((text) =>
      text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(BOOKING_STATUSES)).max(BOOKING_STATUSES.length))
    .optional(),
  q: zText({ min: 1, max: 200 }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

export type TListStaffBookingsQuery = z.infer<typeof ZListStaffBookingsQuerySchema>;

export const ZStaffBookingPageSchema = z.object({
  items: z.array(ZStaffBookingSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});

export type TStaffBookingPage = z.infer<typeof ZStaffBookingPageSchema>;
