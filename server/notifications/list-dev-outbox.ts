import type { Db } from "@/server/infra/db/open-db";

export type TOutboxMail = {
  id: string;
  restaurant: string;
  kind: string;
  recipient: string;
  subject: string;
  bodyText: string;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
};

/** The newest guest emails, for the embedded shape's dev outbox page (no SMTP server needed to see them). */
export async function listDevOutbox({ db, limit = 100 }: { db: Db; limit?: number }): Promise<TOutboxMail[]> {
  const rows = await db.kysely
    .selectFrom("notifications as n")
    .innerJoin("restaurants as r", "r.id", "n.restaurant_id")
    .select([
      "n.id",
      "r.name",
      "n.kind",
      "n.recipient",
      "n.subject",
      "n.body_text",
      "n.status",
      "n.created_at",
      "n.sent_at",
    ])
    .orderBy("n.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    restaurant: r.name,
    kind: r.kind,
    recipient: r.recipient,
    subject: r.subject,
    bodyText: r.body_text,
    status: r.status,
    createdAt: new Date(r.created_at),
    sentAt: r.sent_at ? new Date(r.sent_at) : null,
  }));
}
