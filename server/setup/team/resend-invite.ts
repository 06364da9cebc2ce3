import type { TStaffActor } from "@/server/auth/staff-session-types";
import type { Db } from "@/server/infra/db/open-db";
import type { TMailTransport } from "@/server/notifications/mail-transport";
import { deliverStaffEmail } from "@/server/notifications/send-staff-email";
import { assertMayGrant } from "./assert-may-grant";
import { findPendingInvite } from "./find-pending-invite";
import { issueInviteEmail } from "./issue-invite-email";
import { newLinkToken } from "./link-token";
import { toTeamInvite } from "./team-rows";
import { INVITE_LIFETIME_DAYS, type TTeamInvite } from "./team-schema";

/**
 * Sends a pending (or expired) invitation again: a NEW token (the old link stops working), 7 more days, a new email.
 */
export async function resendInvite(
  db: Db,
  {
    actor,
    restaurantId,
    inviteId,
    origin,
    mail,
    now = new Date(),
  }: {
    actor: Pick<TStaffActor, "id" | "name" | "memberships">;
    restaurantId: string;
    inviteId: string;
    origin: string;
    /** The transport and From address the invitation email goes out with. */
    mail: { transport: TMailTransport; from: string };
    now?: Date;
  },
): Promise<{ invite: TTeamInvite; notificationId: string }> {
  assertMayGrant(actor, restaurantId, {});
  const { token, tokenHash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + INVITE_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
  const issued = await db.transaction(async (tx) => {
    const pending = await findPendingInvite(tx, { restaurantId, inviteId, lock: true });
    assertMayGrant(actor, restaurantId, { grants: pending.role });
    const invite = await tx
      .updateTable("staff_invites")
      .set({ token_hash: tokenHash, expires_at: expiresAt })
      .where("id", "=", pending.id)
      .returning(["id", "email", "role", "created_at", "expires_at", "invited_by"])
      .executeTakeFirstOrThrow();
    const { notificationId } = await issueInviteEmail(tx, {
      transport: mail.transport,
      origin,
      restaurantId,
      invite,
      token,
      tokenHash,
      inviterName: actor.name,
    });
    const inviter = invite.invited_by
      ? await tx.selectFrom("staff_users").select("display_name").where("id", "=", invite.invited_by).executeTakeFirst()
      : undefined;
    return { invite: toTeamInvite(invite, inviter?.display_name ?? null, now), notificationId };
  });
  await deliverStaffEmail({
    db,
    transport: mail.transport,
    mailFrom: mail.from,
    notificationId: issued.notificationId,
  });
  return issued;
}
