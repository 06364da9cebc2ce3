import { liveSessions } from "@/server/auth/authenticate-staff-session";
import { hashPassword } from "@/server/auth/hash-password";
import { verifyStaffCredentials } from "@/server/auth/verify-staff-credentials";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import { readInviteByToken } from "./read-invite-by-token";
import { MIN_PASSWORD_LENGTH, type TAcceptedInviteResponse, type TAcceptInviteRequest } from "./team-schema";

/**
 * Accepts an invitation: the invited email's account — signed in with its password if it exists, else created
 * with the name and password given — becomes a member with the invited role, and the invitation is used up, in
 * ONE transaction that locks the invitation (a link works once, even for two concurrent accepts). A wrong
 * password: UNAUTHENTICATED (the caller throttles like sign-in). A member already keeps their role.
 */
export async function acceptInvite(
  db: Db,
  {
    token,
    input,
    refuseDemoAccounts,
    now = new Date(),
  }: { token: string; input: TAcceptInviteRequest; refuseDemoAccounts: boolean; now?: Date },
): Promise<TAcceptedInviteResponse & { staffUserId: string }> {
  const invite = await readInviteByToken(db.kysely, { token, now });
  const existing = await db.kysely
    .selectFrom("staff_users")
    .select("id")
    .where("email", "=", invite.email)
    .executeTakeFirst();
  let newAccount: { name: string; passwordHash: string } | undefined;
  if (existing) {
    await verifyStaffCredentials(db.kysely, { email: invite.email, password: input.password, refuseDemoAccounts });
  } else {
    const errors = [
      ...(!input.name ? [{ path: "body.name", message: "is required for a new account" }] : []),
      ...(input.password.length < MIN_PASSWORD_LENGTH
        ? [{ path: "body.password", message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }]
        : []),
    ];
    if (errors.length > 0 || !input.name) {
      throw new DomainError("VALIDATION_FAILED", `The body has ${errors.length} invalid field(s).`, { errors });
    }
    newAccount = { name: input.name, passwordHash: await hashPassword(input.password) };
  }
  const accepted = await db.transaction(async (tx) => {
    const locked = await readInviteByToken(tx, { token, now, lock: true });
    let staffUserId = existing?.id;
    if (newAccount) {
      const created = await tx
        .insertInto("staff_users")
        .values({ email: locked.email, display_name: newAccount.name, password_hash: newAccount.passwordHash })
        .onConflict((oc) => oc.column("email").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!created) {
        throw new DomainError("UNAUTHENTICATED", "an account with this email was created meanwhile", {
          hint: "Reload the invitation and sign in with that account's password",
        });
      }
      staffUserId = created.id;
    }
    if (!staffUserId) throw new Error("no account to add");
    await tx
      .insertInto("restaurant_memberships")
      .values({ staff_user_id: staffUserId, restaurant_id: locked.restaurantId, role: locked.role })
      .onConflict((oc) => oc.columns(["staff_user_id", "restaurant_id"]).doNothing())
      .execute();
    await tx.updateTable("staff_invites").set({ accepted_at: now }).where("id", "=", locked.id).execute();
    const membership = await tx
      .selectFrom("restaurant_memberships")
      .select("role")
      .where("staff_user_id", "=", staffUserId)
      .where("restaurant_id", "=", locked.restaurantId)
      .executeTakeFirstOrThrow();
    return {
      staffUserId,
      role: membership.role,
      restaurant: { id: locked.restaurantId, slug: locked.restaurantSlug, name: locked.restaurantName },
    };
  });
  liveSessions.clear();
  return accepted;
}
