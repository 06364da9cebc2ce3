import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";

export type TPendingInvite = {
  id: string;
  restaurant_id: string;
  email: string;
  role: StaffRole;
  created_at: Date;
  expires_at: Date;
  invited_by: string | null;
};

/** One of the restaurant's invitations that is neither accepted nor revoked (expired ones too), or NOT_FOUND. */
export async function findPendingInvite(
  db: Queryable,
  { restaurantId, inviteId, lock = false }: { restaurantId: string; inviteId: string; lock?: boolean },
): Promise<TPendingInvite> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(inviteId);
  let query = db
    .selectFrom("staff_invites")
    .select(["id", "restaurant_id", "email", "role", "created_at", "expires_at", "invited_by"])
    .where("id", "=", isId ? inviteId : "00000000-0000-0000-0000-000000000000")
    .where("restaurant_id", "=", restaurantId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) {
    throw new DomainError("NOT_FOUND", `invitation ${inviteId} not found, or already accepted or revoked`, {
      hint: "Reload the Team page: the invitation may have been accepted or revoked meanwhile",
    });
  }
  return { ...row, created_at: new Date(row.created_at), expires_at: new Date(row.expires_at) };
}
