import { randomUUID } from "node:crypto";
import type { StaffRole } from "@/server/infra/db/schema";
import {
  type EveningScenario,
  seedAdjacency,
  seedTables,
  seedZone,
  setupEveningScenario,
} from "@/server/testing/factories";
import { installTestRuntime } from "@/server/testing/install-test-runtime";
import { routeParams, seedStaffMember, staffRequest, type TTestStaff } from "@/server/testing/staff-test-kit";
import type { TestDb } from "@/server/testing/test-db";

/**
 * The floor of the /api/staff/manual route suites: one zone with the chain A–B–C (4 seats each), D (2, not
 * mergeable) next to C, H (10 seats), G (4, adjacent to nothing), F (6, out of service); a terrace zone with T1 (4)
 * next to B. Staff: a host and a manager of it, and a host of another restaurant. Each test books on its own
 * evening (`nextDate`) so tests never share a window.
 */
export type TManualFlow = {
  venue: EveningScenario;
  other: EveningScenario;
  table: (label: string) => string;
  staff: (role: StaffRole, restaurant?: "own" | "other") => Promise<TTestStaff>;
  host: TTestStaff;
  manager: TTestStaff;
  foreignHost: TTestStaff;
  nextDate: () => string;
  uninstall: () => Promise<void>;
};

type THandler = (request: Request, second?: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function setupManualFlow(db: TestDb): Promise<TManualFlow> {
  const { runtime, uninstall } = await installTestRuntime({ db });
  const secret = runtime.env.SESSION_SECRET;
  const venue = await setupEveningScenario(db, {
    tables: [
      { label: "A", capacity: 4 },
      { label: "B", capacity: 4 },
      { label: "C", capacity: 4 },
      { label: "D", capacity: 2, mergeable: false },
      { label: "F", capacity: 6, active: false },
      { label: "G", capacity: 4 },
      { label: "H", capacity: 10 },
    ],
    adjacency: [
      ["A", "B"],
      ["B", "C"],
      ["C", "D"],
    ],
  });
  const terrace = await seedZone(db.kysely, { restaurantId: venue.restaurantId, name: "Terrace" });
  const terraceTables = await seedTables(db.kysely, {
    restaurantId: venue.restaurantId,
    zoneId: terrace.id,
    tables: [{ label: "T1", capacity: 4 }],
  });
  Object.assign(venue.tables, terraceTables);
  await seedAdjacency(db.kysely, {
    restaurantId: venue.restaurantId,
    a: venue.tables.B as string,
    b: venue.tables.T1 as string,
  });
  const other = await setupEveningScenario(db);
  const staff = (role: StaffRole, restaurant: "own" | "other" = "own") =>
    seedStaffMember(db.kysely, {
      secret,
      memberships: [[restaurant === "own" ? venue.restaurantId : other.restaurantId, role]],
    });
  let day = 0;
  return {
    venue,
    other,
    table: (label) => venue.tables[label] as string,
    staff,
    host: await staff("host"),
    manager: await staff("manager"),
    foreignHost: await staff("host", "other"),
    nextDate: () => {
      day += 1;
      return `2027-0${5 + Math.floor(day / 28)}-${String((day % 28) + 1).padStart(2, "0")}`;
    },
    uninstall,
  };
}

/** Calls a route handler as Next.js would and reads its JSON answer. */
export async function callRoute(
  handler: THandler,
  path: string,
  {
    method = "POST",
    staff,
    body,
    idempotencyKey,
    origin,
    params,
  }: {
    method?: string;
    staff?: TTestStaff | null;
    body?: unknown;
    idempotencyKey?: string;
    origin?: string | null;
    params?: Record<string, string>;
  } = {},
): Promise<{ status: number; contentType: string; body: Record<string, unknown> }> {
  const request = staffRequest(path, {
    method,
    staff,
    body,
    idempotencyKey,
    ...(origin === undefined ? {} : { origin }),
  });
  const response = await handler(request, params ? routeParams(params) : undefined);
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    body: (await response.json()) as Record<string, unknown>,
  };
}

export const newKey = () => `key-${randomUUID()}`;

/** The failing checks of a validate/hold answer, by name. */
export function failedChecks(body: Record<string, unknown>): string[] {
  const checks = (body.checks ?? []) as { name: string; pass: boolean }[];
  return checks.filter((c) => !c.pass).map((c) => c.name);
}
