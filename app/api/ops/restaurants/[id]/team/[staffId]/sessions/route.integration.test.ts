import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as readSession } from "@/app/api/auth/session/route";
import { createStaffSession } from "@/server/auth/create-staff-session";
import { signSessionToken } from "@/server/auth/session-token";
import { type EveningScenario, setupEveningScenario } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";
import { DELETE } from "./route";

/**
 * "Sign out everywhere" for a team member, through the real route on PGlite and PostgreSQL: every live session of
 * theirs ends (the cookies on each device get 401 from the next request), nobody else's; the role rules of the
 * team page (host 403, manager cannot touch an owner, another restaurant's member 404).
 */
describeEachBackend("DELETE /api/ops/restaurants/{id}/team/{staffId}/sessions", ({ db }) => {
  let venue: EveningScenario;
  let other: EveningScenario;
  let secret = "";
  let owner: TTestStaff;
  let manager: TTestStaff;
  let host: TTestStaff;
  let stranger: TTestStaff;
  let uninstall: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db() });
    uninstall = installed.uninstall;
    secret = installed.runtime.env.SESSION_SECRET;
    venue = await setupEveningScenario(db());
    other = await setupEveningScenario(db());
    owner = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "owner"]] });
    manager = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    host = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    stranger = await seedStaffMember(db().kysely, { secret, memberships: [[other.restaurantId, "manager"]] });
  });
  afterAll(async () => {
    await uninstall?.();
  });

  const signOut = (staff: TTestStaff | null, staffId: string, rid = venue.restaurantId) =>
    DELETE(
      staffRequest(`/api/ops/restaurants/${rid}/team/${staffId}/sessions`, { method: "DELETE", staff }),
      routeParams({ id: rid, staffId }),
    );
  const whoAmI = (cookie: string) => readSession(staffRequest("/api/auth/session", { staff: { cookie } }));
  /** Another device of the same member: a second live session and its cookie. */
  const anotherDevice = async (staff: TTestStaff) => {
    const session = await createStaffSession(db().kysely, { staffUserId: staff.id });
    return `maitre_session=${await signSessionToken({ ...session, secret })}`;
  };
  const expectProblem = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { code: string; hint?: string };
    expect(problem.code).toBe(code);
    return problem;
  };

  it("ends every session of the member on every device; the manager's own session and others' carry on", async () => {
    const tablet = await anotherDevice(host);
    expect((await whoAmI(host.cookie)).status).toBe(200);
    expect((await whoAmI(tablet)).status).toBe(200);

    const response = await signOut(manager, host.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ signedOut: { staffUserId: host.id, endedSessions: 2 } });

    expect((await whoAmI(host.cookie)).status).toBe(401);
    expect((await whoAmI(tablet)).status).toBe(401);
    expect((await whoAmI(manager.cookie)).status).toBe(200);
    expect((await whoAmI(owner.cookie)).status).toBe(200);
    // Still on the team: signing in again works (a new session is live).
    expect((await whoAmI(await anotherDevice(host))).status).toBe(200);
    // Again at once: nothing live was left to end except the new session.
    expect(await (await signOut(manager, host.id)).json()).toEqual({
      signedOut: { staffUserId: host.id, endedSessions: 1 },
    });
  });

  it("refuses a host (403), a manager touching an owner (403) and a member of another restaurant (404); nothing ends", async () => {
    const otherHost = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "host"]] });
    await expectProblem(await signOut(otherHost, manager.id), 403, "FORBIDDEN");
    await expectProblem(await signOut(manager, owner.id), 403, "FORBIDDEN");
    await expectProblem(await signOut(manager, stranger.id), 404, "NOT_FOUND");
    await expectProblem(await signOut(stranger, manager.id), 404, "NOT_FOUND");
    expect((await whoAmI(owner.cookie)).status).toBe(200);
    expect((await whoAmI(manager.cookie)).status).toBe(200);
    expect((await whoAmI(stranger.cookie)).status).toBe(200);
  });

  it("lets an owner sign out an owner, and a manager sign themselves out everywhere", async () => {
    const secondOwner = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "owner"]] });
    expect((await signOut(owner, secondOwner.id)).status).toBe(200);
    expect((await whoAmI(secondOwner.cookie)).status).toBe(401);
    const self = await seedStaffMember(db().kysely, { secret, memberships: [[venue.restaurantId, "manager"]] });
    expect(await (await signOut(self, self.id)).json()).toEqual({
      signedOut: { staffUserId: self.id, endedSessions: 1 },
    });
    expect((await whoAmI(self.cookie)).status).toBe(401);
  });
});
