import type { TBookingActor } from "./machine";

/**
 * Whose Idempotency-Key it is: one API key, one member of staff. Keys are the client's own namespace — two booking
 * clients of one restaurant may both send `order-1` and each gets its own booking, never a view of the other's.
 */
export function idempotencyScopeOf(actor: Pick<TBookingActor, "type" | "id">): string {
  return `${actor.type}:${actor.id ?? "-"}`;
}
