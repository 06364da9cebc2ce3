import { combineChunks, parseCookieHeader, stringFromBase64URL } from "@supabase/ssr";

export type TRequestCookie = { name: string; value?: string };

const BASE64_PREFIX = "base64-";

/**
 * The cookie @supabase/ssr keeps a Supabase session in: supabase-js's default storage key, `sb-<project ref>-auth-token`,
 * where the ref is the first label of the project URL's host (`https://abcd.supabase.co` → `sb-abcd-auth-token`).
 */
export function supabaseAuthCookieName(supabaseUrl: string): string {
  return `sb-${new URL(supabaseUrl).hostname.split(".")[0]}-auth-token`;
}

/**
 * The access token (a JWT) of the Supabase session among a request's cookies (its Cookie header, or a cookie
 * store's getAll()), or null. @supabase/ssr writes the session as
 * JSON, `base64-` + base64url by default (raw JSON with `cookieEncoding: "raw"`), split into `<name>.0`, `<name>.1` …
 * when it exceeds a cookie's size; the chunks are joined with @supabase/ssr's own combineChunks. Nothing here is
 * trusted: the caller verifies the token's signature and claims.
 */
export async function readSupabaseAccessToken({
  cookies,
  cookieName,
}: {
  cookies: string | readonly TRequestCookie[];
  cookieName: string;
}): Promise<string | null> {
  if (typeof cookies === "string" && !cookies.includes(cookieName)) return null;
  const list = typeof cookies === "string" ? parseCookieHeader(cookies) : cookies;
  const joined = await combineChunks(cookieName, (name) => list.find((cookie) => cookie.name === name)?.value || null);
  if (!joined) return null;
  try {
    const json = joined.startsWith(BASE64_PREFIX) ? stringFromBase64URL(joined.slice(BASE64_PREFIX.length)) : joined;
    const session: unknown = JSON.parse(json);
    const token = (session as { access_token?: unknown } | null)?.access_token;
    return typeof token === "string" && token.length > 0 ? token : null;
  } catch {
    return null; // a torn or edited cookie is no session
  }
}
