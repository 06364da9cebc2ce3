import { isChunkLike, parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";
import {
  createSupabaseServerClient,
  supabaseCookieOptions,
  type TCookieToSet,
  type TSupabaseProject,
} from "@/server/auth/create-supabase-server-client";
import type { TSignInRequest } from "@/server/auth/sign-in-request-schema";
import { supabaseAuthCookieName } from "@/server/auth/supabase-auth-cookie";
import { verifySupabaseCredentials } from "@/server/auth/verify-supabase-credentials";
import { getRuntime } from "@/server/runtime/get-runtime";
import { clientAddressOf } from "./client-address";
import { assertSameOrigin } from "./same-origin";
import { throttleSignIn } from "./sign-in-throttle";

/** A request's Supabase client whose cookie writes are collected as Set-Cookie header values. */
function requestClient(request: Request, { project, secure }: { project: TSupabaseProject; secure: boolean }) {
  const written: TCookieToSet[] = [];
  const client = createSupabaseServerClient({
    project,
    secure,
    getAll: () => requestCookies(request),
    setAll: (cookies) => written.push(...cookies),
  });
  return {
    client,
    setCookies: () => written.map(({ name, value, options }) => serializeCookieHeader(name, value, options)),
  };
}

/**
 * POST /api/auth/session in the Supabase mode: the same Origin check and sign-in budgets as the local mode, the
 * password checked by Supabase Auth, and the Set-Cookie values of the Supabase session (`sb-<ref>-auth-token`,
 * chunked when large) for the route to send.
 */
export async function signInStaffWithSupabase(
  request: Request,
  { project, credentials: { email, password } }: { project: TSupabaseProject; credentials: TSignInRequest },
): Promise<string[]> {
  assertSameOrigin(request, { required: false });
  const runtime = await getRuntime();
  const production = runtime.env.NODE_ENV === "production";
  const { client, setCookies } = requestClient(request, { project, secure: production });
  await throttleSignIn({
    limiters: runtime.rateLimiters,
    address: clientAddressOf(request.headers),
    email,
    attempt: () =>
      verifySupabaseCredentials(runtime.db.kysely, { client, email, password, refuseDemoAccounts: production }),
  });
  return setCookies();
}

/**
 * DELETE /api/auth/session in the Supabase mode: Supabase ends the session (its refresh token stops working) and
 * the cookies are cleared. The cookies are cleared even when Supabase cannot be reached — the browser forgets the
 * session either way, and the access token left on Supabase's side expires within the hour. Without a session
 * cookie there is nothing to end: still a success.
 */
export async function signOutStaffWithSupabase(
  request: Request,
  { project }: { project: TSupabaseProject },
): Promise<string[]> {
  const runtime = await getRuntime();
  const secure = runtime.env.NODE_ENV === "production";
  const cookieName = supabaseAuthCookieName(project.supabaseUrl);
  const present = requestCookies(request).filter((cookie) => isChunkLike(cookie.name, cookieName));
  if (present.length === 0) return [];
  assertSameOrigin(request);
  const { client } = requestClient(request, { project, secure });
  const { error } = await client.auth.signOut({ scope: "local" }).catch((thrown: unknown) => ({ error: thrown }));
  if (error) runtime.log.warn({ err: error }, "Supabase sign-out did not reach Supabase; cookies cleared anyway");
  const cleared = { ...supabaseCookieOptions({ secure }), maxAge: 0 };
  return present.map((cookie) => serializeCookieHeader(cookie.name, "", cleared));
}

const requestCookies = (request: Request) =>
  parseCookieHeader(request.headers.get("cookie") ?? "").map(({ name, value }) => ({ name, value: value ?? "" }));
