import { day, query } from "./route-access-table-staff";
import type { TRouteAccessTable } from "./route-access-types";

/**
 * Staff routes on one booking, a hold or the bookings of a day: each fixture makes a FRESH booking of A (on its own
 * date, time and table, see TWorld.slot) in the state the route acts on, so every allowed caller can succeed.
 */
export const STAFF_BOOKING_ROUTES: TRouteAccessTable = {
  "GET /api/ops/bookings": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => ({ path: query("/api/ops/bookings", day(w)) }),
  },
  "POST /api/ops/bookings": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const { date, at } = w.slot();
      return {
        path: "/api/ops/bookings",
        idempotencyKey: true,
        body: {
          restaurantId: w.a.restaurantId,
          partySize: 2,
          guestName: "Phone Guest",
          source: "phone",
          startsAt: `${date}T${at}`,
        },
      };
    },
  },
  "GET /api/ops/bookings/{id}": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const { id } = await w.booking();
      return { path: `/api/ops/bookings/${id}`, params: { id } };
    },
  },
  "PATCH /api/ops/bookings/{id}": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const { id, version } = await w.booking();
      return { path: `/api/ops/bookings/${id}`, params: { id }, body: { expectedVersion: version, notes: "Birthday" } };
    },
  },
  "POST /api/ops/bookings/{id}/transitions": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const { id, version } = await w.booking();
      return {
        path: `/api/ops/bookings/${id}/transitions`,
        params: { id },
        body: { event: "request_review", expectedVersion: version, reason: "Regular asks for table A" },
      };
    },
  },
  "DELETE /api/ops/bookings/{id}/tables/{tableId}": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const { id, tableId } = await w.placedBooking();
      return { path: `/api/ops/bookings/${id}/tables/${tableId}`, params: { id, tableId } };
    },
  },
  "POST /api/ops/review/{bookingId}/accept": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const { id, version, tableId } = await w.reviewBooking();
      return {
        path: `/api/ops/review/${id}/accept`,
        params: { bookingId: id },
        body: { planTableIds: [tableId], expectedVersion: version },
      };
    },
  },
  "POST /api/staff/auto/quote": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => ({ path: "/api/staff/auto/quote", body: { bookingId: (await w.booking()).id } }),
  },
  "POST /api/staff/auto/confirm": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => ({ path: "/api/staff/auto/confirm", idempotencyKey: true, body: await w.heldBooking() }),
  },
  "POST /api/staff/manual/confirm": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => ({ path: "/api/staff/manual/confirm", idempotencyKey: true, body: await w.heldBooking() }),
  },
  "GET /api/staff/manual/context": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => ({ path: query("/api/staff/manual/context", { bookingId: (await w.booking()).id }) }),
  },
  "POST /api/staff/manual/validate": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const { id, slot } = await w.booking();
      return { path: "/api/staff/manual/validate", body: { bookingId: id, tableIds: [slot.tableId] } };
    },
  },
  "POST /api/staff/manual/hold": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const { id, slot } = await w.booking();
      return { path: "/api/staff/manual/hold", body: { bookingId: id, tableIds: [slot.tableId] } };
    },
  },
  "DELETE /api/staff/manual/hold/{holdId}": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const { holdId } = await w.heldBooking();
      return { path: `/api/staff/manual/hold/${holdId}`, params: { holdId } };
    },
  },
};
