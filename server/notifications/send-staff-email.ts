import { sql } from "kysely";
import type { Db, Tx } from "@/server/infra/db/open-db";
import type { NotificationsTable } from "@/server/infra/db/schema";
import type { TMailTransport } from "./mail-transport";
import type { TRenderedEmail } from "./render-booking-email";

/** The emails to staff: an invitation to a team, a link to choose a new password. */
export type TStaffEmailKind = Extract<NotificationsTable["kind"], "staff_invite" | "staff_password_reset">;

/**
 * An email to a member of staff carrying a one-time link (an invitation, a password reset), exactly once per link
 * (dedupe key `<kind>:<row>:<token hash prefix>`; a new link is a new email). Two steps around the caller's own
 * transaction: `enqueueStaffEmail` writes the notifications row inside it — the outbox transport's row IS the
 * email, written as sent, so the link and its email commit together or not at all; `deliverStaffEmail` then hands
 * a pending row to a real transport (SMTP): it claims and locks the row, sends, marks it sent — and takes the
 * link's token out of the kept copy (see redactLinkTokens).
 */
export async function enqueueStaffEmail(
  tx: Tx,
  {
    transport,
    kind,
    restaurantId,
    rowId,
    tokenHash,
    recipient,
    mail,
  }: {
    transport: Pick<TMailTransport, "sendsInsideTransaction">;
    kind: TStaffEmailKind;
    restaurantId: string;
    /** The invitation's or the reset's id. */
    rowId: string;
    tokenHash: string;
    recipient: string;
    mail: TRenderedEmail;
  },
): Promise<{ notificationId: string; dedupeKey: string }> {
  const dedupeKey = `${kind}:${rowId}:${tokenHash.slice(0, 16)}`;
  const outbox = transport.sendsInsideTransaction;
  const row = await tx
    .insertInto("notifications")
    .values({
      restaurant_id: restaurantId,
      booking_id: null,
      kind,
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

/** After the commit: a pending staff email goes through the real transport, once (the row lock decides). */
export async function deliverStaffEmail({
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
        body_text: redactLinkTokens(claimed.body_text),
        body_html: redactLinkTokens(claimed.body_html),
      })
      .where("id", "=", claimed.id)
      .execute();
    return "sent";
  });
}

/**
 * An invitation or password-reset link is a credential (only its hash is stored): once the email has left through
 * SMTP, the copy kept in notifications must not hold it, or anyone with the database or a backup could use it. The
 * outbox transport (development: no SMTP) keeps the row as the email itself — the dev mailbox (/ops/dev/mail) is
 * where the link is read.
 */
export function redactLinkTokens(body: string): string {
  return body.replace(/\/(invite|reset-password)\/[A-Za-z0-9_-]+/g, "/$1/[link sent by email, not kept]");
}
