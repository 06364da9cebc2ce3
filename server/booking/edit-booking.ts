import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { TEnqueue } from "@/server/infra/queue/job-definition";
import { parseStartInstant } from "@/server/time/zoned-time";
import { assertEditWithinPacing } from "./assert-edit-pacing";
import { assertWithinHorizon } from "./booking-horizon";
import { findBookingForUpdate, type TBookingWriteResult } from "./booking-repository";
import { callEditBooking } from "./edit-booking-repository";
import { RESCHEDULABLE_STATUSES, type TEditBookingRequest } from "./edit-booking-schema";
import { loadBookingForTransition } from "./load-booking-for-transition";
import { reloadBookingRules } from "./load-booking-rules";
import { planBookingTransition, type TBookingActor } from "./machine";
import { resolveServiceWindow } from "./resolve-service-window";
import { enqueueChainEffects } from "./transition-booking";

export type TEditBookingResult =
  | { changed: false }
  | {
      changed: true;
      /** The window or the party changed (a placed booking's tables were re-checked). */
      moved: boolean;
      /** true: its tables still fit and moved with it; false: released for a re-plan; null: it had none to check. */
      keptTables: boolean | null;
      write: TBookingWriteResult;
    };

/**
 * Applies a staff edit under the booking's row lock with its version as compare-and-set (edit_booking): a new start
 * or party gets its window from the service period, as at creation; a placed booking keeps its tables when they
 * still seat it in the new window, else the machine's UNASSIGN step releases them (and queues assignment).
 * Nothing that differs: nothing written.
 */
export async function editBooking({
  db,
  enqueue,
  bookingId,
  restaurantId,
  actor,
  request,
  now = new Date(),
}: {
  db: Db;
  enqueue?: TEnqueue;
  bookingId: string;
  restaurantId: string;
  actor: TBookingActor;
  request: TEditBookingRequest;
  now?: Date;
}): Promise<TEditBookingResult> {
  return db.transaction(async (tx) => {
    // One locking read; loadBookingForTransition checks restaurant and version on it (STALE_VERSION when moved).
    const locked = await findBookingForUpdate(tx, bookingId);
    const { booking, context } = await loadBookingForTransition(tx, {
      bookingId,
      restaurantId,
      expectedVersion: request.expectedVersion,
      actor,
      now,
      seen: locked,
    });
    if (!locked) throw new DomainError("NOT_FOUND", `booking ${bookingId} not found`);
    const startsAt = request.startsAt ? parseStart(request.startsAt, locked.timezone) : locked.starts_at;
    const partySize = request.partySize ?? locked.party_size;
    const moved = startsAt.getTime() !== locked.starts_at.getTime() || partySize !== locked.party_size;
    const notesChanged = request.notes !== undefined && (request.notes ?? null) !== locked.notes;
    if (!moved && !notesChanged) return { changed: false };
    const changes: Record<string, unknown> = notesChanged ? { notes: request.notes ?? null } : {};
    const before: Record<string, unknown> = notesChanged ? { notes: locked.notes } : {};
    if (moved) {
      if (!RESCHEDULABLE_STATUSES.includes(booking.status)) {
        throw new DomainError("INVALID_TRANSITION", `a ${booking.status} booking's time and party cannot change`, {
          hint: "Only the notes of a seated or finished booking can change",
          meta: { status: booking.status },
        });
      }
      // Read fresh (and refreshed for the process): an edit is rare, and must see today's caps and hours.
      const rules = await reloadBookingRules(tx, restaurantId);
      if (!rules) throw new DomainError("NOT_FOUND", `restaurant ${restaurantId} not found`);
      if (partySize > rules.maxPartySize) {
        throw new DomainError("PARTY_TOO_LARGE", `parties of up to ${rules.maxPartySize} can book here`, {
          meta: { partySize, maxPartySize: rules.maxPartySize },
        });
      }
      if (startsAt.getTime() !== locked.starts_at.getTime()) {
        assertNotInThePast({ startsAt, now });
        assertWithinHorizon({ startsAt, now, rules });
      }
      const window = resolveServiceWindow({ rules, startsAt, partySize });
      await assertEditWithinPacing(tx, { booking: locked, window, partySize });
      Object.assign(changes, {
        startsAt: window.startsAt.toISOString(),
        endsAt: window.endsAt.toISOString(),
        partySize,
        servicePeriodId: window.servicePeriodId,
      });
      Object.assign(before, {
        startsAt: locked.starts_at.toISOString(),
        endsAt: locked.ends_at.toISOString(),
        partySize: locked.party_size,
      });
    }
    // Planned before the write: if the tables turn out not to fit, the machine's UNASSIGN is what releases them.
    const misfit =
      moved && (booking.status === "assigned" || booking.status === "confirmed")
        ? planBookingTransition({
            status: booking.status,
            context,
            event: { type: "UNASSIGN" },
          })
        : null;
    const write = await callEditBooking(tx, {
      bookingId,
      expectedVersion: request.expectedVersion,
      changes,
      actor,
      metadata: { before, after: changes, at: now.toISOString() },
      misfit: misfit && {
        to: misfit.to,
        event: misfit.event.type,
        reason: "its tables no longer seat the party in the new window",
      },
    });
    if (write.keptTables === false && misfit) {
      // The EDIT step took one version, UNASSIGN the next: its effects (requestAssignment) belong to that one.
      await enqueueChainEffects(tx, {
        plans: [misfit],
        bookingId,
        restaurantId,
        fromVersion: request.expectedVersion + 1,
        enqueue,
      });
    }
    return { changed: true, moved, keptTables: write.keptTables, write };
  });
}

/** Staff may move a booking to now (a walk-in's table turned late) but not into the past. */
const PAST_GRACE_MS = 15 * 60 * 1000;

function assertNotInThePast({ startsAt, now }: { startsAt: Date; now: Date }): void {
  if (startsAt.getTime() >= now.getTime() - PAST_GRACE_MS) return;
  throw new DomainError("VALIDATION_FAILED", `${startsAt.toISOString()} is in the past`, {
    hint: "Move the booking to now or a later time",
    errors: [{ path: "body.startsAt", message: "must not be more than 15 minutes in the past" }],
  });
}

function parseStart(value: string, timeZone: string): Date {
  try {
    return parseStartInstant(value, timeZone);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DomainError("VALIDATION_FAILED", message, { errors: [{ path: "body.startsAt", message }] });
  }
}
