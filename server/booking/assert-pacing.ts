import { sql } from "kysely";
import { DomainError } from "@/server/http/errors";
import type { Tx } from "@/server/infra/db/open-db";
import type { BookingSource } from "@/server/infra/db/schema";
import type { TServiceWindow } from "./find-service-window";

/**
 * Pacing caps: covers starting in one slot (all sources, and online ones separately). Checking and inserting must
 * not interleave, so bookings for the same slot serialise on a transaction-scoped advisory lock until commit.
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
  const lockKey = `pacing:${restaurantId}:${window.slotStart.toISOString()}`;
  await sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`.execute(tx);
  const row = await tx
    .selectFrom("bookings")
    .select([
      sql<number>`coalesce(sum(party_size), 0)::integer`.as("covers"),
      sql<number>`coalesce(sum(party_size) filter (where source = 'online'), 0)::integer`.as("online"),
    ])
    .where("restaurant_id", "=", restaurantId)
    .where("starts_at", ">=", window.slotStart)
    .where("starts_at", "<", window.slotEnd)
    .where("status", "not in", ["cancelled", "no_show"])
    .executeTakeFirstOrThrow();
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
