import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as readSession, POST as signInRoute } from "@/app/api/auth/session/route";
import { GET as previewReset } from "@/app/api/password-resets/[token]/route";
import { hashPassword } from "@/server/auth/hash-password";
import { newLinkToken } from "@/server/setup/team/link-token";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import type { TCommandIo } from "./read-json-command-input";
import { run } from "./staff-command";

function capture() {
  const out = { stdout: "", stderr: "" };
  const io: TCommandIo = {
    readStdin: async () => "",
    stdinIsTTY: true,
    readFile: async () => "",
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
  };
  return { io, out };
}

/**
 * `maitre staff show|disable|enable` (runbook 6.10, operations.md §9 gap 16) against a real database on both
 * backends, checked through the real routes: disabled, the account's cookie and password are refused and its reset
 * link stops working; enabled, it signs in again with its restaurants as they were.
 */
describeEachBackend("maitre staff", ({ db }) => {
  let venue: EveningScenario;
  let host: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;
  const target = async () => ({ db: db(), close: async () => {} });
  const password = "the host's password 1";
  let address = 0;
  const signIn = () =>
    signInRoute(
      staffRequest("/api/auth/session", {
        method: "POST",
        body: { email: host.email, password },
        headers: { "x-forwarded-for": `192.0.2.${++address}` },
      }),
    );
  const whoAmI = (cookie: string) => readSession(staffRequest("/api/auth/session", { staff: { cookie } }));

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    venue = await setupEveningScenario(db());
    host = await seedStaffMember(db().kysely, {
      secret: installed.runtime.env.SESSION_SECRET,
      memberships: [[venue.restaurantId, "host"]],
    });
    await db()
      .kysely.updateTable("staff_users")
      .set({ password_hash: await hashPassword(password) })
      .where("id", "=", host.id)
      .execute();
  });
  afterAll(async () => {
    await uninstall?.();
  });

  it("refuses bad usage and unknown accounts with exit code 2", async () => {
    const none = capture();
    expect(await run(["disable"], none.io, target)).toBe(2);
    expect(none.out.stderr).toContain("--email EMAIL is required");
    const wrong = capture();
    expect(await run(["delete", "--email", host.email], wrong.io, target)).toBe(2);
    expect(wrong.out.stderr).toContain("Say one of show, disable, enable");
    const unknown = capture();
    expect(await run(["disable", "--email", "nobody@example.test"], unknown.io, target)).toBe(2);
    expect(unknown.out.stderr).toContain('No staff account has the email "nobody@example.test"');
  });

  it("disable locks the account out everywhere at once; enable lets it back in with its restaurants", async () => {
    const { token, tokenHash } = newLinkToken();
    await db()
      .kysely.insertInto("staff_password_resets")
      .values({
        staff_user_id: host.id,
        restaurant_id: venue.restaurantId,
        token_hash: tokenHash,
        expires_at: new Date(Date.now() + 3_600_000),
      })
      .execute();
    expect((await whoAmI(host.cookie)).status).toBe(200);

    const shown = capture();
    expect(await run(["show", "--email", host.email.toUpperCase()], shown.io, target)).toBe(0);
    expect(JSON.parse(shown.out.stdout)).toMatchObject({ email: host.email, active: true, liveSessions: 1 });

    const disabled = capture();
    expect(await run(["disable", "--email", host.email], disabled.io, target)).toBe(0);
    expect(JSON.parse(disabled.out.stdout)).toMatchObject({ active: false, endedSessions: 1, liveSessions: 0 });
    expect(disabled.out.stderr).toContain("1 session(s) ended");
    expect((await whoAmI(host.cookie)).status).toBe(401);
    expect((await signIn()).status).toBe(401);
    const link = await previewReset(staffRequest(`/api/password-resets/${token}`), routeParams({ token }));
    expect(link.status).toBe(410);

    const enabled = capture();
    expect(await run(["enable", "--email", host.email], enabled.io, target)).toBe(0);
    const account = JSON.parse(enabled.out.stdout) as { active: boolean; memberships: unknown[] };
    expect(account.active).toBe(true);
    const { slug } = await db()
      .kysely.selectFrom("restaurants")
      .select("slug")
      .where("id", "=", venue.restaurantId)
      .executeTakeFirstOrThrow();
    expect(account.memberships).toEqual([{ restaurant: slug, role: "host" }]);
    const again = await signIn();
    expect(again.status).toBe(204);
    const cookie = /^(maitre_session=[^;]+)/.exec(again.headers.get("set-cookie") ?? "")?.[1] ?? "";
    expect((await whoAmI(cookie)).status).toBe(200);
  });
});
