import { sql } from "kysely";
import { DomainError } from "@/server/http/errors";
import type { Tx } from "@/server/infra/db/open-db";
import type { BookingSource } from "@/server/infra/db/schema";
import type { TServiceWindow } from "./resolve-service-window";

/**
 * Pacing caps: covers starting in one slot (all sources, and online ones separately). Checking and inserting must
 * not interleave, so bookings for the same slot serialise on a transaction-scoped advisory lock until commit
 * (taken and followed by the count in one call: maitre_slot_covers).
 */
export async function assertPacing(
  tx: Tx,
  {
    restaurantId,
    window,
    partySize,
    source,
  }: { restaurantId: string; window: TServiceWindow; partySize: number; source: BookingSource },
): Promise<void> {
  const { pacingCoversPerSlot: cap, pacingOnlineCoversPerSlot: onlineCap } = window;
  if (cap === null && (onlineCap === null || source !== "online")) return;
  const { rows } = await sql<{ result: { covers: number; online: number } }>`select maitre_slot_covers(
    ${restaurantId}::uuid, ${window.slotStart}::timestamptz, ${window.slotEnd}::timestamptz) as result`.execute(tx);
  const row = rows[0]?.result ?? { covers: 0, online: 0 };
  const slot = `${window.local.date} ${window.local.time.slice(0, 5)}`;
  if (cap !== null && row.covers + partySize > cap) {
    throw new DomainError("PACING_LIMIT", `${row.covers} of ${cap} covers already start in the slot of ${slot}`, {
      meta: { slotStart: window.slotStart.toISOString(), covers: row.covers, cap, partySize },
    });
  }
  if (source === "online" && onlineCap !== null && row.online + partySize > onlineCap) {
    throw new DomainError(
      "PACING_LIMIT",
      `${row.online} of ${onlineCap} online covers already start in the slot of ${slot}`,
      {
        hint: "Choose a neighbouring time slot, or call the restaurant",
        meta: { slotStart: window.slotStart.toISOString(), onlineCovers: row.online, onlineCap, partySize },
      },
    );
  }
}
