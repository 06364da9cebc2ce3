import type { TCoordinatorDeps } from "@/server/coordinator/coordinator-deps";
import type { TRuntime } from "./get-runtime";

/** The coordinator's adapters from the runtime; `wakeAssignWorkers` announces a committed assignment job to every
 * worker process (LISTEN/NOTIFY), so a booking handed over to its job starts within milliseconds; `deadlineMs` is
 * how long a request waits for an inline assignment before its job finishes it (INLINE_ASSIGN_DEADLINE_MS). */
export function coordinatorDepsOf(
  runtime: TRuntime,
): TCoordinatorDeps & { wakeAssignWorkers: () => void; deadlineMs: number } {
  return {
    deadlineMs: runtime.env.INLINE_ASSIGN_DEADLINE_MS,
    wakeAssignWorkers: () => runtime.queue.announce("booking.assign"),
    db: runtime.db,
    locks: runtime.locks,
    enqueue: runtime.queue.enqueue,
    log: runtime.log.child({ component: "coordinator" }),
    assignmentLimiter: runtime.rateLimiters.assignment,
  };
}
