import type { SupabaseClient } from "@supabase/supabase-js";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { findStaffBySupabaseUser } from "./authenticate-supabase-user";
import { isDemoCredential } from "./demo-credential-policy";

// The same words as verifyStaffCredentials (local accounts): a client cannot tell the modes or the reasons apart.
const WRONG = "the email or password is wrong";
const WRONG_HINT = "Check the email and password and try again; ask an owner of your restaurant to reset a password";

/**
 * Signs in with Supabase Auth (`signInWithPassword` on a request's server client, which hands the new session's
 * cookies to its cookie adapter) and checks that the Supabase user is an active member of staff here. Every refusal
 * is the one UNAUTHENTICATED of the local mode — wrong password, unknown email, unconfirmed email, a Supabase user
 * not linked to staff, a demo account in production — with the reason in `meta.reason` for the logs only. Supabase
 * unreachable or failing is DEPENDENCY_UNAVAILABLE (503): it says nothing about the credentials, and spends no
 * failure budget.
 */
export async function verifySupabaseCredentials(
  db: Queryable,
  {
    client,
    email,
    password,
    refuseDemoAccounts,
  }: { client: SupabaseClient; email: string; password: string; refuseDemoAccounts: boolean },
): Promise<{ staffUserId: string }> {
  if (refuseDemoAccounts && isDemoCredential({ email })) throw wrong("demo_account_in_production");
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  if (error) {
    if (error.status === undefined || error.status === 0 || error.status === 429 || error.status >= 500) {
      throw new DomainError("DEPENDENCY_UNAVAILABLE", "Supabase Auth did not answer the sign-in", {
        hint: "Retry in a moment; if it persists, check Supabase's status and NEXT_PUBLIC_SUPABASE_URL",
        meta: { reason: error.code ?? error.name },
      });
    }
    throw wrong(error.code ?? "supabase_refused");
  }
  const staff = data.user ? await findStaffBySupabaseUser(db, { supabaseUserId: data.user.id }) : null;
  // The session Supabase just issued is dropped with the client: its cookies are never sent, so nobody holds it.
  if (!staff || !data.session) throw wrong("no_staff_user");
  return { staffUserId: staff.id };
}

const wrong = (reason: string) => new DomainError("UNAUTHENTICATED", WRONG, { hint: WRONG_HINT, meta: { reason } });
