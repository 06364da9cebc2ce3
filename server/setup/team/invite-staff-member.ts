import { sql } from "kysely";
import type { TStaffActor } from "@/server/auth/staff-session-types";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { TMailTransport } from "@/server/notifications/mail-transport";
import { deliverStaffEmail } from "@/server/notifications/send-staff-email";
import { assertMayGrant } from "./assert-may-grant";
import { issueInviteEmail } from "./issue-invite-email";
import { newLinkToken } from "./link-token";
import { toTeamInvite } from "./team-rows";
import { INVITE_LIFETIME_DAYS, type TInviteRequest, type TTeamInvite } from "./team-schema";

/**
 * Invites someone by email: an invitation valid 7 days whose random token only the email carries (the database
 * keeps its sha256), and the email itself in the notifications outbox, in ONE transaction. A newer invitation to
 * the same email replaces a pending older one (one live link per person). Already a member: ALREADY_MEMBER.
 * Manager: host or manager; owner: any role. After the commit the email goes through the real transport, once.
 * Returns the invitation and the email's notification id.
 */
export async function inviteStaffMember(
  db: Db,
  {
    actor,
    restaurantId,
    input,
    origin,
    mail,
    now = new Date(),
  }: {
    actor: Pick<TStaffActor, "id" | "name" | "memberships">;
    restaurantId: string;
    input: TInviteRequest;
    origin: string;
    /** The transport and From address the invitation email goes out with. */
    mail: { transport: TMailTransport; from: string };
    now?: Date;
  },
): Promise<{ invite: TTeamInvite; notificationId: string }> {
  assertMayGrant(actor, restaurantId, { grants: input.role });
  const { token, tokenHash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + INVITE_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
  const issued = await db.transaction(async (tx) => {
    const member = await tx
      .selectFrom("restaurant_memberships as m")
      .innerJoin("staff_users as u", "u.id", "m.staff_user_id")
      .select("m.role")
      .where("m.restaurant_id", "=", restaurantId)
      .where("u.email", "=", input.email)
      .executeTakeFirst();
    if (member) {
      throw new DomainError("ALREADY_MEMBER", `${input.email} is already on the team (${member.role})`, {
        hint: "They are already on the team: change their role in the list instead",
        meta: { email: input.email, role: member.role },
        errors: [{ path: "body.email", message: `already on the team as ${member.role}` }],
      });
    }
    await tx
      .updateTable("staff_invites")
      .set({ revoked_at: sql<Date>`now()` })
      .where("restaurant_id", "=", restaurantId)
      .where("email", "=", input.email)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
    const invite = await tx
      .insertInto("staff_invites")
      .values({
        restaurant_id: restaurantId,
        email: input.email,
        role: input.role,
        token_hash: tokenHash,
        invited_by: actor.id,
        created_at: now,
        expires_at: expiresAt,
      })
      .returning(["id", "email", "role", "created_at", "expires_at"])
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
    return { invite: toTeamInvite(invite, actor.name, now), notificationId };
  });
  await deliverStaffEmail({
    db,
    transport: mail.transport,
    mailFrom: mail.from,
    notificationId: issued.notificationId,
  });
  return issued;
}
