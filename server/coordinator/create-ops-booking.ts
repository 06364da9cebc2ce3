import { randomUUID } from "node:crypto";
import { z } from "zod";
import { findIdempotentBooking } from "@/server/booking/find-idempotent-booking";
import { getBookingRules } from "@/server/booking/load-booking-rules";
import type { TBookingActor } from "@/server/booking/machine";
import { resolveServiceWindow } from "@/server/booking/resolve-service-window";
import { transitionBooking } from "@/server/booking/transition-booking";
import { DomainError } from "@/server/errors/domain-error";
import { parseStartInstant } from "@/server/time/zoned-time";
import { zStartsAt } from "@/server/validation/z-text";
import type { TCoordinatorDeps } from "./coordinator-deps";
import { createAndAssignBooking, type TCreateAndAssignResult } from "./create-and-assign-booking";
import { ZCreateBookingRequestSchema } from "./create-booking-request";
import { planBookingTables } from "./plan-booking-tables";

/** POST /api/ops/bookings: a walk-in or a phone booking taken by staff. */
export const ZCreateOpsBookingRequestSchema = ZCreateBookingRequestSchema.omit({ startsAt: true })
  .extend({
    restaurantId: z.uuid(),
    /** Required for phone bookings; a walk-in starts now when it is left out. */
    startsAt: zStartsAt.optional(),
    source: z.enum(["walk_in", "phone"]),
    /** Walk-ins only: seat the party now on the best plan (assigned, then checked in), or refuse. */
    seatNow: z.boolean().optional(),
  })
  .refine((body) => body.source === "walk_in" || body.startsAt !== undefined, {
    path: ["startsAt"],
    message: "a phone booking needs its start time",
  })
  .refine((body) => !body.seatNow || body.source === "walk_in", {
    path: ["seatNow"],
    message: "only a walk-in can be seated now",
  });

export type TCreateOpsBookingRequest = z.infer<typeof ZCreateOpsBookingRequestSchema>;

export type TCreateOpsBookingResult = TCreateAndAssignResult;

/**
 * Staff take a booking through the same coordinator path as booking clients (create + assignment job in one
 * transaction, then the inline assignment), as themselves and on the channel they name. `seatNow` first asks the
 * planner whether a table set is free for the party right now — refusing (NO_TABLE_NOW) before anything is written
 * — then checks the party in once the assignment placed it.
 */
export async function createOpsBooking(
  deps: TCoordinatorDeps & { wakeAssignWorkers?: () => void; deadlineMs: number },
  {
    request: { restaurantId, seatNow = false, startsAt, ...fields },
    actor,
    idempotencyKey,
    now = new Date(),
  }: { request: TCreateOpsBookingRequest; actor: TBookingActor; idempotencyKey: string | null; now?: Date },
): Promise<TCreateOpsBookingResult> {
  const existing = idempotencyKey
    ? await findIdempotentBooking(deps.db.kysely, { restaurantId, actor, key: idempotencyKey })
    : undefined;
  // A retried walk-in means the start first sent ("now" then), not a new "now".
  const start = startsAt ?? existing?.startsAt ?? now;
  if (seatNow && !existing) await assertTableFreeNow(deps, { restaurantId, start, now, fields });
  const result = await createAndAssignBooking(deps, {
    ...fields,
    restaurantId,
    startsAt: start,
    actor,
    idempotencyKey,
    deadlineMs: deps.deadlineMs,
  });
  const placed = result.assignment?.outcome === "assigned" || result.assignment?.outcome === "already_assigned";
  // A replay is answered as the booking stands (seated then or not); a party the race left without tables waits.
  if (!seatNow || result.replayed || !placed) return result;
  await transitionBooking({
    db: deps.db,
    bookingId: result.body.bookingId,
    restaurantId,
    event: { type: "CHECK_IN" },
    actor,
    enqueue: deps.enqueue,
    reason: "walk-in seated on arrival",
  });
  return result;
}

async function assertTableFreeNow(
  deps: TCoordinatorDeps,
  {
    restaurantId,
    start,
    now,
    fields,
  }: {
    restaurantId: string;
    start: Date | string;
    now: Date;
    fields: { partySize: number; preferredZoneId?: string | null };
  },
): Promise<void> {
  const { rules } = await getBookingRules(deps.db.kysely, restaurantId);
  if (!rules) throw new DomainError("NOT_FOUND", `restaurant ${restaurantId} not found`);
  let startsAt: Date;
  try {
    startsAt = parseStartInstant(start, rules.timezone);
  } catch {
    return; // not a time at all: createBooking refuses it with the field named
  }
  const window = resolveServiceWindow({ rules, startsAt, partySize: fields.partySize });
  const result = await planBookingTables({
    db: deps.db.kysely,
    booking: {
      id: randomUUID(),
      restaurantId,
      partySize: fields.partySize,
      startsAt: window.startsAt,
      endsAt: window.endsAt,
      source: "walk_in",
      preferredZoneId: fields.preferredZoneId ?? null,
      servicePeriodId: window.servicePeriodId,
    },
    asOf: now,
    limit: 1,
  });
  if (result.plans.length > 0) return;
  throw new DomainError("NO_TABLE_NOW", `no table set is free for a party of ${fields.partySize} now`, {
    meta: {
      partySize: fields.partySize,
      nextTimes: result.nextTimes.map((t) => new Date(t).toISOString()),
      rejected: result.diagnostics.rejected,
    },
  });
}
