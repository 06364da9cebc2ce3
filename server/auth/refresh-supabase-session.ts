import { isChunkLike } from "@supabase/ssr";
import { createSupabaseServerClient, type TSupabaseRequestCookies } from "./create-supabase-server-client";
import { supabaseAuthCookieName } from "./supabase-auth-cookie";

/**
 * What proxy.ts does for a request in the Supabase mode: when the request carries a Supabase session whose access
 * token has expired (or is about to), swap the refresh token for a new session — one call to Supabase Auth — and
 * hand the new cookies to `setAll` (the proxy writes them to the request the route sees and to the response the
 * browser keeps). A request without a Supabase cookie, or with a fresh token, costs no network call. A failed
 * refresh leaves the request as it was: the route then answers 401 and the person signs in again.
 */
export async function refreshSupabaseSession({
  project,
  secure,
  getAll,
  setAll,
}: TSupabaseRequestCookies): Promise<void> {
  const cookieName = supabaseAuthCookieName(project.supabaseUrl);
  if (!getAll().some((cookie) => isChunkLike(cookie.name, cookieName))) return;
  const client = createSupabaseServerClient({ project, secure, getAll, setAll });
  // getSession reads the cookie and refreshes only when the access token is (nearly) expired; the token itself is
  // verified later, in staffAuth, so nothing here is trusted.
  await client.auth.getSession().catch(() => undefined);
}
