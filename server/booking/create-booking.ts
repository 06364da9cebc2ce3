import { DomainError, isDomainError } from "@/server/errors/domain-error";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { Booking, BookingSource, BookingStatus } from "@/server/infra/db/schema";
import type { TEnqueue, TJobRequest } from "@/server/infra/queue/job-definition";
import { parseStartInstant } from "@/server/time/zoned-time";
import { callCreateBooking } from "./booking-repository";
import { generateBookingReference } from "./generate-booking-reference";
import { bookingContextOf } from "./load-booking-for-transition";
import { getBookingRules, reloadBookingRules, type TBookingRules } from "./load-booking-rules";
import { planBookingTransitions, type TBookingActor } from "./machine";
import { explainPacingLimit, pacingCheckOf } from "./pacing-check";
import { resolveServiceWindow } from "./resolve-service-window";
import { enqueueChainEffects, stepsOf } from "./transition-booking";

export type TCreateBookingInput = {
  restaurantId: string;
  actor: TBookingActor;
  partySize: number;
  /** An instant (Date, or ISO text with offset) or restaurant-local wall time such as `2026-03-06T19:00`. */
  startsAt: Date | string;
  guestName: string;
  guestEmail?: string | null;
  guestPhone?: string | null;
  source: BookingSource;
  notes?: string | null;
  tags?: string[];
  preferredZoneId?: string | null;
  /** Client idempotency key, unique per restaurant: a replay returns the booking created first. */
  idempotencyKey?: string | null;
  /** Starts before this instant are refused (a booking client cannot book the past; ops may record a walk-in). */
  notBefore?: Date;
  now?: Date;
  /** Outbox hook: `booking.assign` is enqueued in the same transaction as the insert. */
  enqueue?: TEnqueue;
};

export type TCreatedBooking = {
  bookingId: string;
  reference: string;
  restaurantId: string;
  servicePeriodId: string | null;
  status: BookingStatus;
  stateVersion: number;
  partySize: number;
  startsAt: string;
  endsAt: string;
  source: BookingSource;
  guestName: string;
};

export type TCreateBookingResult = {
  status: 201;
  body: TCreatedBooking;
  replayed: boolean;
  jobs: TJobRequest[];
  /** A new booking's row as committed and the rules it was checked against (not on a replay): the coordinator
   * starts from them instead of reading them again. */
  fresh?: { row: Booking; rules: TBookingRules };
};

const MAX_REFERENCE_ATTEMPTS = 5;

export async function createBooking({ db, ...input }: TCreateBookingInput & { db: Db }): Promise<TCreateBookingResult> {
  // The rules come from this process's cache; create_booking refuses them if the restaurant's changed since. A
  // refusal is never based on cached rules alone (hours may have been extended, a cap raised, in another
  // process): any domain error from an attempt on cached rules is checked again once on freshly read ones.
  let { rules, cached } = await getBookingRules(db.kysely, input.restaurantId);
  for (;;) {
    if (!rules) throw new DomainError("NOT_FOUND", `restaurant ${input.restaurantId} not found`);
    const checkedAgainst = rules;
    try {
      return await db.transaction((tx) => createBookingInTx(tx, input, checkedAgainst));
    } catch (error) {
      if (!cached || !isDomainError(error)) throw error;
      rules = await reloadBookingRules(db.kysely, input.restaurantId);
      cached = false;
    }
  }
}

/**
 * Creates a booking and, in the same transaction, verifies capacity (service open, party size, pacing) and queues
 * it for assignment: created → capacity_verified → assignment_pending, one history row each. The window is
 * computed here ONCE from the service period (turn time by party size + buffer). `rules`: the restaurant's
 * booking rules as the caller has them (loadBookingRules / getBookingRules); create_booking checks their version.
 */
export async function createBookingInTx(
  tx: Tx,
  input: TCreateBookingInput,
  rules: TBookingRules,
): Promise<TCreateBookingResult> {
  if (!Number.isInteger(input.partySize) || input.partySize < 1) {
    throw new DomainError("VALIDATION_FAILED", "party size must be a positive whole number", {
      errors: [{ path: "partySize", message: "must be an integer of at least 1" }],
    });
  }
  if (input.partySize > rules.maxPartySize) {
    throw new DomainError("PARTY_TOO_LARGE", `parties of up to ${rules.maxPartySize} can book here`, {
      meta: { partySize: input.partySize, maxPartySize: rules.maxPartySize },
    });
  }
  const startsAt = parseStart(input.startsAt, rules.timezone);
  if (input.notBefore && startsAt.getTime() < input.notBefore.getTime()) {
    throw new DomainError("VALIDATION_FAILED", `${startsAt.toISOString()} is in the past`, {
      hint: "Choose a time from now on",
      errors: [{ path: "startsAt", message: "must not be in the past" }],
    });
  }
  if (input.idempotencyKey) {
    const existing = await findByIdempotencyKey(tx, input.restaurantId, input.idempotencyKey);
    if (existing) return replay(existing, { ...input, startsAt });
  }
  if (input.preferredZoneId) await assertZone(tx, input.restaurantId, input.preferredZoneId);
  const window = resolveServiceWindow({ rules, startsAt, partySize: input.partySize });

  // created → capacity_verified → assignment_pending, as the machine decides, written with the insert.
  const now = input.now ?? new Date();
  const plans = planBookingTransitions({
    status: "created",
    context: bookingContextOf(
      {
        starts_at: window.startsAt,
        assignment_failures: 0,
        no_show_undo_minutes: rules.noShowUndoMinutes,
        check_in_lead_minutes: rules.checkInLeadMinutes,
      },
      { actor: input.actor, now },
    ),
    events: [{ type: "CAPACITY_VERIFIED" }, { type: "QUEUE_ASSIGNMENT" }],
  });
  const { first, rest } = stepsOf(plans, {}, now);
  let inserted: { row: Booking; venueVersion: number } | undefined;
  for (let attempt = 0; attempt < MAX_REFERENCE_ATTEMPTS && !inserted; attempt++) {
    // Nothing is written on any unique clash: a concurrent request with the same key (found below) or a
    // reference clash (a new reference next time round).
    inserted = await callCreateBooking(tx, {
      row: {
        restaurant_id: rules.restaurantId,
        reference: generateBookingReference(),
        service_period_id: window.servicePeriodId,
        guest_name: input.guestName,
        guest_email: input.guestEmail ?? null,
        guest_phone: input.guestPhone ?? null,
        party_size: input.partySize,
        starts_at: window.startsAt,
        ends_at: window.endsAt,
        source: input.source,
        notes: input.notes ?? null,
        tags: input.tags ?? [],
        preferred_zone_id: input.preferredZoneId ?? null,
        idempotency_key: input.idempotencyKey ?? null,
      },
      actor: input.actor,
      metadata: { source: input.source, partySize: input.partySize, turnMinutes: window.turnMinutes },
      steps: [first, ...rest],
      rulesVersion: rules.rulesVersion,
      pacing: pacingCheckOf(window, input.source),
    }).catch((error: unknown) => {
      throw isDomainError(error, "PACING_LIMIT") ? explainPacingLimit(error, window, input.partySize) : error;
    });
    if (!inserted && input.idempotencyKey) {
      const existing = await findByIdempotencyKey(tx, input.restaurantId, input.idempotencyKey);
      if (existing) return replay(existing, { ...input, startsAt });
    }
  }
  if (!inserted) throw new Error("could not generate a unique booking reference");
  const jobs = await enqueueChainEffects(tx, {
    plans,
    bookingId: inserted.row.id,
    restaurantId: inserted.row.restaurant_id,
    fromVersion: 0,
    enqueue: input.enqueue,
  });
  return {
    status: 201,
    body: toCreated(inserted.row),
    replayed: false,
    jobs,
    // The rules as checked (their version matched), with the floor's version as of this transaction.
    fresh: { row: inserted.row, rules: { ...rules, venueVersion: inserted.venueVersion } },
  };
}

function parseStart(value: Date | string, timeZone: string): Date {
  try {
    return parseStartInstant(value, timeZone);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DomainError("VALIDATION_FAILED", message, { errors: [{ path: "startsAt", message }] });
  }
}

async function assertZone(tx: Tx, restaurantId: string, zoneId: string): Promise<void> {
  const zone = await tx
    .selectFrom("zones")
    .select("id")
    .where("restaurant_id", "=", restaurantId)
    .where("id", "=", zoneId)
    .executeTakeFirst();
  if (!zone) {
    throw new DomainError("VALIDATION_FAILED", "preferred zone is not a zone of this restaurant", {
      errors: [{ path: "preferredZoneId", message: "unknown zone" }],
    });
  }
}

function findByIdempotencyKey(tx: Tx, restaurantId: string, key: string): Promise<Booking | undefined> {
  return tx
    .selectFrom("bookings")
    .selectAll()
    .where("restaurant_id", "=", restaurantId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

/** Same key, same request → the booking created first (as it is now); same key, other request → refused. */
function replay(existing: Booking, input: TCreateBookingInput & { startsAt: Date }): TCreateBookingResult {
  const differs: string[] = [];
  if (existing.party_size !== input.partySize) differs.push("partySize");
  if (existing.starts_at.getTime() !== input.startsAt.getTime()) differs.push("startsAt");
  if (existing.guest_name !== input.guestName) differs.push("guestName");
  if (existing.guest_email !== (input.guestEmail ?? null)) differs.push("guestEmail");
  if (existing.guest_phone !== (input.guestPhone ?? null)) differs.push("guestPhone");
  if (existing.source !== input.source) differs.push("source");
  if (differs.length > 0) {
    throw new DomainError("IDEMPOTENCY_KEY_REUSED", `booking ${existing.reference} was created with this key`, {
      meta: { reference: existing.reference, differs },
      errors: differs.map((path) => ({ path, message: "differs from the request first sent with this key" })),
    });
  }
  return { status: 201, body: toCreated(existing), replayed: true, jobs: [] };
}

function toCreated(row: Booking): TCreatedBooking {
  return {
    bookingId: row.id,
    reference: row.reference,
    restaurantId: row.restaurant_id,
    servicePeriodId: row.service_period_id,
    status: row.status,
    stateVersion: row.state_version,
    partySize: row.party_size,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    source: row.source,
    guestName: row.guest_name,
  };
}
