import { liveSessions } from "@/server/auth/authenticate-staff-session";
import { isDemoCredential } from "@/server/auth/demo-credential-policy";
import { endStaffSessions } from "@/server/auth/end-staff-sessions";
import { hashPassword } from "@/server/auth/hash-password";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import { readPasswordResetByToken } from "./read-password-reset-by-token";
import type { TPasswordChangedResponse } from "./team-schema";

/**
 * Uses a password-reset link: the account's new password, the link used up, any other pending link of theirs
 * withdrawn and every session of theirs ended (a lost or shared device is signed out), in ONE transaction that
 * locks the link (it works once, even for two concurrent submissions). The caller then signs them in.
 * A demo account (published password) is refused in production, as at sign-in.
 */
export async function completePasswordReset(
  db: Db,
  {
    token,
    password,
    refuseDemoAccounts,
    now = new Date(),
  }: { token: string; password: string; refuseDemoAccounts: boolean; now?: Date },
): Promise<TPasswordChangedResponse & { staffUserId: string }> {
  const reset = await readPasswordResetByToken(db.kysely, { token, now });
  if (refuseDemoAccounts && isDemoCredential({ email: reset.email })) {
    throw new DomainError("UNAUTHENTICATED", "demo accounts cannot sign in in production", {
      hint: "Use your own account; demo accounts work only in development",
    });
  }
  const passwordHash = await hashPassword(password);
  const changed = await db.transaction(async (tx) => {
    const locked = await readPasswordResetByToken(tx, { token, now, lock: true });
    await tx.updateTable("staff_password_resets").set({ used_at: now }).where("id", "=", locked.id).execute();
    await tx
      .updateTable("staff_users")
      .set({ password_hash: passwordHash })
      .where("id", "=", locked.staffUserId)
      .execute();
    await tx
      .updateTable("staff_password_resets")
      .set({ revoked_at: now })
      .where("staff_user_id", "=", locked.staffUserId)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
    const { ended } = await endStaffSessions(tx, { staffUserId: locked.staffUserId, now });
    return { staffUserId: locked.staffUserId, restaurant: locked.restaurant, endedSessions: ended };
  });
  // Cleared again after the commit: a request between the update and the commit may have cached the old state.
  liveSessions.clear();
  return changed;
}
