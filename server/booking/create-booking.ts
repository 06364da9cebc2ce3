import { DomainError, isDomainError } from "@/server/errors/domain-error";
import { hashRequest } from "@/server/infra/crypto/hash-request";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { Booking, BookingSource, BookingStatus } from "@/server/infra/db/schema";
import type { TEnqueue, TJobRequest } from "@/server/infra/queue/job-definition";
import { parseStartInstant } from "@/server/time/zoned-time";
import { assertOnlineCutoff, assertWithinHorizon } from "./booking-horizon";
import { callCreateBooking } from "./booking-repository";
import { generateBookingReference } from "./generate-booking-reference";
import { idempotencyScopeOf } from "./idempotency-scope";
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
  /** Client idempotency key, unique per client (the actor: API key, member of staff): a replay of the same
   * request returns the booking created first; the same key with a different request is refused. */
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
  const now = input.now ?? new Date();
  assertWithinHorizon({ startsAt, now, rules });
  const idempotency = input.idempotencyKey
    ? {
        scope: idempotencyScopeOf(input.actor),
        key: input.idempotencyKey,
        requestHash: hashRequest(canonicalRequestOf(input, startsAt)),
      }
    : null;
  if (idempotency) {
    const existing = await findByIdempotencyKey(tx, input.restaurantId, idempotency);
    if (existing) return replay(existing, { ...input, startsAt }, idempotency.requestHash);
  }
  // After the replay: a booking made in time is answered the same when its retry comes after the cut-off.
  assertOnlineCutoff({ startsAt, now, rules, source: input.source });
  if (input.preferredZoneId) await assertZone(tx, input.restaurantId, input.preferredZoneId);
  const window = resolveServiceWindow({ rules, startsAt, partySize: input.partySize });

  // created → capacity_verified → assignment_pending, as the machine decides, written with the insert.
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
        idempotency_key: idempotency?.key ?? null,
        idempotency_scope: idempotency?.scope ?? null,
        idempotency_request_hash: idempotency?.requestHash ?? null,
      },
      actor: input.actor,
      metadata: { source: input.source, partySize: input.partySize, turnMinutes: window.turnMinutes },
      steps: [first, ...rest],
      rulesVersion: rules.rulesVersion,
      pacing: pacingCheckOf(window, input.source),
    }).catch((error: unknown) => {
      throw isDomainError(error, "PACING_LIMIT") ? explainPacingLimit(error, window, input.partySize) : error;
    });
    if (!inserted && idempotency) {
      const existing = await findByIdempotencyKey(tx, input.restaurantId, idempotency);
      if (existing) return replay(existing, { ...input, startsAt }, idempotency.requestHash);
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

// Instants PostgreSQL, the planner and every client can hold; anything else is a typo or a probe.
const EARLIEST_START = Date.UTC(2000, 0, 1);
const LATEST_START = Date.UTC(9999, 11, 31);

function parseStart(value: Date | string, timeZone: string): Date {
  let startsAt: Date;
  try {
    startsAt = parseStartInstant(value, timeZone);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DomainError("VALIDATION_FAILED", message, { errors: [{ path: "startsAt", message }] });
  }
  const ms = startsAt.getTime();
  if (!Number.isFinite(ms) || ms < EARLIEST_START || ms > LATEST_START) {
    const message = "must be a date between the years 2000 and 9999";
    throw new DomainError("VALIDATION_FAILED", `startsAt ${message}`, { errors: [{ path: "startsAt", message }] });
  }
  return startsAt;
}

/** What makes two booking requests the same request (the validated fields, the start as an instant). */
function canonicalRequestOf(input: TCreateBookingInput, startsAt: Date): Record<string, unknown> {
  return {
    partySize: input.partySize,
    startsAt: startsAt.toISOString(),
    guestName: input.guestName,
    guestEmail: input.guestEmail ?? null,
    guestPhone: input.guestPhone ?? null,
    notes: input.notes ?? null,
    tags: input.tags ?? [],
    preferredZoneId: input.preferredZoneId ?? null,
    source: input.source,
  };
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

function findByIdempotencyKey(
  tx: Tx,
  restaurantId: string,
  { scope, key }: { scope: string; key: string },
): Promise<Booking | undefined> {
  return tx
    .selectFrom("bookings")
    .selectAll()
    .where("restaurant_id", "=", restaurantId)
    .where("idempotency_scope", "=", scope)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

/**
 * Same key, same request → the booking created first (as it is now); same key, other request → refused. The
 * request is compared by its canonical hash as first sent (so staff edits to the booking since do not break a
 * client's retry); the fields named in the refusal are those that differ from the booking as it stands.
 */
function replay(
  existing: Booking,
  input: TCreateBookingInput & { startsAt: Date },
  requestHash: string,
): TCreateBookingResult {
  // Keys written before requests were hashed carry no hash: they replay on the key, as they did then.
  if (existing.idempotency_request_hash !== null && existing.idempotency_request_hash !== requestHash) {
    const sent = canonicalRequestOf(input, input.startsAt);
    const stored = canonicalRequestOf(
      {
        ...input,
        partySize: existing.party_size,
        guestName: existing.guest_name,
        guestEmail: existing.guest_email,
        guestPhone: existing.guest_phone,
        notes: existing.notes,
        tags: existing.tags,
        preferredZoneId: existing.preferred_zone_id,
        source: existing.source,
      },
      existing.starts_at,
    );
    const differs = Object.keys(sent).filter((k) => JSON.stringify(sent[k]) !== JSON.stringify(stored[k]));
    throw new DomainError("IDEMPOTENCY_KEY_REUSED", `booking ${existing.reference} was created with this key`, {
      meta: { reference: existing.reference, key: input.idempotencyKey, differs },
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
