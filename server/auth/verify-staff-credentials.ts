import { randomBytes } from "node:crypto";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { isDemoCredential } from "./demo-credential-policy";
import { hashPassword, verifyPassword } from "./hash-password";

const WRONG = "the email or password is wrong";
const WRONG_HINT = "Check the email and password and try again; ask an owner of your restaurant to reset a password";

// A hash of a random password with the same cost as real ones: an unknown email is checked against it, so it
// takes as long as a wrong password for a real one. Made once per process, on the first sign-in.
let dummyHash: Promise<string> | undefined;
const dummy = () => {
  dummyHash ??= hashPassword(randomBytes(24).toString("base64url"));
  return dummyHash;
};

/**
 * The staff user behind an email and password (local accounts). Every refusal is the same UNAUTHENTICATED —
 * unknown email, wrong password, no local password (Supabase-only user), inactive user, demo account in
 * production — and costs one scrypt verification, so neither the answer nor its timing tells whether the email
 * exists. Why it was refused is in `meta.reason`, for the logs only (no public field of UNAUTHENTICATED).
 */
export async function verifyStaffCredentials(
  db: Queryable,
  {
    email,
    password,
    refuseDemoAccounts,
  }: {
    /** Lower-case, trimmed (ZSignInRequestSchema). */
    email: string;
    password: string;
    /** Production: the published demo accounts are refused even if a seeded database holds them. */
    refuseDemoAccounts: boolean;
  },
): Promise<{ staffUserId: string }> {
  const user = await db
    .selectFrom("staff_users")
    .select(["id", "password_hash", "active"])
    .where("email", "=", email)
    .executeTakeFirst();
  const matches = await verifyPassword(password, user?.password_hash ?? (await dummy()));
  const reason = !user
    ? "unknown_email"
    : !user.password_hash
      ? "no_local_password"
      : !matches
        ? "wrong_password"
        : !user.active
          ? "inactive"
          : refuseDemoAccounts && isDemoCredential({ email })
            ? "demo_account_in_production"
            : null;
  if (reason || !user) throw new DomainError("UNAUTHENTICATED", WRONG, { hint: WRONG_HINT, meta: { reason } });
  return { staffUserId: user.id };
}
