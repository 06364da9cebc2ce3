import { sql } from "kysely";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { TMailTransport } from "./mail-transport";
import type { TRenderedEmail } from "./render-booking-email";

/**
 * The staff invitation email, exactly once per invitation link (dedupe key `staff_invite:<invite>:<token hash>`;
 * a resent invitation has a new token and so a new email). Two steps around the invite's own transaction:
 * `enqueueStaffInviteEmail` writes the notifications row inside it — the outbox transport's row IS the email,
 * written as sent, so the invite and its email commit together or not at all; `deliverStaffInviteEmail` then
 * hands a pending row to a real transport (SMTP): it claims and locks the row, sends, marks it sent — and takes
 * the link's token out of the kept copy (see redactInviteLinks).
 */
export async function enqueueStaffInviteEmail(
  tx: Tx,
  {
    transport,
    restaurantId,
    inviteId,
    tokenHash,
    recipient,
    mail,
  }: {
    transport: Pick<TMailTransport, "sendsInsideTransaction">;
    restaurantId: string;
    inviteId: string;
    tokenHash: string;
    recipient: string;
    mail: TRenderedEmail;
  },
): Promise<{ notificationId: string; dedupeKey: string }> {
  const dedupeKey = `staff_invite:${inviteId}:${tokenHash.slice(0, 16)}`;
  const outbox = transport.sendsInsideTransaction;
  const row = await tx
    .insertInto("notifications")
    .values({
      restaurant_id: restaurantId,
      booking_id: null,
      kind: "staff_invite",
      dedupe_key: dedupeKey,
      recipient,
      subject: mail.subject,
      body_text: mail.text,
      body_html: mail.html,
      last_error: null,
      ...(outbox ? { status: "sent" as const, attempts: 1, sent_at: sql<Date>`now()` } : { sent_at: null }),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { notificationId: row.id, dedupeKey };
}

/** After the commit: a pending invite email goes through the real transport, once (the row lock decides). */
export async function deliverStaffInviteEmail({
  db,
  transport,
  mailFrom,
  notificationId,
}: {
  db: Db;
  transport: TMailTransport;
  mailFrom: string;
  notificationId: string;
}): Promise<"sent" | "already_sent" | "failed"> {
  if (transport.sendsInsideTransaction) return "already_sent";
  return db.transaction(async (tx) => {
    const claimed = await tx
      .selectFrom("notifications")
      .select(["id", "status", "dedupe_key", "recipient", "subject", "body_text", "body_html"])
      .where("id", "=", notificationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (claimed.status === "sent") return "already_sent";
    try {
      await transport.send({
        from: mailFrom,
        to: claimed.recipient,
        subject: claimed.subject,
        text: claimed.body_text,
        html: claimed.body_html,
        messageId: `<${claimed.dedupe_key}@maitre>`,
      });
    } catch (error) {
      await tx
        .updateTable("notifications")
        .set({ status: "failed", attempts: sql<number>`attempts + 1`, last_error: String(error).slice(0, 500) })
        .where("id", "=", claimed.id)
        .execute();
      return "failed";
    }
    await tx
      .updateTable("notifications")
      .set({
        status: "sent",
        sent_at: sql<Date>`now()`,
        attempts: sql<number>`attempts + 1`,
        last_error: null,
        body_text: redactInviteLinks(claimed.body_text),
        body_html: redactInviteLinks(claimed.body_html),
      })
      .where("id", "=", claimed.id)
      .execute();
    return "sent";
  });
}

/**
 * An invitation link is a credential for seven days (only its hash is in staff_invites): once the email has left
 * through SMTP, the copy kept in notifications must not hold it, or anyone with the database or a backup could
 * accept the invitation. The outbox transport (development: no SMTP) keeps the row as the email itself — the dev
 * mailbox (/ops/dev/mail) is where the link is read.
 */
export function redactInviteLinks(body: string): string {
  return body.replace(/\/invite\/[A-Za-z0-9_-]+/g, "/invite/[link sent by email, not kept]");
}
