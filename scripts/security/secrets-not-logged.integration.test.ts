import { format } from "node:util";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { generateApiKey } from "@/server/auth/api-key";
import { createLogger, replaceLogger } from "@/server/infra/telemetry/logger";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { seedStaffMember, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import {
  acceptInvite,
  bookWithKey,
  completePasswordReset,
  inviteMember,
  issueApiKey,
  leakProbes,
  sendPasswordReset,
  signIn,
  uniquePassword,
  useThenEndSession,
} from "./secrets-flow-kit";

/**
 * No secret in any log line, on PGlite and PostgreSQL: every line the app's logger writes (at trace, so all levels)
 * and everything printed through the console is captured while the real route handlers handle an invitation and
 * its acceptance (with a password), sign-ins right and wrong, the session cookie's use and sign-out, an API key's
 * issue and a booking with it, a password reset by emailed link, and refusals of each (used invitation, wrong
 * password, unknown key, used reset link, too short a password). None of the passwords, the API key, the invitation
 * or reset token or any session token may appear.
 */
const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

describeEachBackend("no secret in any log line", ({ db }) => {
  const lines: string[] = [];
  let venue: EveningScenario;
  let owner: TTestStaff;
  const restore: Array<() => unknown> = [];

  beforeAll(async () => {
    const captured = createLogger({ level: "trace", destination: { write: (line: string) => lines.push(line) } });
    restore.push(replaceLogger(captured));
    for (const method of CONSOLE_METHODS) {
      const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(`console.${method} ${format(...args)}`);
      });
      restore.push(() => spy.mockRestore());
    }
    const installed = await installTestRuntime({ db: db() });
    // Use cases log through the runtime's logger: the same capturing one.
    installed.runtime.log = captured;
    restore.push(installed.uninstall);
    venue = await setupEveningScenario(db());
    owner = await seedStaffMember(db().kysely, {
      secret: installed.runtime.env.SESSION_SECRET,
      memberships: [[venue.restaurantId, "owner"]],
    });
  });
  afterAll(async () => {
    for (const undo of restore.reverse()) await undo();
  });

  it("logs every step of the flows and none of their secrets", async () => {
    const email = `member-${Date.now().toString(36)}@example.test`;
    const password = uniquePassword();
    const wrongPassword = uniquePassword();
    const unknownKey = generateApiKey().key;

    const { token: inviteToken } = await inviteMember(db(), { owner, restaurantId: venue.restaurantId, email });
    const accepted = await acceptInvite({ token: inviteToken, password });
    expect(accepted.status).toBe(200);
    expect((await acceptInvite({ token: inviteToken, password })).status).toBe(410); // used up
    expect((await signIn({ email, password: wrongPassword })).status).toBe(401);
    const signedIn = await signIn({ email, password });
    expect(signedIn.status).toBe(204);
    const apiKey = await issueApiKey({ cookieValue: signedIn.cookie, restaurantId: venue.restaurantId });
    expect(await bookWithKey(apiKey)).toBe(201);
    expect(await bookWithKey(unknownKey)).toBe(401);
    const newPassword = uniquePassword();
    const { token: resetToken } = await sendPasswordReset(db(), {
      manager: owner,
      restaurantId: venue.restaurantId,
      email,
    });
    expect((await completePasswordReset({ token: resetToken, password: "short" })).status).toBe(400);
    const reset = await completePasswordReset({ token: resetToken, password: newPassword });
    expect(reset.status).toBe(200);
    expect((await completePasswordReset({ token: resetToken, password: newPassword })).status).toBe(410);
    await useThenEndSession(reset.cookie);

    // The capture saw the flows: a line per request handled or refused, by route, at info and below.
    const logged = lines.join("\n");
    for (const route of [
      "ops.invites.create",
      "invites.accept",
      "auth.session.create",
      "ops.apiKeys.create",
      "bookings.create",
      "auth.session.read",
      "auth.session.delete",
      "ops.team.passwordReset",
      "passwordResets.complete",
    ]) {
      expect(logged).toContain(`"route":"${route}"`);
    }
    expect(logged).toContain('"code":"UNAUTHENTICATED"');
    expect(logged).toContain('"msg":"api key created"');

    const secrets = {
      password,
      wrongPassword,
      apiKey,
      unknownKey,
      inviteToken,
      newPassword,
      resetToken,
      resetCookie: reset.cookie,
      acceptCookie: accepted.cookie,
      signInCookie: signedIn.cookie,
      ownerCookie: owner.cookie.replace(/^maitre_session=/, ""),
    };
    const leaks = Object.entries(secrets).flatMap(([name, secret]) =>
      leakProbes(secret).flatMap((probe) =>
        lines.filter((line) => line.includes(probe)).map((line) => `${name}: ${line.slice(0, 300)}`),
      ),
    );
    expect(leaks).toEqual([]);
  });
});
