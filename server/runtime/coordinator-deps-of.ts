import type { TCoordinatorDeps } from "@/server/coordinator/coordinator-deps";
import type { TRuntime } from "./get-runtime";

export function coordinatorDepsOf(runtime: TRuntime): TCoordinatorDeps {
  return {
    db: runtime.db,
    locks: runtime.locks,
    enqueue: runtime.queue.enqueue,
    log: runtime.log.child({ component: "coordinator" }),
    assignmentLimiter: runtime.rateLimiters.assignment,
  };
}
