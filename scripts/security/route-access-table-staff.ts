import { randomUUID } from "node:crypto";
import { startAssignAll } from "@/server/coordinator/start-assign-all";
import { startOptimizerRun } from "@/server/optimizer/start-optimizer-run";
import { SCENARIO_DATE, type TWorld } from "./access-world";
import type { TRouteAccessTable } from "./route-access-types";

/**
 * Staff routes about the caller, a restaurant-day (lists, views, the stream, insights, the lab) and its batch
 * runs (assign-all, optimizer): the restaurant is in the query or body, so staff of B get 404 for A.
 */

/** `/api/path?a=1&b=2`. */
export const query = (path: string, params: Record<string, string>) => `${path}?${new URLSearchParams(params)}`;
/** The restaurant-day most list and day routes read: restaurant A on the scenario's evening. */
export const day = (w: TWorld) => ({ restaurantId: w.a.restaurantId, date: SCENARIO_DATE });

export const STAFF_DAY_ROUTES: TRouteAccessTable = {
  // About the caller, not about a restaurant: every member of staff, of A or of B.
  "GET /api/auth/session": {
    auth: "staff",
    minRole: "host",
    staffOfB: "allowed",
    fixture: async () => ({ path: "/api/auth/session" }),
  },
  "GET /api/ops/restaurants": {
    auth: "staff",
    minRole: "host",
    staffOfB: "allowed",
    fixture: async () => ({ path: "/api/ops/restaurants" }),
  },
  // An owner of any restaurant (B's owner too) may create one; a host or manager elsewhere may not.
  "POST /api/ops/restaurants": {
    auth: "staff",
    minRole: "owner",
    staffOfB: "allowed",
    fixture: async () => {
      const slug = `matrix-${randomUUID().slice(0, 8)}`;
      return { path: "/api/ops/restaurants", body: { name: "Matrix", slug, timezone: "Europe/London" } };
    },
  },
  "GET /api/ops/availability": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => ({ path: query("/api/ops/availability", day(w)) }),
  },
  "GET /api/ops/review": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => ({ path: query("/api/ops/review", day(w)) }),
  },
  "GET /api/ops/stream": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => ({ path: query("/api/ops/stream", day(w)) }),
  },
  "GET /api/ops/insights": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => ({
      path: query("/api/ops/insights", { restaurantId: w.a.restaurantId, from: SCENARIO_DATE, to: SCENARIO_DATE }),
    }),
  },
  "POST /api/ops/lab/replays": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => ({
      path: "/api/ops/lab/replays",
      body: { restaurantId: w.a.restaurantId, from: SCENARIO_DATE, to: SCENARIO_DATE },
    }),
  },
  "POST /api/ops/assign-all": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => ({ path: "/api/ops/assign-all", body: { ...day(w), date: w.slot().date } }),
  },
  "GET /api/ops/assign-all/{runId}": {
    auth: "staff",
    minRole: "host",
    fixture: async (w) => {
      const { runId } = await startAssignAll({
        db: w.db,
        enqueue: w.runtime.queue.enqueue,
        restaurantId: w.a.restaurantId,
        timezone: w.a.timezone,
        serviceDate: w.slot().date,
        createdBy: w.ownerOfA.id,
      });
      return { path: `/api/ops/assign-all/${runId}`, params: { runId } };
    },
  },
  "GET /api/ops/optimizer/runs": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => ({ path: query("/api/ops/optimizer/runs", day(w)) }),
  },
  "POST /api/ops/optimizer/runs": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => ({ path: "/api/ops/optimizer/runs", body: day(w) }),
  },
  "GET /api/ops/optimizer/runs/{id}": {
    auth: "staff",
    minRole: "manager",
    fixture: async (w) => {
      const id = await queuedOptimizerRun(w);
      return { path: `/api/ops/optimizer/runs/${id}`, params: { id } };
    },
  },
  "POST /api/ops/optimizer/runs/{id}/apply": {
    auth: "staff",
    minRole: "manager",
    // Solving a run takes seconds (a job); a queued run proves the caller got through to the use case.
    allowed: { status: 409, code: "OPTIMIZER_RUN_CLOSED", why: "the run is still queued (not previewed)" },
    fixture: async (w) => {
      const id = await queuedOptimizerRun(w);
      return { path: `/api/ops/optimizer/runs/${id}/apply`, params: { id }, body: { expectedRunVersion: 1 } };
    },
  },
};

async function queuedOptimizerRun(w: TWorld): Promise<string> {
  const run = await startOptimizerRun({
    db: w.db,
    queue: w.runtime.queue,
    restaurantId: w.a.restaurantId,
    serviceDate: SCENARIO_DATE,
    createdBy: w.ownerOfA.id,
  });
  return run.runId;
}
