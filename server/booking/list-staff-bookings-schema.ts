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

/** The longest date range one list covers (a quarter): a wider search goes without dates. */
export const MAX_RANGE_DAYS = 92;

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * GET /api/ops/bookings: one restaurant, optionally one local day or a range of days (`date` to `to`, both
 * included), statuses (comma separated), a search.
 */
export const ZListStaffBookingsQuerySchema = z
  .object({
    restaurantId: z.uuid(),
    /** The restaurant's local calendar date (the first day of a range). */
    date: zServiceDate.optional(),
    /** The last local date of a range starting at `date` (included). */
    to: zServiceDate.optional(),
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
  })
  .refine((query) => query.to === undefined || query.date !== undefined, {
    path: ["to"],
    message: "a range needs its first day: send date as well",
  })
  .refine((query) => !query.to || !query.date || daysBetween(query.date, query.to) >= 0, {
    path: ["to"],
    message: "must be on or after date",
  })
  .refine((query) => !query.to || !query.date || daysBetween(query.date, query.to) < MAX_RANGE_DAYS, {
    path: ["to"],
    message: `a range covers at most ${MAX_RANGE_DAYS} days; search without dates for more`,
  });

export type TListStaffBookingsQuery = z.infer<typeof ZListStaffBookingsQuerySchema>;

export const ZStaffBookingPageSchema = z.object({
  items: z.array(ZStaffBookingSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});

export type TStaffBookingPage = z.infer<typeof ZStaffBookingPageSchema>;
