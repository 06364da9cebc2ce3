import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { GET as sessionRoute, POST as signInRoute, DELETE as signOutRoute } from "@/app/api/auth/session/route";
import { POST as bookRoute } from "@/app/api/bookings/route";
import { POST as acceptInviteRoute } from "@/app/api/invites/[token]/accept/route";
import { POST as createApiKeyRoute } from "@/app/api/ops/restaurants/[id]/api-keys/route";
import { POST as inviteRoute } from "@/app/api/ops/restaurants/[id]/invites/route";
import { POST as sendResetRoute } from "@/app/api/ops/restaurants/[id]/team/[staffId]/password-reset/route";
import { POST as completeResetRoute } from "@/app/api/password-resets/[token]/complete/route";
import type { Db } from "@/server/infra/db/open-db";
import { routeParams, staffRequest, TEST_ORIGIN, type TTestStaff } from "@/server/testing/staff-test-kit";

/**
 * The flows that handle every secret of the app, driven through the real route handlers as a browser and a
 * booking client would (for the "stored hashed" and "never logged" tests of scripts/security): invite a member,
 * accept with a password, reset it with an emailed link, sign in right and wrong, use the session cookie, issue an API key and book with it.
 * Each returns the clear secret it saw, so a test can look for it afterwards.
 */
let address = 0;
/** Each request from its own client address: the sign-in budgets are not what these tests are about. */
const nextAddress = () => `198.51.100.${(++address % 250) + 1}`;

const cookieValueOf = (response: Response) =>
  /^maitre_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? "";

/** A random password nobody else uses: finding it anywhere means it leaked. */
export const uniquePassword = () => `pw-${randomBytes(12).toString("base64url")}`;

/** The owner invites `email` as manager; returns the link's token, read from the email (the outbox row). */
export async function inviteMember(
  db: Db,
  { owner, restaurantId, email }: { owner: TTestStaff; restaurantId: string; email: string },
): Promise<{ token: string }> {
  const path = `/api/ops/restaurants/${restaurantId}/invites`;
  const invited = await inviteRoute(
    staffRequest(path, { method: "POST", staff: owner, body: { email, role: "manager" } }),
    routeParams({ id: restaurantId }),
  );
  expect(invited.status).toBe(201);
  const mail = await db.kysely
    .selectFrom("notifications")
    .select("body_text")
    .where("recipient", "=", email)
    .where("kind", "=", "staff_invite")
    .executeTakeFirstOrThrow();
  const token = /\/invite\/([A-Za-z0-9_-]{20,})/.exec(mail.body_text)?.[1];
  expect(token).toBeTruthy();
  return { token: token as string };
}

/** A manager emails `email`'s account a password-reset link; returns the link's token, read from the email. */
export async function sendPasswordReset(
  db: Db,
  { manager, restaurantId, email }: { manager: TTestStaff; restaurantId: string; email: string },
): Promise<{ token: string }> {
  const member = await db.kysely
    .selectFrom("staff_users")
    .select("id")
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
  const sent = await sendResetRoute(
    staffRequest(`/api/ops/restaurants/${restaurantId}/team/${member.id}/password-reset`, {
      method: "POST",
      staff: manager,
    }),
    routeParams({ id: restaurantId, staffId: member.id }),
  );
  expect(sent.status).toBe(201);
  const mail = await db.kysely
    .selectFrom("notifications")
    .select("body_text")
    .where("recipient", "=", email)
    .where("kind", "=", "staff_password_reset")
    .executeTakeFirstOrThrow();
  const token = /\/reset-password\/([A-Za-z0-9_-]{20,})/.exec(mail.body_text)?.[1];
  expect(token).toBeTruthy();
  return { token: token as string };
}

/** Chooses a new password with a reset link; returns the status and the new session cookie's value. */
export async function completePasswordReset({ token, password }: { token: string; password: string }) {
  const response = await completeResetRoute(
    new Request(`${TEST_ORIGIN}/api/password-resets/${token}/complete`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, "x-forwarded-for": nextAddress() },
      body: JSON.stringify({ password }),
    }),
    routeParams({ token }),
  );
  return { status: response.status, cookie: cookieValueOf(response) };
}

/** Accepts the invitation as a new account with `password`; returns the status, the session cookie's value and the
 * whole Set-Cookie header. */
export async function acceptInvite({ token, password }: { token: string; password: string }) {
  const response = await acceptInviteRoute(
    new Request(`${TEST_ORIGIN}/api/invites/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, "x-forwarded-for": nextAddress() },
      body: JSON.stringify({ name: "New Manager", password }),
    }),
    routeParams({ token }),
  );
  return { status: response.status, cookie: cookieValueOf(response), setCookie: response.headers.get("set-cookie") };
}

/**
 * POST /api/auth/session (from its own client address unless `from` is given); returns the status, the session
 * cookie's value (empty when refused), Set-Cookie and the answer itself (its body unread).
 */
export async function signIn({ email, password, from }: { email: string; password: string; from?: string }) {
  const response = await signInRoute(
    new Request(`${TEST_ORIGIN}/api/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, "x-forwarded-for": from ?? nextAddress() },
      body: JSON.stringify({ email, password }),
    }),
  );
  return {
    status: response.status,
    cookie: cookieValueOf(response),
    setCookie: response.headers.get("set-cookie"),
    response,
  };
}

/** GET then DELETE /api/auth/session with the cookie: the session is used, then ended. */
export async function useThenEndSession(cookieValue: string): Promise<void> {
  const staff = { cookie: `maitre_session=${cookieValue}` };
  expect((await sessionRoute(staffRequest("/api/auth/session", { staff }))).status).toBe(200);
  expect((await signOutRoute(staffRequest("/api/auth/session", { method: "DELETE", staff }))).status).toBe(204);
}

/** A manager (by session cookie value) issues a booking-client key through the route (createApiKey). */
export async function issueApiKey({ cookieValue, restaurantId }: { cookieValue: string; restaurantId: string }) {
  const response = await createApiKeyRoute(
    staffRequest(`/api/ops/restaurants/${restaurantId}/api-keys`, {
      method: "POST",
      staff: { cookie: `maitre_session=${cookieValue}` },
      body: { name: "Website widget" },
    }),
    routeParams({ id: restaurantId }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: string; prefix: string }).key;
}

/** POST /api/bookings with `Authorization: Bearer <key>`; returns the status. */
export async function bookWithKey(key: string): Promise<number> {
  const startsAt = `${new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10)}T19:30`;
  const response = await bookRoute(
    new Request(`${TEST_ORIGIN}/api/bookings`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${key}`,
        "idempotency-key": `secrets-${randomBytes(6).toString("hex")}`,
        "x-forwarded-for": nextAddress(),
      },
      body: JSON.stringify({ partySize: 2, startsAt, guestName: "Ada Lovelace", guestEmail: "ada@example.com" }),
    }),
  );
  return response.status;
}

/**
 * What to look for: the whole secret and its secret part — a session token's signature (its header is the same for
 * every token, its payload only ids), an API key's part after the public prefix.
 */
export function leakProbes(secret: string): string[] {
  const jwtSignature = secret.split(".").length === 3 ? secret.split(".")[2] : undefined;
  const apiKeySecret = /^mt_[0-9a-z]{8}_(.+)$/.exec(secret)?.[1];
  return [secret, jwtSignature, apiKeySecret].filter((probe): probe is string => (probe?.length ?? 0) >= 16);
}
