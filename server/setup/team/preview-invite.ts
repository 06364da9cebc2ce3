import type { Queryable } from "@/server/infra/db/open-db";
import { readInviteByToken } from "./read-invite-by-token";
import type { TInvitePreview } from "./team-schema";

/**
 * What the invitation page shows the link's holder: restaurant, role, the invited email, and whether that email
 * already has an account (then the page asks for its password). Only a usable link answers.
 */
export async function previewInvite(
  db: Queryable,
  { token, now }: { token: string; now?: Date },
): Promise<TInvitePreview> {
  const invite = await readInviteByToken(db, { token, now });
  const account = await db.selectFrom("staff_users").select("id").where("email", "=", invite.email).executeTakeFirst();
  return {
    restaurantName: invite.restaurantName,
    role: invite.role,
    email: invite.email,
    expiresAt: invite.expiresAt.toISOString(),
    hasAccount: account !== undefined,
  };
}
