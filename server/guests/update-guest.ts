import { sql } from "kysely";
import type { FieldError } from "@/server/errors/domain-error";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import { findGuestDetail } from "./find-guest-detail";
import { findGuestRow } from "./find-guest-row";
import { type TGuestDetail, type TGuestUpdateRequest, uniqueTags, ZGuestUpdateValuesSchema } from "./guest-schema";

/**
 * Sets a guest's notes and/or tags (hosts may: they are what the floor needs to know). Values are checked here:
 * unacceptable ones are 422 GUEST_INVALID with field errors, and nothing is written. Tags are stored canonical
 * (suggested tags in their own spelling) without repeats. A merged duplicate or an erased guest cannot be edited.
 */
export async function updateGuest(
  db: Db,
  {
    restaurantId,
    guestId,
    changes,
    now,
  }: { restaurantId: string; guestId: string; changes: TGuestUpdateRequest; now: Date },
): Promise<TGuestDetail> {
  const parsed = ZGuestUpdateValuesSchema.safeParse(changes);
  if (!parsed.success) {
    const errors: FieldError[] = parsed.error.issues.map((issue) => ({
      path: issue.path.join(".") || "body",
      message: issue.message,
    }));
    throw new DomainError("GUEST_INVALID", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
  }
  const { notes, tags } = parsed.data;
  await db.transaction(async (tx) => {
    const row = await findGuestRow(tx, { restaurantId, guestId, forUpdate: true });
    if (
      changes.expectedUpdatedAt !== undefined &&
      new Date(row.updated_at).getTime() !== new Date(changes.expectedUpdatedAt).getTime()
    ) {
      const current = await findGuestDetail(tx, { restaurantId, guestId, now });
      throw new DomainError("STALE", "the guest was changed by someone else meanwhile", {
        hint: "Someone else saved this guest's notes or tags: check theirs (current), redo your change and save again",
        meta: {
          expectedVersion: changes.expectedUpdatedAt,
          currentVersion: new Date(row.updated_at).toISOString(),
          current,
        },
      });
    }
    if (row.merged_into || row.erased_at) {
      throw new DomainError("GUEST_INVALID", row.erased_at ? "this guest was erased" : "this guest was merged", {
        hint: row.erased_at
          ? "An erased guest keeps no notes or tags"
          : "Open the guest it was merged into and edit that record",
        errors: [{ path: "guestId", message: row.erased_at ? "was erased" : "was merged into another guest" }],
      });
    }
    await tx
      .updateTable("guests")
      .set({
        ...(notes !== undefined ? { notes } : {}),
        ...(tags !== undefined ? { tags: sql<string[]>`${uniqueTags(tags)}::text[]` } : {}),
      })
      .where("id", "=", guestId)
      .execute();
  });
  return findGuestDetail(db.kysely, { restaurantId, guestId, now });
}
