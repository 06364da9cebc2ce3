import { z } from "zod";

/**
 * A restaurant-local calendar date (YYYY-MM-DD) in a query or body: years 2000 to 9999 — read as wall time in the
 * restaurant's zone, where earlier years are nonsense for a booking and two-digit years would be misread by
 * Date.UTC — and never the last day of 9999, since day views read the day after too (bookings past midnight).
 * ONE rule for every route that takes a day (availability, ops lists and views, the stream, assign-all, review).
 */
export const zServiceDate = z.iso
  .date({ message: "must be a calendar date YYYY-MM-DD" })
  // Only a well-formed date is range-checked (one error for "tomorrow", not two).
  .refine((date) => !/^\d{4}-\d{2}-\d{2}$/.test(date) || (date >= "2000-01-01" && date <= "9999-12-30"), {
    message: "must be a date from 2000-01-01 to 9999-12-30",
  });
