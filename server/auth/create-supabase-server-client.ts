import { type CookieOptions, createServerClient } from "@supabase/ssr";
import type { RealtimeClientOptions, SupabaseClient } from "@supabase/supabase-js";

export type TSupabaseProject = { supabaseUrl: string; anonKey: string };
export type TCookieToSet = { name: string; value: string; options: CookieOptions };

/**
 * The session cookies' attributes, the same as the local session cookie's: httpOnly (only the server reads them —
 * Maitre signs in on the server, it has no browser Supabase client), SameSite=Lax, Path=/, Secure in production.
 */
export const supabaseCookieOptions = ({ secure }: { secure: boolean }): CookieOptions => ({
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure,
});

/**
 * supabase-js builds a Realtime client with every client and, on Node 20 (no global WebSocket), throws unless given
 * a WebSocket class. The server never opens a Realtime channel (live updates go through /api/ops/stream), so it
 * gets one that refuses to connect instead of a new dependency.
 */
class RealtimeNotUsed {
  constructor() {
    throw new Error("Supabase Realtime is not used by the Maitre server (live updates: /api/ops/stream)");
  }
}

/**
 * A Supabase client for ONE request (never shared: it holds that request's session), with @supabase/ssr's cookie
 * adapter: it reads the session from `getAll` and hands every cookie it writes (sign-in, token refresh, sign-out)
 * to `setAll`, which the caller turns into Set-Cookie headers (route) or response cookies (proxy.ts).
 */
export type TSupabaseRequestCookies = {
  project: TSupabaseProject;
  secure: boolean;
  getAll: () => { name: string; value: string }[];
  setAll: (cookies: TCookieToSet[]) => void;
};

export function createSupabaseServerClient({
  project,
  secure,
  getAll,
  setAll,
}: TSupabaseRequestCookies): SupabaseClient {
  return createServerClient(project.supabaseUrl, project.anonKey, {
    cookieOptions: supabaseCookieOptions({ secure }),
    cookies: { getAll, setAll },
    realtime: { transport: RealtimeNotUsed as unknown as NonNullable<RealtimeClientOptions["transport"]> },
  });
}
