import { sql } from "kysely";
import { DomainError } from "@/server/errors/domain-error";
import type { Tx } from "@/server/infra/db/open-db";
import type { Booking } from "@/server/infra/db/schema";
import { explainPacingLimit, pacingCheckOf } from "./pacing-check";
import type { TServiceWindow } from "./resolve-service-window";

type TEditedBooking = Pick<Booking, "restaurant_id" | "starts_at" | "party_size" | "status" | "source">;

/**
 * A booking moved to another time or grown must fit its new slot's pacing caps, as a new booking would: the slot's
 * covers are counted under the same transaction-scoped lock create_booking takes (maitre_slot_covers), so an edit
 * and a concurrent booking can not both squeeze into the last covers. The booking's own covers, if it already
 * starts in that slot, are not counted twice. PACING_LIMIT in the create path's words when it does not fit.
 */
export async function assertEditWithinPacing(
  tx: Tx,
  { booking, window, partySize }: { booking: TEditedBooking; window: TServiceWindow; partySize: number },
): Promise<void> {
  const pacing = pacingCheckOf(window, booking.source);
  if (!pacing) return;
  const { rows } = await sql<{ counted: { covers: number; online: number } }>`
    select maitre_slot_covers(${booking.restaurant_id}::uuid, ${pacing.slotStart}::timestamptz,
      ${pacing.slotEnd}::timestamptz) as counted`.execute(tx);
  const counted = rows[0]?.counted ?? { covers: 0, online: 0 };
  const start = new Date(booking.starts_at).getTime();
  const countedAlready =
    start >= Date.parse(pacing.slotStart) &&
    start < Date.parse(pacing.slotEnd) &&
    booking.status !== "cancelled" &&
    booking.status !== "no_show";
  const others = counted.covers - (countedAlready ? booking.party_size : 0);
  const online = booking.source === "online";
  const otherOnline = counted.online - (countedAlready && online ? booking.party_size : 0);
  if (pacing.cap !== null && others + partySize > pacing.cap) {
    throw explainPacingLimit(refusal({ scope: "all", covers: others, cap: pacing.cap }), window, partySize);
  }
  if (online && pacing.onlineCap !== null && otherOnline + partySize > pacing.onlineCap) {
    throw explainPacingLimit(
      refusal({ scope: "online", online: otherOnline, onlineCap: pacing.onlineCap }),
      window,
      partySize,
    );
  }
}

function refusal(meta: Record<string, unknown>): DomainError {
  return new DomainError("PACING_LIMIT", "the slot's pacing cap is reached", { meta });
}
