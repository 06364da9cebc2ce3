import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { hashLinkToken, isLinkTokenShape } from "./link-token";
import { PASSWORD_RESET_LIFETIME_HOURS, type TPasswordResetPreview } from "./team-schema";

export type TUsablePasswordReset = {
  id: string;
  staffUserId: string;
  email: string;
  name: string;
  restaurant: { id: string; slug: string; name: string };
  /** The restaurant's time zone: the page says "until" in it. */
  timezone: string;
  expiresAt: Date;
};

const REASON_TEXT = {
  used: "This link was already used to choose a new password",
  revoked: "This link was replaced by a newer one or withdrawn",
  expired: `This link has expired (links work for ${PASSWORD_RESET_LIFETIME_HOURS} hours)`,
} as const;

/**
 * The password reset behind a link's token, if it can still be used. A token that matches nothing: NOT_FOUND;
 * one that was used, replaced by a newer link, whose account was disabled or left the sending restaurant's team,
 * or is past its 24 hours: PASSWORD_RESET_UNUSABLE with `reason` (the page says which, in words). `lock`: inside
 * the completing transaction, so a link is used once even by two concurrent submissions.
 */
export async function readPasswordResetByToken(
  db: Queryable,
  { token, now = new Date(), lock = false }: { token: string; now?: Date; lock?: boolean },
): Promise<TUsablePasswordReset> {
  const notFound = new DomainError("NOT_FOUND", "no password reset has this link", {
    hint: "Check that the whole link was copied from the email, or ask a manager for a new one",
  });
  if (!isLinkTokenShape(token)) throw notFound;
  let query = db
    .selectFrom("staff_password_resets as p")
    .innerJoin("staff_users as u", "u.id", "p.staff_user_id")
    .innerJoin("restaurants as r", "r.id", "p.restaurant_id")
    .leftJoin("restaurant_memberships as m", (join) =>
      join.onRef("m.staff_user_id", "=", "p.staff_user_id").onRef("m.restaurant_id", "=", "p.restaurant_id"),
    )
    .select(["p.id", "p.staff_user_id", "p.expires_at", "p.used_at", "p.revoked_at"])
    .select(["u.email", "u.display_name", "u.active", "r.id as restaurant_id", "r.slug", "r.name", "r.timezone"])
    .select("m.role")
    .where("p.token_hash", "=", hashLinkToken(token));
  if (lock) query = query.forUpdate("p");
  const row = await query.executeTakeFirst();
  if (!row) throw notFound;
  const reason = row.used_at
    ? "used"
    : row.revoked_at || !row.active || row.role === null
      ? "revoked"
      : new Date(row.expires_at).getTime() <= now.getTime()
        ? "expired"
        : null;
  if (reason) {
    throw new DomainError("PASSWORD_RESET_UNUSABLE", REASON_TEXT[reason], {
      hint:
        reason === "used"
          ? "Sign in at /login with the password you chose"
          : "Ask a manager of your restaurant to send a new link from the Team page",
      meta: { reason },
    });
  }
  return {
    id: row.id,
    staffUserId: row.staff_user_id,
    email: row.email,
    name: row.display_name,
    restaurant: { id: row.restaurant_id, slug: row.slug, name: row.name },
    timezone: row.timezone,
    expiresAt: new Date(row.expires_at),
  };
}

/** What the reset page shows the link's holder; only a usable link answers. */
export async function previewPasswordReset(
  db: Queryable,
  { token, now }: { token: string; now?: Date },
): Promise<TPasswordResetPreview> {
  const reset = await readPasswordResetByToken(db, { token, now });
  return {
    email: reset.email,
    name: reset.name,
    restaurantName: reset.restaurant.name,
    timezone: reset.timezone,
    expiresAt: reset.expiresAt.toISOString(),
  };
}
