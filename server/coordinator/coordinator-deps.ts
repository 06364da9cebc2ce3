import type { TBookingActor } from "@/server/booking/machine";
import type { Db } from "@/server/infra/db/open-db";
import type { AttemptTrigger } from "@/server/infra/db/schema";
import type { LockManager } from "@/server/infra/locks";
import type { TEnqueue } from "@/server/infra/queue/job-definition";
import type { RateLimiter } from "@/server/infra/ratelimit";
import type { Logger } from "@/server/infra/telemetry/logger";

/** What the coordinator needs from the outside world; the runtime wires the real adapters, tests too. */
export type TCoordinatorDeps = {
  db: Db;
  locks: LockManager;
  /** The outbox: enqueue inside the caller's transaction. */
  enqueue: TEnqueue;
  log: Logger;
  /** Per-restaurant budget for assignment work (a surge at one venue must not starve the others). */
  assignmentLimiter?: RateLimiter;
  now?: () => Date;
  /** Test seam: runs between an online repair's plan and its commit (the race tests take tables here). */
  onRepairPlanned?: () => Promise<void>;
};

export const coordinatorActor = (trigger: AttemptTrigger): TBookingActor => ({ type: "coordinator", id: trigger });

/** Placed bookings: a second runner finds one of these and exits `already_assigned`. */
export const PLACED_STATUSES = ["assigned", "confirmed", "checked_in", "completed"] as const;
