import { sql } from "kysely";
import type { TStaffActor } from "@/server/auth/staff-session-types";
import type { Db } from "@/server/infra/db/open-db";
import { assertMayGrant } from "./assert-may-grant";
import { findPendingInvite } from "./find-pending-invite";

/** Revokes a pending invitation: its link answers "revoked" from now on. Revoking an owner invitation needs an owner. */
export async function revokeInvite(
  db: Db,
  {
    actor,
    restaurantId,
    inviteId,
  }: { actor: Pick<TStaffActor, "memberships">; restaurantId: string; inviteId: string },
): Promise<{ id: string; revokedAt: string }> {
  assertMayGrant(actor, restaurantId, {});
  return db.transaction(async (tx) => {
    const pending = await findPendingInvite(tx, { restaurantId, inviteId, lock: true });
    assertMayGrant(actor, restaurantId, { grants: pending.role });
    const row = await tx
      .updateTable("staff_invites")
      .set({ revoked_at: sql<Date>`now()` })
      .where("id", "=", pending.id)
      .returning(["id", "revoked_at"])
      .executeTakeFirstOrThrow();
    return { id: row.id, revokedAt: new Date(row.revoked_at as Date).toISOString() };
  });
}
