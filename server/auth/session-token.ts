import { jwtVerify, SignJWT } from "jose";

/**
 * The staff session cookie's value: an HS256 JWT (jose) signed with SESSION_SECRET that carries the session's id
 * (`jti`) and its user (`sub`) and expires with the session. The signature stops forged or edited cookies before
 * any database work; the row in staff_sessions decides whether the session is still valid (sign-out, revocation).
 */
const ISSUER = "maitre";
const AUDIENCE = "maitre:staff-session";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TSessionClaims = { sessionId: string; staffUserId: string };

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export async function signSessionToken({
  sessionId,
  staffUserId,
  expiresAt,
  secret,
  issuedAt = new Date(),
}: TSessionClaims & { expiresAt: Date; secret: string; issuedAt?: Date }): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(staffUserId)
    .setJti(sessionId)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keyOf(secret));
}

/** The claims of a token this server signed and that has not expired, else null (forged, edited, expired, junk). */
export async function verifySessionToken(
  token: string,
  {
    secret,
    now = new Date(),
    allowExpired = false,
  }: {
    secret: string;
    now?: Date;
    /** Sign-out: a genuine token's session is ended even when the token itself has expired. */
    allowExpired?: boolean;
  },
): Promise<TSessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      // jose has no "ignore exp": checked at the epoch, every genuine token is unexpired (iat is not checked).
      currentDate: allowExpired ? new Date(0) : now,
      requiredClaims: ["exp", "jti", "sub"],
    });
    const { jti, sub } = payload;
    if (typeof jti !== "string" || typeof sub !== "string" || !UUID.test(jti) || !UUID.test(sub)) return null;
    return { sessionId: jti, staffUserId: sub };
  } catch {
    return null;
  }
}
