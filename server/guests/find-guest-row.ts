import type { Selectable } from "kysely";
import { z } from "zod";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { GuestsTable } from "@/server/infra/db/schema";

export type TGuestRow = Selectable<GuestsTable>;

const ZGuestId = z.uuid();

export function guestNotFound(guestId: string): DomainError {
  return new DomainError("NOT_FOUND", `guest ${guestId} not found`, {
    hint: "Search the restaurant's guests again and open one of them; it may have been merged or belong to another restaurant",
  });
}

/**
 * One guest of the restaurant (any state: merged, erased), optionally locked for update. Another restaurant's guest,
 * an unknown id and a string that is no id are NOT_FOUND alike.
 */
export async function findGuestRow(
  db: Queryable,
  { restaurantId, guestId, forUpdate = false }: { restaurantId: string; guestId: string; forUpdate?: boolean },
): Promise<TGuestRow> {
  if (!ZGuestId.safeParse(guestId).success) throw guestNotFound(guestId);
  let query = db.selectFrom("guests").selectAll().where("id", "=", guestId).where("restaurant_id", "=", restaurantId);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw guestNotFound(guestId);
  return row;
}
