import { sql } from "kysely";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import { findGuestDetail } from "./find-guest-detail";
import { guestNotFound } from "./find-guest-row";
import { MAX_GUEST_NOTES_LENGTH, MAX_GUEST_TAGS, type TMergeGuestsResponse, uniqueTags } from "./guest-schema";

/**
 * Merges duplicates (sources) into one guest (target), in ONE transaction: the sources' bookings are re-pointed
 * to the target, their tags and notes are added to the target's, and each source (and anything merged into it
 * before) points at the target — a source keeps its email and phone, so a later booking with them finds the
 * target (maitre_resolve_guest follows merged_into). Rows are locked in id order (two merges never deadlock).
 * Any guest unknown, of another restaurant, erased or already merged: nothing changes.
 */
export async function mergeGuests(
  db: Db,
  {
    restaurantId,
    sourceGuestIds,
    targetGuestId,
    now,
  }: { restaurantId: string; sourceGuestIds: readonly string[]; targetGuestId: string; now: Date },
): Promise<TMergeGuestsResponse> {
  const ids = [targetGuestId, ...sourceGuestIds];
  const movedBookings = await db.transaction(async (tx) => {
    const rows = await tx
      .selectFrom("guests")
      .select(["id", "name", "notes", "tags", "merged_into", "erased_at"])
      .where("restaurant_id", "=", restaurantId)
      .where("id", "in", ids)
      .orderBy("id")
      .forUpdate()
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.find((id) => !byId.has(id));
    if (missing) throw guestNotFound(missing);
    const gone = rows.find((r) => r.merged_into || r.erased_at);
    if (gone) {
      throw new DomainError("GUEST_INVALID", `guest ${gone.id} was ${gone.erased_at ? "erased" : "merged"} already`, {
        hint: "Search again: merge only guests shown in the list",
        errors: [{ path: gone.id === targetGuestId ? "targetGuestId" : "sourceGuestIds", message: "not mergeable" }],
      });
    }
    const ordered = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
    const tags = uniqueTags(ordered.flatMap((r) => r.tags)).slice(0, MAX_GUEST_TAGS);
    const notes = combineNotes(ordered.map((r) => r.notes));

    const moved = await tx
      .updateTable("bookings")
      .set({ guest_id: targetGuestId })
      .where("restaurant_id", "=", restaurantId)
      .where("guest_id", "in", sourceGuestIds)
      .executeTakeFirst();
    await tx
      .updateTable("guests")
      .set({ merged_into: targetGuestId })
      .where("restaurant_id", "=", restaurantId)
      .where((eb) => eb.or([eb("merged_into", "in", sourceGuestIds), eb("id", "in", sourceGuestIds)]))
      .execute();
    await tx
      .updateTable("guests")
      .set({ tags: sql<string[]>`${tags}::text[]`, notes })
      .where("id", "=", targetGuestId)
      .execute();
    return Number(moved.numUpdatedRows);
  });
  const guest = await findGuestDetail(db.kysely, { restaurantId, guestId: targetGuestId, now });
  return { guest, mergedGuestIds: [...sourceGuestIds], movedBookings };
}

/** Distinct non-empty notes, target's first, one paragraph each (cut to the notes' length limit). */
function combineNotes(notes: ReadonlyArray<string | null>): string | null {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const note of notes) {
    const text = note?.trim();
    if (!text || seen.has(text)) continue;
    seen.add(text);
    parts.push(text);
  }
  return parts.length === 0 ? null : parts.join("\n\n").slice(0, MAX_GUEST_NOTES_LENGTH);
}
