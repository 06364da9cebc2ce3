import { randomBytes } from "node:crypto";
import { createStaffSession } from "@/server/auth/create-staff-session";
import { signSessionToken } from "@/server/auth/session-token";
import type { Queryable } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";

/**
 * Staff callers for route tests: a member of staff with memberships and a live session (the same rows and the
 * same signed cookie the sign-in route makes), and Requests that carry it as a browser would (cookie + Origin).
 */
export const TEST_ORIGIN = "http://localhost";

export type TTestStaff = { id: string; email: string; name: string; sessionId: string; cookie: string };

export async function seedStaffMember(
  db: Queryable,
  {
    secret,
    memberships,
    email = `staff-${randomBytes(4).toString("hex")}@example.test`,
    name,
  }: {
    secret: string;
    memberships: ReadonlyArray<readonly [restaurantId: string, role: StaffRole]>;
    email?: string;
    name?: string;
  },
): Promise<TTestStaff> {
  const displayName = name ?? `Staff ${email.split("@")[0]}`;
  const user = await db
    .insertInto("staff_users")
    .values({ email, display_name: displayName, password_hash: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [restaurantId, role] of memberships) {
    await db
      .insertInto("restaurant_memberships")
      .values({ staff_user_id: user.id, restaurant_id: restaurantId, role })
      .execute();
  }
  const session = await createStaffSession(db, { staffUserId: user.id });
  const token = await signSessionToken({ ...session, secret });
  return { id: user.id, email, name: displayName, sessionId: session.sessionId, cookie: `maitre_session=${token}` };
}

/**
 * A request as the dashboard sends it: JSON body, the staff cookie, this server's Origin (pass `origin: null` to
 * leave it out, or another origin to test the cross-site refusal), an optional Idempotency-Key.
 */
export function staffRequest(
  path: string,
  {
    method = "GET",
    staff,
    body,
    origin = TEST_ORIGIN,
    idempotencyKey,
    headers = {},
  }: {
    method?: string;
    staff?: Pick<TTestStaff, "cookie"> | null;
    body?: unknown;
    origin?: string | null;
    idempotencyKey?: string;
    headers?: Record<string, string>;
  } = {},
): Request {
  return new Request(`${TEST_ORIGIN}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(staff ? { cookie: staff.cookie } : {}),
      ...(origin ? { origin } : {}),
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Next.js's second route argument for a dynamic segment: `routeParams({ id })`. */
export function routeParams(params: Record<string, string>): { params: Promise<Record<string, string>> } {
  return { params: Promise.resolve(params) };
}
