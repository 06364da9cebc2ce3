import type { Db } from "@/server/infra/db/open-db";
import { liveSessions } from "./authenticate-staff-session";
import { endStaffSessions } from "./end-staff-sessions";

export type TStaffAccount = {
  id: string;
  email: string;
  name: string;
  active: boolean;
  memberships: Array<{ restaurant: string; role: string }>;
  liveSessions: number;
};

/** One staff account by email, with its restaurants and how many sessions are live; null if there is none. */
export async function findStaffAccount(
  db: Db,
  { email, now = new Date() }: { email: string; now?: Date },
): Promise<TStaffAccount | null> {
  const user = await db.kysely
    .selectFrom("staff_users")
    .select(["id", "email", "display_name", "active"])
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) return null;
  const memberships = await db.kysely
    .selectFrom("restaurant_memberships as m")
    .innerJoin("restaurants as r", "r.id", "m.restaurant_id")
    .select(["r.slug", "m.role"])
    .where("m.staff_user_id", "=", user.id)
    .orderBy("r.slug")
    .execute();
  const live = await db.kysely
    .selectFrom("staff_sessions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("staff_user_id", "=", user.id)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirstOrThrow();
  return {
    id: user.id,
    email: user.email,
    name: user.display_name,
    active: user.active,
    memberships: memberships.map((m) => ({ restaurant: m.slug, role: m.role })),
    liveSessions: Number(live.n),
  };
}

/**
 * Disables or re-enables a staff account everywhere (the on-call's answer to a compromised account, runbook 6.10):
 * disabled, every request with its sessions or its Supabase token is refused within a second on every instance,
 * its sessions end and its pending password-reset links are withdrawn; its memberships stay, so re-enabling
 * restores exactly what it had (it signs in again). Null when no account has that email.
 */
export async function setStaffAccountActive(
  db: Db,
  { email, active, now = new Date() }: { email: string; active: boolean; now?: Date },
): Promise<(TStaffAccount & { endedSessions: number }) | null> {
  const found = await findStaffAccount(db, { email, now });
  if (!found) return null;
  const endedSessions = await db.transaction(async (tx) => {
    await tx.updateTable("staff_users").set({ active }).where("id", "=", found.id).execute();
    if (active) return 0;
    await tx
      .updateTable("staff_password_resets")
      .set({ revoked_at: now })
      .where("staff_user_id", "=", found.id)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
    return (await endStaffSessions(tx, { staffUserId: found.id, now })).ended;
  });
  liveSessions.clear();
  return { ...found, active, liveSessions: active ? found.liveSessions : 0, endedSessions };
}
