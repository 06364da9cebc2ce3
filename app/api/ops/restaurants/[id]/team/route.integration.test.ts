import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as readSession } from "@/app/api/auth/session/route";
import { POST as acceptInvite } from "@/app/api/invites/[token]/accept/route";
import { GET as previewInvite } from "@/app/api/invites/[token]/route";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST as resendRoute } from "../invites/[inviteId]/resend/route";
import { DELETE as revokeRoute } from "../invites/[inviteId]/route";
import { POST as inviteRoute, GET as listInvitesRoute } from "../invites/route";
import { PATCH as patchRoute, DELETE as removeRoute } from "./[staffId]/route";
import { GET } from "./route";

/**
 * The team and its invitations through the real routes, on PGlite and PostgreSQL: list, invite (email in the
 * outbox with a single-use link valid 7 days, only its hash stored), resend, revoke, accept (new account or
 * existing one), change role and remove — with the role rules (host 403, manager cannot grant owner), other
 * restaurants 404, and the last owner kept even against two concurrent demotions.
 */
describeEachBackend("/api/ops/restaurants/{id}/team and /invites", ({ db }) => {
  let venue: EveningScenario;
  let other: EveningScenario;
  let secret = "";
  let owner: TTestStaff;
  let manager: TTestStaff;
  let host: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;
  let address = 0;

  beforeAll(async () => {
    const installed = await installTestRuntime({
      db: db(),
      env: { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "1000", RATE_LIMIT_SIGN_IN_ATTEMPTS_PER_MINUTE: "1000" },
    });
    uninstall = installed.uninstall;
    secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    other = await setupEveningScenario(db());
    owner = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "owner"]] });
    manager = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const base = (rid: string) => `/api/ops/restaurants/${rid}`;
  const team = (staff: TTestStaff | null, rid = venue.restaurantId) =>
    GET(staffRequest(`${base(rid)}/team`, { staff }), routeParams({ id: rid }));
  const invite = (staff: TTestStaff | null, body: unknown, rid = venue.restaurantId) =>
    inviteRoute(staffRequest(`${base(rid)}/invites`, { method: "POST", staff, body }), routeParams({ id: rid }));
  const listInvites = (staff: TTestStaff | null, rid = venue.restaurantId) =>
    listInvitesRoute(staffRequest(`${base(rid)}/invites`, { staff }), routeParams({ id: rid }));
  const resend = (staff: TTestStaff | null, inviteId: string, rid = venue.restaurantId) =>
    resendRoute(
      staffRequest(`${base(rid)}/invites/${inviteId}/resend`, { method: "POST", staff }),
      routeParams({ id: rid, inviteId }),
    );
  const revoke = (staff: TTestStaff | null, inviteId: string, rid = venue.restaurantId) =>
    revokeRoute(
      staffRequest(`${base(rid)}/invites/${inviteId}`, { method: "DELETE", staff }),
      routeParams({ id: rid, inviteId }),
    );
  const patch = (staff: TTestStaff | null, staffId: string, body: unknown, rid = venue.restaurantId) =>
    patchRoute(
      staffRequest(`${base(rid)}/team/${staffId}`, { method: "PATCH", staff, body }),
      routeParams({ id: rid, staffId }),
    );
  const remove = (staff: TTestStaff | null, staffId: string, rid = venue.restaurantId) =>
    removeRoute(
      staffRequest(`${base(rid)}/team/${staffId}`, { method: "DELETE", staff }),
      routeParams({ id: rid, staffId }),
    );
  const preview = (token: string) =>
    previewInvite(new Request(`http://localhost/api/invites/${token}`), routeParams({ token }));
  const accept = (token: string, body: unknown) =>
    acceptInvite(
      new Request(`http://localhost/api/invites/${token}/accept`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "http://localhost",
          "x-forwarded-for": `198.51.100.${(++address % 250) + 1}`,
        },
        body: JSON.stringify(body),
      }),
      routeParams({ token }),
    );
  const expectProblem = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { code: string; hint?: string } & Record<string, unknown>;
    expect(problem.code).toBe(code);
    expect(problem.hint).toBeTruthy();
    return problem;
  };
  /** The link in the newest invite email to `email` (the outbox row IS the email). */
  const linkTokenFor = async (email: string) => {
    const mail = await db()
      .kysely.selectFrom("notifications")
      .select(["body_text", "kind", "booking_id", "status"])
      .where("recipient", "=", email)
      .where("kind", "=", "staff_invite")
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ booking_id: null, status: "sent" });
    const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail.body_text)?.[1];
    expect(token).toBeTruthy();
    return token as string;
  };
  const state = async () => ({
    invites: await db().kysely.selectFrom("staff_invites").selectAll().orderBy("id").execute(),
    members: await db().kysely.selectFrom("restaurant_memberships").selectAll().orderBy("staff_user_id").execute(),
    users: (await db().kysely.selectFrom("staff_users").select("id").execute()).length,
    mails: (await db().kysely.selectFrom("notifications").select("id").execute()).length,
  });
  const uniqueEmail = (what: string) => `${what}-${Date.now().toString(36)}-${++address}@example.test`;

  it("lists members with name, email, role and since (owners first) to a manager", async () => {
    const response = await team(manager);
    expect(response.status).toBe(200);
    const { members, invites } = (await response.json()) as {
      members: Array<{ staffUserId: string; email: string; role: string; since: string; name: string }>;
      invites: unknown[];
    };
    expect(members[0]).toMatchObject({ staffUserId: owner.id, email: owner.email, role: "owner", name: owner.name });
    expect(members.map((m) => m.staffUserId).sort()).toEqual([owner.id, manager.id, host.id].sort());
    expect(Date.parse(members[0]?.since ?? "")).not.toBeNaN();
    expect(Array.isArray(invites)).toBe(true);
  });

  it("invites by email: 201, 7 days, only the token's hash stored, one email in the outbox with the link", async () => {
    const email = uniqueEmail("New.Host");
    const response = await invite(manager, { email: `  ${email.toUpperCase()} `, role: "host" });
    expect(response.status).toBe(201);
    const created = (await response.json()) as {
      invite: { id: string; email: string; expiresAt: string; createdAt: string };
    };
    expect(created.invite).toMatchObject({
      email: email.toLowerCase(),
      role: "host",
      invitedBy: manager.name,
      expired: false,
    });
    const days = (Date.parse(created.invite.expiresAt) - Date.parse(created.invite.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(7, 5);
    const token = await linkTokenFor(email.toLowerCase());
    const stored = await db()
      .kysely.selectFrom("staff_invites")
      .selectAll()
      .where("id", "=", created.invite.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const mails = await db()
      .kysely.selectFrom("notifications")
      .select("id")
      .where("recipient", "=", email.toLowerCase())
      .execute();
    expect(mails).toHaveLength(1);
    const listed = (await (await listInvites(manager)).json()) as { invites: Array<{ id: string }> };
    expect(listed.invites.map((i) => i.id)).toContain(created.invite.id);
    expect(JSON.stringify(listed)).not.toContain(stored.token_hash);

    const shown = await preview(token);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ role: "host", email: email.toLowerCase(), hasAccount: false });
  });

  it("accepts once: a new account joins, is signed in, and the link is then used up", async () => {
    const email = uniqueEmail("joiner");
    await invite(owner, { email, role: "host" });
    const token = await linkTokenFor(email);
    const response = await accept(token, { name: "Jo Iner", password: "correct horse battery" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ role: "host", restaurant: { id: venue.restaurantId } });
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toContain("maitre_session=");
    const session = (await (
      await readSession(staffRequest("/api/auth/session", { staff: { cookie: cookie.split(";")[0] ?? "" } }))
    ).json()) as { user: { email: string; name: string }; memberships: Array<{ restaurantId: string; role: string }> };
    expect(session.user).toMatchObject({ email, name: "Jo Iner" });
    expect(session.memberships).toEqual([expect.objectContaining({ restaurantId: venue.restaurantId, role: "host" })]);

    const before = await state();
    const again = await expectProblem(
      await accept(token, { name: "Jo", password: "another long password" }),
      410,
      "INVITE_UNUSABLE",
    );
    expect(again.reason).toBe("accepted");
    await expectProblem(await preview(token), 410, "INVITE_UNUSABLE");
    expect(await state()).toEqual(before);
  });

  it("an existing account accepts with its own password; a wrong one is 401 and joins nothing", async () => {
    const existing = await seedStaffMember(db().kysely, { secret, memberships: [[other.restaurantId, "owner"]] });
    const { hashPassword } = await import("@/server/auth/hash-password");
    await db()
      .kysely.updateTable("staff_users")
      .set({ password_hash: await hashPassword("their own password") })
      .where("id", "=", existing.id)
      .execute();
    await invite(owner, { email: existing.email, role: "manager" });
    const token = await linkTokenFor(existing.email);
    expect(await (await preview(token)).json()).toMatchObject({ hasAccount: true });
    const before = await state();
    await expectProblem(await accept(token, { password: "wrong password!" }), 401, "UNAUTHENTICATED");
    expect(await state()).toEqual(before);
    const ok = await accept(token, { password: "their own password" });
    expect(ok.status).toBe(200);
    const member = await db()
      .kysely.selectFrom("restaurant_memberships")
      .select("role")
      .where("staff_user_id", "=", existing.id)
      .where("restaurant_id", "=", venue.restaurantId)
      .executeTakeFirstOrThrow();
    expect(member.role).toBe("manager");
  });

  it("refuses expired, revoked and unknown links with a clear reason, and resend makes a new working link", async () => {
    const email = uniqueEmail("late");
    const { invite: created } = (await (await invite(manager, { email, role: "host" })).json()) as {
      invite: { id: string };
    };
    const firstToken = await linkTokenFor(email);
    // Nine days ago (created_at is not updatable through the typed builder: raw SQL, as a clock would do it).
    await sql`update staff_invites set created_at = now() - interval '9 days', expires_at = now() - interval '2 days'
              where id = ${created.id}`.execute(db().kysely);
    const before = await state();
    const expired = await expectProblem(
      await accept(firstToken, { name: "Late", password: "long enough pw" }),
      410,
      "INVITE_UNUSABLE",
    );
    expect(expired.reason).toBe("expired");
    expect(await state()).toEqual(before);
    const listed = (await (await team(manager)).json()) as { invites: Array<{ id: string; expired: boolean }> };
    expect(listed.invites.find((i) => i.id === created.id)?.expired).toBe(true);

    const resent = await resend(manager, created.id);
    expect(resent.status).toBe(200);
    const newToken = await linkTokenFor(email);
    expect(newToken).not.toBe(firstToken);
    await expectProblem(await preview(firstToken), 404, "NOT_FOUND");
    expect((await preview(newToken)).status).toBe(200);

    const revoked = await revoke(manager, created.id);
    expect(revoked.status).toBe(200);
    const problem = await expectProblem(
      await accept(newToken, { name: "Late", password: "long enough pw" }),
      410,
      "INVITE_UNUSABLE",
    );
    expect(problem.reason).toBe("revoked");
    await expectProblem(await preview("x".repeat(43)), 404, "NOT_FOUND");
    await expectProblem(await preview("short"), 404, "NOT_FOUND");
  });

  it("refuses bad invitations and accept bodies (400), and a member invited again (409), writing nothing", async () => {
    const before = await state();
    for (const body of [
      {},
      { email: "not-an-email", role: "host" },
      { email: "a@b.co", role: "chef" },
      { email: "", role: "host" },
      "{x",
    ]) {
      await expectProblem(await invite(manager, body), 400, "VALIDATION_FAILED");
    }
    await expectProblem(await invite(manager, { email: host.email, role: "host" }), 409, "ALREADY_MEMBER");
    expect(await state()).toEqual(before);

    const email = uniqueEmail("short-pw");
    await invite(manager, { email, role: "host" });
    const token = await linkTokenFor(email);
    const mid = await state();
    await expectProblem(await accept(token, { name: "Sam", password: "short" }), 400, "VALIDATION_FAILED");
    await expectProblem(await accept(token, { password: "long enough password" }), 400, "VALIDATION_FAILED");
    await expectProblem(await accept(token, {}), 400, "VALIDATION_FAILED");
    expect(await state()).toEqual(mid);
  });

  it("role rules: host 403, manager may not grant or touch owner, other restaurant 404 — writing nothing", async () => {
    const before = await state();
    await expectProblem(await team(host), 403, "FORBIDDEN");
    await expectProblem(await invite(host, { email: "x@example.test", role: "host" }), 403, "FORBIDDEN");
    await expectProblem(await patch(host, manager.id, { role: "host" }), 403, "FORBIDDEN");
    await expectProblem(await remove(host, manager.id), 403, "FORBIDDEN");
    await expectProblem(await invite(manager, { email: "boss@example.test", role: "owner" }), 403, "FORBIDDEN");
    await expectProblem(await patch(manager, host.id, { role: "owner" }), 403, "FORBIDDEN");
    await expectProblem(await patch(manager, owner.id, { role: "manager" }), 403, "FORBIDDEN");
    await expectProblem(await remove(manager, owner.id), 403, "FORBIDDEN");
    await expectProblem(await team(manager, other.restaurantId), 404, "NOT_FOUND");
    await expectProblem(
      await invite(owner, { email: "y@example.test", role: "host" }, other.restaurantId),
      404,
      "NOT_FOUND",
    );
    await expectProblem(await patch(owner, host.id, { role: "manager" }, other.restaurantId), 404, "NOT_FOUND");
    await expectProblem(await patch(owner, "not-a-staff-id", { role: "manager" }), 404, "NOT_FOUND");
    await expectProblem(
      await patch(owner, "00000000-0000-4000-8000-000000000000", { role: "manager" }),
      404,
      "NOT_FOUND",
    );
    await expectProblem(await revoke(owner, "not-an-invite"), 404, "NOT_FOUND");
    await expectProblem(await patch(owner, host.id, { role: "chef" }), 400, "VALIDATION_FAILED");
    await expectProblem(await team(null), 401, "UNAUTHENTICATED");
    expect(await state()).toEqual(before);
  });

  it("changes a role and removes a member: the removed member's session no longer reaches the restaurant", async () => {
    const temp = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    const changed = await patch(manager, temp.id, { role: "manager" });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ member: { staffUserId: temp.id, role: "manager" } });
    expect((await team(temp)).status).toBe(200);
    const removed = await remove(manager, temp.id);
    expect(removed.status).toBe(200);
    await expectProblem(await team(temp), 404, "NOT_FOUND");
  });

  it("keeps the last owner: demotion and removal refused (409), and of two concurrent demotions only one passes", async () => {
    const before = await state();
    await expectProblem(await patch(owner, owner.id, { role: "manager" }), 409, "LAST_OWNER");
    await expectProblem(await remove(owner, owner.id), 409, "LAST_OWNER");
    expect(await state()).toEqual(before);

    const second = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "owner"]] });
    const answers = await Promise.all([
      patch(owner, owner.id, { role: "manager" }),
      patch(second, second.id, { role: "manager" }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const owners = await db()
      .kysely.selectFrom("restaurant_memberships")
      .select("staff_user_id")
      .where("restaurant_id", "=", venue.restaurantId)
      .where("role", "=", "owner")
      .execute();
    expect(owners).toHaveLength(1);
    const [left] = owners;
    const remaining = left?.staff_user_id === owner.id ? owner : second;
    const demoted = left?.staff_user_id === owner.id ? second : owner;
    // Restore: the remaining owner makes the other owner again; then two concurrent mutual removals: one passes.
    expect((await patch(remaining, demoted.id, { role: "owner" })).status).toBe(200);
    const removals = await Promise.all([remove(owner, second.id), remove(second, owner.id)]);
    // The loser is refused LAST_OWNER — or, if the winner removed it first, is no longer a member at all (404).
    const statuses = removals.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([404, 409]).toContain(statuses[1]);
    const finalOwners = await db()
      .kysely.selectFrom("restaurant_memberships")
      .select("staff_user_id")
      .where("restaurant_id", "=", venue.restaurantId)
      .where("role", "=", "owner")
      .execute();
    expect(finalOwners).toHaveLength(1);
  });
});
