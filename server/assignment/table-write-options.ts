import type { TBookingActor } from "@/server/booking/machine";
import type { TEnqueue } from "@/server/infra/queue/job-definition";

/** What every table write (commit, confirm hold, unassign) takes besides its own subject. */
export type TTableWriteOptions = {
  restaurantId: string;
  actor: TBookingActor;
  /** Fencing token: the version the caller saw. Omitted = the booking as it is now (still under its row lock). */
  expectedVersion?: number;
  idempotencyKey?: string | null;
  reason?: string | null;
  metadata?: Record<string, unknown>;
  now?: Date;
  /** Outbox hook: the machine's effects become jobs in the same transaction. */
  enqueue?: TEnqueue;
};
