import type { TStaffActor } from "@/server/auth/staff-session-types";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { TMailTransport } from "@/server/notifications/mail-transport";
import { renderStaffPasswordResetEmail } from "@/server/notifications/render-staff-email";
import { deliverStaffEmail, enqueueStaffEmail } from "@/server/notifications/send-staff-email";
import { assertMayGrant } from "./assert-may-grant";
import { newLinkToken } from "./link-token";
import { lockTeamMember } from "./lock-team";
import { PASSWORD_RESET_LIFETIME_HOURS, type TPasswordResetSent } from "./team-schema";

/**
 * A member forgot their password: a manager emails them a link to choose a new one (works once, for 24 hours;
 * their current password keeps working until they use it). Any older link of theirs stops working. The same rules
 * as changing a member: a manager for hosts and managers, an owner for owners; not on this team: NOT_FOUND. Only
 * for local accounts: with Supabase Auth, Maitre keeps no passwords (PASSWORDS_MANAGED_ELSEWHERE).
 */
export async function sendPasswordReset(
  db: Db,
  {
    actor,
    restaurantId,
    staffUserId,
    authMode,
    origin,
    mail,
    now = new Date(),
  }: {
    actor: Pick<TStaffActor, "id" | "name" | "memberships">;
    restaurantId: string;
    staffUserId: string;
    authMode: "local" | "supabase";
    origin: string;
    /** The transport and From address the email goes out with. */
    mail: { transport: TMailTransport; from: string };
    now?: Date;
  },
): Promise<TPasswordResetSent> {
  assertMayGrant(actor, restaurantId, {});
  if (authMode !== "local") {
    throw new DomainError("PASSWORDS_MANAGED_ELSEWHERE", "staff passwords are kept by Supabase Auth, not Maitre");
  }
  const { token, tokenHash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_LIFETIME_HOURS * 60 * 60 * 1000);
  const issued = await db.transaction(async (tx) => {
    const current = await lockTeamMember(tx, { restaurantId, staffUserId });
    assertMayGrant(actor, restaurantId, { touches: current.role });
    const member = await tx
      .selectFrom("staff_users as u")
      .innerJoin("restaurants as r", (join) => join.on("r.id", "=", restaurantId))
      .select(["u.email", "u.active", "r.name as restaurant_name", "r.timezone"])
      .where("u.id", "=", staffUserId)
      .executeTakeFirstOrThrow();
    if (!member.active) {
      throw new DomainError("FORBIDDEN", "this account is disabled", {
        hint: "The account was disabled by an administrator (operations runbook 6.10); it must be re-enabled first",
      });
    }
    await tx
      .updateTable("staff_password_resets")
      .set({ revoked_at: now })
      .where("staff_user_id", "=", staffUserId)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
    const reset = await tx
      .insertInto("staff_password_resets")
      .values({
        staff_user_id: staffUserId,
        restaurant_id: restaurantId,
        token_hash: tokenHash,
        requested_by: actor.id,
        created_at: now,
        expires_at: expiresAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rendered = renderStaffPasswordResetEmail({
      restaurantName: member.restaurant_name,
      requesterName: actor.name,
      link: `${origin}/reset-password/${token}`,
      expiresAt,
      timezone: member.timezone,
    });
    const { notificationId } = await enqueueStaffEmail(tx, {
      transport: mail.transport,
      kind: "staff_password_reset",
      restaurantId,
      rowId: reset.id,
      tokenHash,
      recipient: member.email,
      mail: rendered,
    });
    return { email: member.email, notificationId };
  });
  await deliverStaffEmail({
    db,
    transport: mail.transport,
    mailFrom: mail.from,
    notificationId: issued.notificationId,
  });
  return { staffUserId, email: issued.email, expiresAt: expiresAt.toISOString() };
}
