import { afterAll, beforeAll } from "vitest";
import { STAFF_ROLE_RANK } from "@/server/auth/staff-session-types";
import { seedApiKey } from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { TEST_ORIGIN } from "@/server/testing/staff-test-kit";
import type { TestDb } from "@/server/testing/test-db";
import { SECURITY_TEST_ENV, seedWorld, type TWorld } from "./access-world";
import type { TRouteAccess } from "./route-access-types";

/** The callers of the matrix: nobody, booking clients of A and B (one revoked), staff of A by role, staff of B. */
export const CALLERS = [
  "no credentials",
  "API key of A",
  "API key of B",
  "revoked key of A",
  "host of A",
  "manager of A",
  "owner of A",
  "owner of B",
] as const;
export type TCallerName = (typeof CALLERS)[number];

/** Request headers per caller. Every request carries this server's Origin, as a browser's would. */
export type TCallerHeaders = Record<TCallerName, Record<string, string>>;

export async function seedCallers(world: TWorld): Promise<TCallerHeaders> {
  const { db, a, b } = world;
  const bearer = (key: string) => ({ origin: TEST_ORIGIN, authorization: `Bearer ${key}` });
  const cookie = async (restaurantId: string, role: "host" | "manager" | "owner") => ({
    origin: TEST_ORIGIN,
    cookie: (await world.seedStaff(restaurantId, role)).cookie,
  });
  return {
    "no credentials": { origin: TEST_ORIGIN },
    "API key of A": bearer(await seedApiKey(db.kysely, { restaurantId: a.restaurantId })),
    "API key of B": bearer(await seedApiKey(db.kysely, { restaurantId: b.restaurantId })),
    "revoked key of A": bearer(await seedApiKey(db.kysely, { restaurantId: a.restaurantId, revoked: true })),
    "host of A": await cookie(a.restaurantId, "host"),
    "manager of A": await cookie(a.restaurantId, "manager"),
    "owner of A": await cookie(a.restaurantId, "owner"),
    "owner of B": await cookie(b.restaurantId, "owner"),
  };
}

/** What a cell must answer: an exact status, and for the allowed answer the problem code when there is one. */
export type TExpected = { status: number; code?: string; allowed: boolean };

const STAFF_ROLE: Partial<Record<TCallerName, "host" | "manager" | "owner">> = {
  "host of A": "host",
  "manager of A": "manager",
  "owner of A": "owner",
};

/**
 * The access rules, stated once: public routes let everyone through; API-key routes refuse everything but a live
 * key (401), and hide A's resources from B's key (404); staff routes refuse anything but a staff session (401),
 * a role below the minimum (403), and hide A from B's staff (404).
 */
export function expectedAnswer(access: TRouteAccess, caller: TCallerName, successStatus: number): TExpected {
  const allowed: TExpected = access.allowed
    ? { status: access.allowed.status, code: access.allowed.code, allowed: true }
    : { status: successStatus, allowed: true };
  const refused = (status: number): TExpected => ({ status, allowed: false });
  if (access.auth === "public") return allowed;
  if (access.auth === "apiKey") {
    if (caller === "API key of A") return allowed;
    if (caller === "API key of B") return access.keyOfB === "not_found" ? refused(404) : allowed;
    return refused(401);
  }
  if (caller === "owner of B") return access.staffOfB === "allowed" ? allowed : refused(404);
  const role = STAFF_ROLE[caller];
  if (!role) return refused(401);
  return STAFF_ROLE_RANK[role] >= STAFF_ROLE_RANK[access.minRole] ? allowed : refused(403);
}

/**
 * The world both suites act in, for one describe block: the test runtime on `db`, restaurants A and B, and the
 * callers, made before its tests and uninstalled after them.
 */
export function useSecurityWorld(db: () => TestDb): { readonly world: TWorld; readonly callers: TCallerHeaders } {
  let world: TWorld | undefined;
  let callers: TCallerHeaders | undefined;
  let uninstall: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const installed = await installTestRuntime({ db: db(), env: SECURITY_TEST_ENV });
    uninstall = installed.uninstall;
    world = await seedWorld({ db: db(), runtime: installed.runtime });
    callers = await seedCallers(world);
  });
  afterAll(async () => {
    await uninstall?.();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the security world is made in beforeAll: use it inside a test");
    return value;
  };
  return {
    get world() {
      return ready(world);
    },
    get callers() {
      return ready(callers);
    },
  };
}
