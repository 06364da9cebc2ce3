import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as readSession, POST as signInRoute } from "@/app/api/auth/session/route";
import { POST as completeReset } from "@/app/api/password-resets/[token]/complete/route";
import { GET as previewReset } from "@/app/api/password-resets/[token]/route";
import { createStaffSession } from "@/server/auth/create-staff-session";
import { hashPassword } from "@/server/auth/hash-password";
import { signSessionToken } from "@/server/auth/session-token";
import { isDomainError } from "@/server/errors/domain-error";
import { completePasswordReset } from "@/server/setup/team/complete-password-reset";
import { sendPasswordReset } from "@/server/setup/team/send-password-reset";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { POST as sendReset } from "./route";

/**
 * "Forgot my password" for a team member, through the real routes on PGlite and PostgreSQL: a manager emails the
 * link; the old password works until the link is used; the link sets a new password once, ends every session of
 * the account and signs the holder in; a newer link replaces an older one; racing submissions of one link
 * change the password once; the team's role rules hold and refusals write nothing.
 */
describeEachBackend(
  "password reset: POST …/team/{staffId}/password-reset, /api/password-resets/{token}",
  ({ db, kind }) => {
    let venue: EveningScenario;
    let other: EveningScenario;
    let secret = "";
    let owner: TTestStaff;
    let manager: TTestStaff;
    let stranger: TTestStaff;
    let uninstall: (() => Promise<void>) | undefined;
    let address = 0;

    beforeAll(async () => {
      const installed = await installTestRuntime({ db: db() });
      uninstall = installed.uninstall;
      secret = installed.runtime.env.SESSION_SECRET;
      venue = await setupEveningScenario(db());
      other = await setupEveningScenario(db());
      owner = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "owner"]] });
      manager = await seedStaffMember(db().kysely, {
        secret,
        memberships: [[venue.restaurantId, "manager"]],
        name: "Mia Manager",
      });
      stranger = await seedStaffMember(db().kysely, { secret, memberships: [[other.restaurantId, "manager"]] });
    });
    afterAll(async () => {
      await uninstall?.();
    });

    /** A host of the venue whose password is `password`. */
    const hostWithPassword = async (password: string) => {
      const host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
      await db()
        .kysely.updateTable("staff_users")
        .set({ password_hash: await hashPassword(password) })
        .where("id", "=", host.id)
        .execute();
      return host;
    };
    const send = (staff: TTestStaff | null, staffId: string, rid = venue.restaurantId) =>
      sendReset(
        staffRequest(`/api/ops/restaurants/${rid}/team/${staffId}/password-reset`, { method: "POST", staff }),
        routeParams({ id: rid, staffId }),
      );
    /** The link's token, read from the newest reset email to `email` (the outbox row is the email). */
    const tokenMailedTo = async (email: string) => {
      const mail = await db()
        .kysely.selectFrom("notifications")
        .select(["body_text", "subject"])
        .where("recipient", "=", email)
        .where("kind", "=", "staff_password_reset")
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      const token = /https?:\/\/[^\s]+\/reset-password\/([A-Za-z0-9_-]{43})/.exec(mail.body_text)?.[1];
      expect(token, "the email carries the link").toBeTruthy();
      return { token: token as string, mail };
    };
    const preview = (token: string) =>
      previewReset(staffRequest(`/api/password-resets/${token}`), routeParams({ token }));
    const complete = (token: string, password: string) =>
      completeReset(
        staffRequest(`/api/password-resets/${token}/complete`, {
          method: "POST",
          body: { password },
          headers: { "x-forwarded-for": `203.0.113.${(++address % 250) + 1}` },
        }),
        routeParams({ token }),
      );
    /** Sign-in answers 204 (cookie) or 401. */
    const signIn = (email: string, password: string) =>
      signInRoute(
        staffRequest("/api/auth/session", {
          method: "POST",
          body: { email, password },
          headers: { "x-forwarded-for": `203.0.113.${(++address % 250) + 1}` },
        }),
      );
    const whoAmI = (cookie: string) => readSession(staffRequest("/api/auth/session", { staff: { cookie } }));
    const anotherDevice = async (staff: TTestStaff) => {
      const session = await createStaffSession(db().kysely, { staffUserId: staff.id });
      return `maitre_session=${await signSessionToken({ ...session, secret })}`;
    };
    const expectProblem = async (response: Response, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      const problem = (await response.json()) as { code: string; hint?: string; reason?: string };
      expect(problem.code).toBe(code);
      return problem;
    };
    const resetMailsTo = async (email: string) =>
      Number(
        (
          await db()
            .kysely.selectFrom("notifications")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("recipient", "=", email)
            .where("kind", "=", "staff_password_reset")
            .executeTakeFirstOrThrow()
        ).n,
      );

    it("emails a link; the new password replaces the old, every session ends, the holder is signed in; the link works once", async () => {
      const host = await hostWithPassword("the old password 1");
      const tablet = await anotherDevice(host);

      const sent = await send(manager, host.id);
      expect(sent.status).toBe(201);
      const body = (await sent.json()) as { passwordReset: { staffUserId: string; email: string; expiresAt: string } };
      expect(body.passwordReset).toMatchObject({ staffUserId: host.id, email: host.email });
      const hours = (Date.parse(body.passwordReset.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);
      expect(JSON.stringify(body)).not.toMatch(/reset-password/);
      const { token, mail } = await tokenMailedTo(host.email);
      expect(mail.body_text).toContain("Mia Manager");

      // Until the link is used, nothing changed: the old password and the sessions still work.
      const shown = await preview(token);
      expect(shown.status).toBe(200);
      expect(await shown.json()).toMatchObject({
        email: host.email,
        name: host.name,
        restaurantName: expect.any(String),
      });
      expect((await signIn(host.email, "the old password 1")).status).toBe(204);
      expect((await whoAmI(host.cookie)).status).toBe(200);

      // Too short: 400 naming the field, nothing changed, the link still usable.
      const short = await expectProblem(await complete(token, "short"), 400, "VALIDATION_FAILED");
      expect(JSON.stringify(short)).toContain("body.password");
      expect((await signIn(host.email, "the old password 1")).status).toBe(204);

      const changed = await complete(token, "the new password 2");
      expect(changed.status).toBe(200);
      const answer = (await changed.json()) as { restaurant: { id: string }; endedSessions: number };
      expect(answer.restaurant.id).toBe(venue.restaurantId);
      expect(answer.endedSessions).toBeGreaterThanOrEqual(3);
      const cookie = /^(maitre_session=[^;]+)/.exec(changed.headers.get("set-cookie") ?? "")?.[1] ?? "";
      expect((await whoAmI(cookie)).status).toBe(200);
      expect((await whoAmI(host.cookie)).status).toBe(401);
      expect((await whoAmI(tablet)).status).toBe(401);
      expect((await signIn(host.email, "the old password 1")).status).toBe(401);
      expect((await signIn(host.email, "the new password 2")).status).toBe(204);

      // Used: 410 with the reason, and the password stays the one chosen.
      expect(
        (await expectProblem(await complete(token, "a third password 3"), 410, "PASSWORD_RESET_UNUSABLE")).reason,
      ).toBe("used");
      expect((await expectProblem(await preview(token), 410, "PASSWORD_RESET_UNUSABLE")).reason).toBe("used");
      expect((await signIn(host.email, "the new password 2")).status).toBe(204);
    });

    it("a newer link replaces the older one; a member who left the team cannot use theirs; an expired link says so", async () => {
      const host = await hostWithPassword("the old password 1");
      expect((await send(manager, host.id)).status).toBe(201);
      const first = await tokenMailedTo(host.email);
      expect((await send(owner, host.id)).status).toBe(201);
      const second = await tokenMailedTo(host.email);
      expect(second.token).not.toBe(first.token);
      expect(
        (await expectProblem(await complete(first.token, "the new password 2"), 410, "PASSWORD_RESET_UNUSABLE")).reason,
      ).toBe("revoked");
      expect((await signIn(host.email, "the old password 1")).status).toBe(204);

      await sql`update staff_password_resets set created_at = now() - interval '2 days', expires_at = now() - interval '1 day'
      where staff_user_id = ${host.id} and revoked_at is null`.execute(db().kysely);
      const expired = await expectProblem(await preview(second.token), 410, "PASSWORD_RESET_UNUSABLE");
      expect(expired.reason).toBe("expired");
      expect(expired.hint).toMatch(/manager/i);

      const leaver = await hostWithPassword("leaver's password 1");
      expect((await send(manager, leaver.id)).status).toBe(201);
      const { token } = await tokenMailedTo(leaver.email);
      await db()
        .kysely.deleteFrom("restaurant_memberships")
        .where("staff_user_id", "=", leaver.id)
        .where("restaurant_id", "=", venue.restaurantId)
        .execute();
      expect(
        (await expectProblem(await complete(token, "the new password 2"), 410, "PASSWORD_RESET_UNUSABLE")).reason,
      ).toBe("revoked");
      await expectProblem(await preview("not-a-token"), 404, "NOT_FOUND");
      await expectProblem(await complete("A".repeat(43), "the new password 2"), 404, "NOT_FOUND");
    });

    it("four racing submissions of one link: exactly one changes the password, the others get 410", async () => {
      const host = await hostWithPassword("the old password 1");
      expect((await send(manager, host.id)).status).toBe(201);
      const { token } = await tokenMailedTo(host.email);
      const tabs = ["tab A", "tab B", "tab C", "tab D"].map((tab) => `password from ${tab}`);
      const answers = await Promise.all(tabs.map((password) => complete(token, password)));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410, 410]);
      const winner = tabs[answers.findIndex((a) => a.status === 200)] as string;
      for (const password of tabs) {
        expect((await signIn(host.email, password)).status).toBe(password === winner ? 204 : 401);
      }
    });

    // PostgreSQL only: PGlite runs one transaction at a time, so nothing can interleave there.
    (kind === "postgres" ? it : () => undefined)(
      "a submission waits for the link's row lock and then sees it used (real concurrent sessions)",
      async () => {
        const host = await hostWithPassword("the old password 1");
        expect((await send(manager, host.id)).status).toBe(201);
        const { token } = await tokenMailedTo(host.email);
        let pending: Promise<unknown> = Promise.resolve();
        // Another submission's transaction, caught between reading the link and committing it as used.
        await db().transaction(async (tx) => {
          await sql`select id from staff_password_resets where staff_user_id = ${host.id} and used_at is null for update`.execute(
            tx,
          );
          pending = completePasswordReset(db(), {
            token,
            password: "the late tab's password",
            refuseDemoAccounts: false,
          }).catch((error: unknown) => error);
          await new Promise((resolve) => setTimeout(resolve, 600));
          await sql`update staff_password_resets set used_at = now() where staff_user_id = ${host.id} and used_at is null`.execute(
            tx,
          );
        });
        const late = await pending;
        expect(isDomainError(late, "PASSWORD_RESET_UNUSABLE")).toBe(true);
        expect((await signIn(host.email, "the late tab's password")).status).toBe(401);
        expect((await signIn(host.email, "the old password 1")).status).toBe(204);
      },
    );

    it("refuses a host (403), a manager for an owner (403), another restaurant's member (404); no email is written", async () => {
      const host = await hostWithPassword("the old password 1");
      const otherHost = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
      await expectProblem(await send(otherHost, host.id), 403, "FORBIDDEN");
      await expectProblem(await send(manager, owner.id), 403, "FORBIDDEN");
      await expectProblem(await send(manager, stranger.id), 404, "NOT_FOUND");
      await expectProblem(await send(stranger, host.id), 404, "NOT_FOUND");
      await expectProblem(await send(manager, "not-a-uuid"), 404, "NOT_FOUND");
      expect(await resetMailsTo(host.email)).toBe(0);
      expect(await resetMailsTo(owner.email)).toBe(0);
      expect(await resetMailsTo(stranger.email)).toBe(0);
      // An owner may send one to an owner, and anyone who manages the team to themselves.
      expect((await send(owner, owner.id)).status).toBe(201);
      expect((await send(manager, manager.id)).status).toBe(201);
    });

    it("with Supabase Auth, Maitre keeps no passwords: PASSWORDS_MANAGED_ELSEWHERE and nothing written", async () => {
      const runtime = (await import("@/server/runtime/get-runtime")).getRuntime;
      const { mail, env } = await runtime();
      const host = await hostWithPassword("the old password 1");
      const refused = await sendPasswordReset(db(), {
        actor: {
          id: manager.id,
          name: manager.name,
          memberships: [{ restaurantId: venue.restaurantId, role: "manager", slug: "", name: "", timezone: "UTC" }],
        },
        restaurantId: venue.restaurantId,
        staffUserId: host.id,
        authMode: "supabase",
        origin: "http://localhost",
        mail: { transport: mail, from: env.MAIL_FROM },
      }).catch((error: unknown) => error);
      expect(isDomainError(refused, "PASSWORDS_MANAGED_ELSEWHERE")).toBe(true);
      expect(await resetMailsTo(host.email)).toBe(0);
    });
  },
);
