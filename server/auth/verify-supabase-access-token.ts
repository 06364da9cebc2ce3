import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import { DomainError } from "@/server/errors/domain-error";

/**
 * Verifies a Supabase Auth access token (the JWT in the `sb-<ref>-auth-token` cookie) without trusting the cookie:
 * signature, expiry, issuer `<project url>/auth/v1`, audience and role `authenticated`, a user id in `sub`.
 *
 * Two kinds of projects:
 * - HS256 with the project's JWT secret (SUPABASE_JWT_SECRET): checked locally, no network.
 * - Asymmetric signing keys (ES256/RS256/EdDSA): checked against the project's public keys at
 *   `<url>/auth/v1/.well-known/jwks.json`, fetched once and cached by jose (re-fetched when an unknown `kid` shows up,
 *   at most every 30 s). Tests pass a local key set instead of the fetch.
 * A token is never sent to Supabase to be checked (`auth.getUser()` would cost a round trip per request).
 */
export type TSupabaseClaims = { userId: string; email: string | null; sessionId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ASYMMETRIC = ["ES256", "RS256", "EdDSA"];
const remoteKeySets = new Map<string, JWTVerifyGetKey>();

export const supabaseIssuerOf = (supabaseUrl: string) => `${supabaseUrl.replace(/\/+$/, "")}/auth/v1`;

function remoteKeySetOf(supabaseUrl: string): JWTVerifyGetKey {
  const issuer = supabaseIssuerOf(supabaseUrl);
  let keySet = remoteKeySets.get(issuer);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), { timeoutDuration: 3000 });
    remoteKeySets.set(issuer, keySet);
  }
  return keySet;
}

/**
 * The claims of a genuine, unexpired access token of this project, else null (forged, edited, expired, another
 * project's, another audience, an anonymous sign-in, junk). An unreachable key set is DEPENDENCY_UNAVAILABLE, not a
 * refusal: the person may well be signed in.
 */
export async function verifySupabaseAccessToken(
  token: string,
  {
    supabaseUrl,
    jwtSecret,
    jwks,
    now = new Date(),
  }: { supabaseUrl: string; jwtSecret?: string; jwks?: JWTVerifyGetKey; now?: Date },
): Promise<TSupabaseClaims | null> {
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    return null;
  }
  // An HS256 token cannot be checked without the project's secret, so it is not accepted.
  if (alg === "HS256" && !jwtSecret) return null;
  const options = {
    issuer: supabaseIssuerOf(supabaseUrl),
    audience: "authenticated",
    currentDate: now,
    requiredClaims: ["exp", "sub", "role"],
  };
  try {
    const { payload } =
      alg === "HS256" && jwtSecret
        ? await jwtVerify(token, new TextEncoder().encode(jwtSecret), { ...options, algorithms: ["HS256"] })
        : await jwtVerify(token, jwks ?? remoteKeySetOf(supabaseUrl), { ...options, algorithms: ASYMMETRIC });
    const { sub, role, email, session_id: sessionId, is_anonymous: anonymous } = payload;
    if (typeof sub !== "string" || !UUID.test(sub) || role !== "authenticated" || anonymous === true) return null;
    return {
      userId: sub.toLowerCase(),
      email: typeof email === "string" && email !== "" ? email.toLowerCase() : null,
      sessionId: typeof sessionId === "string" && sessionId !== "" ? sessionId : `supabase:${sub}`,
    };
  } catch (error) {
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || isFetchFailure(error)) {
      throw new DomainError("DEPENDENCY_UNAVAILABLE", "Supabase Auth's signing keys could not be fetched", {
        hint: "Retry shortly; check that NEXT_PUBLIC_SUPABASE_URL is reachable from the server",
      });
    }
    return null;
  }
}

const isFetchFailure = (error: unknown) => error instanceof TypeError && /fetch/i.test(error.message);
