import { SCENARIO_DATE, SIGN_IN_PASSWORD } from "./access-world";
import { STAFF_BOOKING_ROUTES } from "./route-access-table-bookings";
import { RESTAURANT_ROUTES } from "./route-access-table-restaurant";
import { query, STAFF_DAY_ROUTES } from "./route-access-table-staff";
import type { TRouteAccessTable } from "./route-access-types";

/**
 * Every route handler of app/api and who may call it, with a builder of a valid request aimed at restaurant A.
 * The access matrix FAILS when a route or method exists that this table does not describe, or when the table's
 * auth kind disagrees with the handler's withRoute metadata: a new route can not be forgotten.
 */
const BOOKING_CLIENT_ROUTES: TRouteAccessTable = {
  "GET /api/availability": {
    auth: "apiKey",
    keyOfB: "own_restaurant",
    fixture: async () => ({ path: query("/api/availability", { date: SCENARIO_DATE, partySize: "2" }) }),
  },
  "POST /api/bookings": {
    auth: "apiKey",
    keyOfB: "own_restaurant",
    fixture: async (w) => {
      const { date, at } = w.slot();
      return {
        path: "/api/bookings",
        idempotencyKey: true,
        body: { partySize: 2, startsAt: `${date}T${at}`, guestName: "Ada Lovelace", notes: "Window" },
      };
    },
  },
  "GET /api/bookings/{reference}": {
    auth: "apiKey",
    keyOfB: "not_found",
    fixture: async (w) => {
      const { reference } = await w.booking();
      return { path: `/api/bookings/${reference}`, params: { reference } };
    },
  },
  "DELETE /api/bookings/{reference}": {
    auth: "apiKey",
    keyOfB: "not_found",
    fixture: async (w) => {
      const { reference } = await w.booking();
      return { path: `/api/bookings/${reference}`, params: { reference } };
    },
  },
};

const PUBLIC_ROUTES: TRouteAccessTable = {
  "GET /api/health": { auth: "public", fixture: async () => ({ path: "/api/health" }) },
  "GET /api/metrics": { auth: "public", fixture: async () => ({ path: "/api/metrics" }) },
  "GET /api/openapi.json": { auth: "public", fixture: async () => ({ path: "/api/openapi.json" }) },
  "POST /api/auth/session": {
    auth: "public",
    fixture: async (w) => ({ path: "/api/auth/session", body: { email: w.signInEmail, password: SIGN_IN_PASSWORD } }),
  },
  // Signing out ends the caller's own session: each cell gets callers of its own.
  "DELETE /api/auth/session": {
    auth: "public",
    freshCallers: true,
    fixture: async () => ({ path: "/api/auth/session" }),
  },
  "GET /api/invites/{token}": {
    auth: "public",
    fixture: async (w) => {
      const { token } = await w.invite();
      return { path: `/api/invites/${token}`, params: { token } };
    },
  },
  "POST /api/invites/{token}/accept": {
    auth: "public",
    fixture: async (w) => {
      const { token } = await w.invite();
      return {
        path: `/api/invites/${token}/accept`,
        params: { token },
        body: { name: "New Host", password: "a long enough password" },
      };
    },
  },
  "GET /api/password-resets/{token}": {
    auth: "public",
    fixture: async (w) => {
      const { token } = await w.passwordReset();
      return { path: `/api/password-resets/${token}`, params: { token } };
    },
  },
  "POST /api/password-resets/{token}/complete": {
    auth: "public",
    fixture: async (w) => {
      const { token } = await w.passwordReset();
      return {
        path: `/api/password-resets/${token}/complete`,
        params: { token },
        body: { password: "a long enough password" },
      };
    },
  },
};

export const ROUTE_ACCESS: TRouteAccessTable = {
  ...BOOKING_CLIENT_ROUTES,
  ...PUBLIC_ROUTES,
  ...STAFF_DAY_ROUTES,
  ...STAFF_BOOKING_ROUTES,
  ...RESTAURANT_ROUTES,
};
