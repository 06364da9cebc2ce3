import { authenticateStaffSession } from "@/server/auth/authenticate-staff-session";
import { authenticateSupabaseUser, type TSupabaseAuthConfig } from "@/server/auth/authenticate-supabase-user";
import type { TSupabaseProject } from "@/server/auth/create-supabase-server-client";
import { SIGN_IN_HINT, type TStaffActor } from "@/server/auth/staff-session-types";
import type { TRequestCookie } from "@/server/auth/supabase-auth-cookie";
import type { TEnv } from "@/server/env";
import { DomainError, isDomainError } from "@/server/errors/domain-error";
import { getRuntime, type TRuntime } from "@/server/runtime/get-runtime";
import { describedAuth } from "./route-metadata";
import { assertSameOrigin, isSafeMethod } from "./same-origin";
import { readSessionCookie, SESSION_COOKIE } from "./session-cookie";

export type { TStaffActor } from "@/server/auth/staff-session-types";

/** What pages hold: Next's cookie store (`await cookies()`) or, in the local mode only, the session cookie's value. */
export type TStaffCookies = string | undefined | { getAll(): TRequestCookie[] };

/**
 * withRoute's `auth` for staff routes (pass `audience: "staff"` too): the staff credential must be valid, and a
 * mutation (not GET/HEAD/OPTIONS) must come from this server's own origin. Returns the actor with their
 * memberships; check a restaurant with requireRestaurantRole (server/auth).
 *
 * The credential depends on the mode (runtime.env.authMode), never on the request:
 * - local (default): the signed `maitre_session` cookie of an unrevoked, unexpired session;
 * - supabase (NEXT_PUBLIC_SUPABASE_URL set): the access token in @supabase/ssr's `sb-<ref>-auth-token` cookie,
 *   verified here (no call to Supabase) and mapped to staff_users.supabase_user_id
 *   (server/auth/authenticate-supabase-user.ts). proxy.ts refreshes that session before /ops and /api requests.
 * Either way routes receive the same TStaffActor.
 */
export function staffAuth(): (request: Request) => Promise<TStaffActor> {
  return describedAuth(authenticateStaffRequest, { kind: "staff" });
}

async function authenticateStaffRequest(request: Request): Promise<TStaffActor> {
  {
    const runtime = await getRuntime();
    const credential = await readCredential(runtime.env, {
      local: () => readSessionCookie(request.headers),
      all: () => request.headers.get("cookie") ?? "",
    });
    if (!credential)
      throw new DomainError("UNAUTHENTICATED", "this endpoint needs a staff session", { hint: SIGN_IN_HINT });
    if (!isSafeMethod(request.method)) assertSameOrigin(request);
    return authenticate(runtime, credential);
  }
}

/** For server components (pages): the signed-in member of staff, or null. */
export async function findSignedInStaff(cookies: TStaffCookies): Promise<TStaffActor | null> {
  const runtime = await getRuntime();
  const credential = await readCredential(runtime.env, {
    local: () =>
      typeof cookies === "object" ? cookies.getAll().find((c) => c.name === SESSION_COOKIE)?.value : cookies,
    all: () => (typeof cookies === "object" ? cookies.getAll() : ""),
  });
  if (!credential) return null;
  try {
    return await authenticate(runtime, credential);
  } catch (error) {
    if (isDomainError(error, "UNAUTHENTICATED")) return null;
    throw error;
  }
}

/** The Supabase project of the Supabase mode (to call it and to verify its tokens), or null in the local mode. */
export function supabaseSettingsOf(env: TEnv): (TSupabaseAuthConfig & TSupabaseProject) | null {
  const { authMode, NEXT_PUBLIC_SUPABASE_URL: supabaseUrl, NEXT_PUBLIC_SUPABASE_ANON_KEY: anonKey } = env;
  if (authMode !== "supabase" || !supabaseUrl || !anonKey) return null;
  return { supabaseUrl, anonKey, jwtSecret: env.SUPABASE_JWT_SECRET };
}

type TCredential =
  | { kind: "local"; token: string }
  | { kind: "supabase"; accessToken: string; config: TSupabaseAuthConfig };

async function readCredential(
  env: TEnv,
  cookies: { local: () => string | undefined; all: () => string | TRequestCookie[] },
): Promise<TCredential | null> {
  const supabase = supabaseSettingsOf(env);
  if (!supabase) {
    const token = cookies.local();
    return token ? { kind: "local", token } : null;
  }
  // Loaded only in the Supabase mode: the local mode never pays for @supabase/ssr.
  const { readSupabaseAccessToken, supabaseAuthCookieName } = await import("@/server/auth/supabase-auth-cookie");
  const cookieName = supabaseAuthCookieName(supabase.supabaseUrl);
  const accessToken = await readSupabaseAccessToken({ cookies: cookies.all(), cookieName });
  return accessToken ? { kind: "supabase", accessToken, config: supabase } : null;
}

function authenticate(runtime: TRuntime, credential: TCredential): Promise<TStaffActor> {
  const db = runtime.db.kysely;
  return credential.kind === "supabase"
    ? authenticateSupabaseUser(db, { accessToken: credential.accessToken, config: credential.config })
    : authenticateStaffSession(db, { token: credential.token, secret: runtime.env.SESSION_SECRET });
}
