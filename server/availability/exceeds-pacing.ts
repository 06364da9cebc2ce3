import type { TPacingCheck } from "@/server/booking/pacing-check";
import type { BookingSource } from "@/server/infra/db/schema";
import type { TStartCovers } from "./load-start-covers";

/**
 * create_booking's pacing test (maitre_slot_covers under the slot's lock): the slot's covers plus the party over
 * the cap, and for online bookings the slot's online covers plus the party over the online cap. The SQL function
 * is where the rule is enforced; this is its read-side twin, over covers read for the whole day.
 */
export function exceedsPacing({
  pacing,
  covers,
  partySize,
  source,
}: {
  pacing: TPacingCheck;
  covers: readonly TStartCovers[];
  partySize: number;
  source: BookingSource;
}): boolean {
  const from = Date.parse(pacing.slotStart);
  const to = Date.parse(pacing.slotEnd);
  let all = 0;
  let online = 0;
  for (const c of covers) {
    if (c.start < from || c.start >= to) continue;
    all += c.covers;
    online += c.online;
  }
  if (pacing.cap !== null && all + partySize > pacing.cap) return true;
  return source === "online" && pacing.onlineCap !== null && online + partySize > pacing.onlineCap;
}
