import { randomUUID } from "node:crypto";
import { loadFloorPlan } from "@/server/setup/floor/load-floor-plan";
import { addServiceException } from "@/server/setup/service/add-service-exception";
import { readServiceSettings } from "@/server/setup/service/read-service-settings";
import type { TWorld } from "./access-world";
import type { TFixture, TRouteAccessTable } from "./route-access-types";

/**
 * The routes under /api/ops/restaurants/{id}: every one is a staff route of restaurant A (its id in the path),
 * so staff of B get 404 and the minimum role decides between 403 and success.
 */
const base = (world: TWorld) => `/api/ops/restaurants/${world.a.restaurantId}`;
const at = (world: TWorld, rest: string, params: Record<string, string> = {}): TFixture => ({
  path: `${base(world)}${rest}`,
  params: { id: world.a.restaurantId, ...params },
});

let exceptionDays = 0;
/** A date of its own per call (November 2027 on), closed by the exception: no fixture books on those dates. */
const exceptionDate = () => new Date(Date.UTC(2027, 10, 1) + exceptionDays++ * 86_400_000).toISOString().slice(0, 10);

export const RESTAURANT_ROUTES: TRouteAccessTable = {
  "GET /api/ops/restaurants/{id}/api-keys": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => at(w, "/api-keys"),
  },
  "POST /api/ops/restaurants/{id}/api-keys": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => ({ ...at(w, "/api-keys"), body: { name: "Widget", scopes: ["availability:read"] } }),
  },
  "DELETE /api/ops/restaurants/{id}/api-keys/{keyId}": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const keyId = await w.apiKeyId();
      return at(w, `/api-keys/${keyId}`, { keyId });
    },
  },
  "GET /api/ops/restaurants/{id}/export": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => at(w, "/export?kind=bookings&format=csv&from=2027-03-01&to=2027-03-31"),
  },
  "POST /api/ops/restaurants/{id}/import": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => ({
      ...at(w, "/import?kind=zones&format=csv&dryRun=true"),
      body: `name,color,sort_order\nPatio ${randomUUID().slice(0, 8)},#3b82f6,5\n`,
      contentType: "text/csv",
    }),
  },
  "GET /api/ops/restaurants/{id}/import/samples/{file}": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => at(w, "/import/samples/zones.csv", { file: "zones.csv" }),
  },
  "GET /api/ops/restaurants/{id}/floor-plan": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => at(w, "/floor-plan"),
  },
  "PUT /api/ops/restaurants/{id}/floor-plan": {
    auth: "staff",
    minRole: "manager",
    // The room as it is, saved back at its current version: a valid write that changes nothing but the version.
    fixture: async (w) => {
      const { venueVersion, ...plan } = await loadFloorPlan(w.db.kysely, w.a.restaurantId);
      return { ...at(w, "/floor-plan"), body: { ...plan, expectedVenueVersion: venueVersion } };
    },
  },
  "POST /api/ops/restaurants/{id}/floor-plan/release-bookings": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => ({
      ...at(w, "/floor-plan/release-bookings"),
      body: { bookingIds: [(await w.placedBooking()).id] },
    }),
  },
  "GET /api/ops/restaurants/{id}/guests": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => at(w, "/guests?q=Grace"),
  },
  "GET /api/ops/restaurants/{id}/guests/{guestId}": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const guestId = await w.guest();
      return at(w, `/guests/${guestId}`, { guestId });
    },
  },
  "PATCH /api/ops/restaurants/{id}/guests/{guestId}": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const guestId = await w.guest();
      return { ...at(w, `/guests/${guestId}`, { guestId }), body: { notes: "Window seat", tags: ["VIP"] } };
    },
  },
  "POST /api/ops/restaurants/{id}/guests/{guestId}/erase": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const guestId = await w.guest();
      return at(w, `/guests/${guestId}/erase`, { guestId });
    },
  },
  "GET /api/ops/restaurants/{id}/guests/{guestId}/export": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const guestId = await w.guest();
      return at(w, `/guests/${guestId}/export`, { guestId });
    },
  },
  "POST /api/ops/restaurants/{id}/guests/merge": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => ({
      ...at(w, "/guests/merge"),
      body: { sourceGuestIds: [await w.guest()], targetGuestId: await w.guest() },
    }),
  },
  "GET /api/ops/restaurants/{id}/invites": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => at(w, "/invites"),
  },
  "POST /api/ops/restaurants/{id}/invites": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => ({ ...at(w, "/invites"), body: { email: `new-${randomUUID()}@example.test`, role: "host" } }),
  },
  "DELETE /api/ops/restaurants/{id}/invites/{inviteId}": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const { id } = await w.invite();
      return at(w, `/invites/${id}`, { inviteId: id });
    },
  },
  "POST /api/ops/restaurants/{id}/invites/{inviteId}/resend": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const { id } = await w.invite();
      return at(w, `/invites/${id}/resend`, { inviteId: id });
    },
  },
  "GET /api/ops/restaurants/{id}/service": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => at(w, "/service"),
  },
  "PUT /api/ops/restaurants/{id}/service": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const { rulesVersion, bookingHorizonDays } = await readServiceSettings(w.db.kysely, {
        restaurantId: w.a.restaurantId,
      });
      return { ...at(w, "/service"), body: { expectedRulesVersion: rulesVersion, bookingHorizonDays } };
    },
  },
  "PUT /api/ops/restaurants/{id}/service/planner-policy": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const { venueVersion, plannerPolicy } = await readServiceSettings(w.db.kysely, {
        restaurantId: w.a.restaurantId,
      });
      return { ...at(w, "/service/planner-policy"), body: { expectedVenueVersion: venueVersion, ...plannerPolicy } };
    },
  },
  "POST /api/ops/restaurants/{id}/service/exceptions": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const { rulesVersion } = await readServiceSettings(w.db.kysely, { restaurantId: w.a.restaurantId });
      return {
        ...at(w, "/service/exceptions"),
        body: { expectedRulesVersion: rulesVersion, date: exceptionDate(), servicePeriodId: null, kind: "closed" },
      };
    },
  },
  "DELETE /api/ops/restaurants/{id}/service/exceptions/{exceptionId}": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const restaurantId = w.a.restaurantId;
      const { rulesVersion } = await readServiceSettings(w.db.kysely, { restaurantId });
      const added = await addServiceException(w.db, {
        restaurantId,
        request: { expectedRulesVersion: rulesVersion, date: exceptionDate(), servicePeriodId: null, kind: "closed" },
      });
      const exceptionId = added.exception.id;
      return at(w, `/service/exceptions/${exceptionId}`, { exceptionId });
    },
  },
  "GET /api/ops/restaurants/{id}/team": { auth: "staff", minRole: "manager", fixture: async (w) => at(w, "/team") },
  "PATCH /api/ops/restaurants/{id}/team/{staffId}": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const member = await w.seedStaff(w.a.restaurantId, "host");
      return { ...at(w, `/team/${member.id}`, { staffId: member.id }), body: { role: "manager" } };
    },
  },
  "DELETE /api/ops/restaurants/{id}/team/{staffId}": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const member = await w.seedStaff(w.a.restaurantId, "host");
      return at(w, `/team/${member.id}`, { staffId: member.id });
    },
  },
  "DELETE /api/ops/restaurants/{id}/team/{staffId}/sessions": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const member = await w.seedStaff(w.a.restaurantId, "host");
      return at(w, `/team/${member.id}/sessions`, { staffId: member.id });
    },
  },
  "POST /api/ops/restaurants/{id}/team/{staffId}/password-reset": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const member = await w.seedStaff(w.a.restaurantId, "host");
      return at(w, `/team/${member.id}/password-reset`, { staffId: member.id });
    },
  },
};
