import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";
import { hashLinkToken, isLinkTokenShape } from "./link-token";

export type TUsableInvite = {
  id: string;
  restaurantId: string;
  restaurantSlug: string;
  restaurantName: string;
  email: string;
  role: StaffRole;
  expiresAt: Date;
};

const REASON_TEXT = {
  expired: "This invitation has expired (links work for 7 days)",
  revoked: "This invitation was withdrawn",
  accepted: "This invitation has already been used",
} as const;

/**
 * The invitation behind a link's token, if it can still be accepted. A token that matches nothing: NOT_FOUND;
 * one that was used, revoked or is past its 7 days: INVITE_UNUSABLE with `reason` (the page says which, in
 * words). `lock`: inside the accepting transaction, so a link is used once even by two concurrent accepts.
 */
export async function readInviteByToken(
  db: Queryable,
  { token, now = new Date(), lock = false }: { token: string; now?: Date; lock?: boolean },
): Promise<TUsableInvite> {
  const notFound = new DomainError("NOT_FOUND", "no invitation has this link", {
    hint: "Check that the whole link was copied, or ask the person who invited you for a new one",
  });
  if (!isLinkTokenShape(token)) throw notFound;
  let query = db
    .selectFrom("staff_invites as i")
    .innerJoin("restaurants as r", "r.id", "i.restaurant_id")
    .select(["i.id", "i.email", "i.role", "i.expires_at", "i.accepted_at", "i.revoked_at"])
    .select(["r.id as restaurant_id", "r.slug", "r.name"])
    .where("i.token_hash", "=", hashLinkToken(token));
  if (lock) query = query.forUpdate("i");
  const row = await query.executeTakeFirst();
  if (!row) throw notFound;
  const reason = row.accepted_at
    ? "accepted"
    : row.revoked_at
      ? "revoked"
      : new Date(row.expires_at).getTime() <= now.getTime()
        ? "expired"
        : null;
  if (reason) {
    throw new DomainError("INVITE_UNUSABLE", REASON_TEXT[reason], {
      hint:
        reason === "accepted"
          ? "Sign in at /login with the account you created"
          : "Ask the person who invited you to send a new invitation",
      meta: { reason },
    });
  }
  return {
    id: row.id,
    restaurantId: row.restaurant_id,
    restaurantSlug: row.slug,
    restaurantName: row.name,
    email: row.email,
    role: row.role,
    expiresAt: new Date(row.expires_at),
  };
}
