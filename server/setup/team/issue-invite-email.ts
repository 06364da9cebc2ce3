import type { Tx } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";
import type { TMailTransport } from "@/server/notifications/mail-transport";
import { renderStaffInviteEmail } from "@/server/notifications/render-staff-email";
import { enqueueStaffEmail } from "@/server/notifications/send-staff-email";

/** Inside the invite's transaction: the email carrying the link `<origin>/invite/<token>`, through the outbox. */
export async function issueInviteEmail(
  tx: Tx,
  {
    transport,
    origin,
    restaurantId,
    invite,
    token,
    tokenHash,
    inviterName,
  }: {
    transport: Pick<TMailTransport, "sendsInsideTransaction">;
    origin: string;
    restaurantId: string;
    invite: { id: string; email: string; role: StaffRole; expires_at: Date | string };
    token: string;
    tokenHash: string;
    inviterName: string | null;
  },
): Promise<{ notificationId: string }> {
  const restaurant = await tx
    .selectFrom("restaurants")
    .select(["name", "timezone"])
    .where("id", "=", restaurantId)
    .executeTakeFirstOrThrow();
  const mail = renderStaffInviteEmail({
    restaurantName: restaurant.name,
    timezone: restaurant.timezone,
    role: invite.role,
    inviterName,
    link: `${origin}/invite/${token}`,
    expiresAt: new Date(invite.expires_at),
  });
  return enqueueStaffEmail(tx, {
    transport,
    kind: "staff_invite",
    restaurantId,
    rowId: invite.id,
    tokenHash,
    recipient: invite.email,
    mail,
  });
}
