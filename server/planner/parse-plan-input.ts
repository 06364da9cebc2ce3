import { z } from "zod";
import { ZPlannerPolicySchema, ZStrategyWeightsSchema } from "./planner-config";
import type {
  TOccupancyInterval,
  TPartyMix,
  TPlanRequest,
  TService,
  TTableStat,
  TUpcomingBooking,
  TVenueInput,
} from "./types";

/** ISO-8601 instant with an explicit offset ("Z" or "+01:00"): a bare local time would be ambiguous. */
const ZInstantSchema = z.iso.datetime({ offset: true }).transform((iso) => Date.parse(iso));
const ZTimezoneSchema = z.string().refine(isTimezone, { message: "must be an IANA time zone like Europe/London" });

const ZTableSchema = z.object({
  id: z.string().min(1),
  zone: z.string().min(1),
  capacity: z.int().min(1),
  minParty: z.int().min(1).optional(),
  mergeable: z.boolean().optional(),
  priority: z.number().optional(),
  active: z.boolean().optional(),
  onlineBookable: z.boolean().optional(),
});

const ZWindowSchema = z.object({ start: ZInstantSchema, end: ZInstantSchema });

/** The JSON a what-if plan takes (CLI `maitre plan`, and any endpoint that plans from a supplied venue). */
export const ZPlanInputSchema = z
  .object({
    venue: z.object({
      id: z.string().optional(),
      version: z.union([z.string(), z.number()]).optional(),
      timezone: ZTimezoneSchema.optional(),
      tables: z.array(ZTableSchema),
      adjacency: z.array(z.tuple([z.string(), z.string()])).default([]),
      policy: ZPlannerPolicySchema.partial().optional(),
      weights: ZStrategyWeightsSchema.partial().optional(),
      service: z
        .object({
          start: ZInstantSchema,
          lastSeating: ZInstantSchema,
          slotMinutes: z.int().min(1).max(240),
          notBefore: ZInstantSchema.optional(),
        })
        .optional(),
    }),
    occupied: z
      .array(
        ZWindowSchema.extend({
          tableId: z.string(),
          kind: z.enum(["assignment", "hold"]).optional(),
          bookingId: z.string().optional(),
        }),
      )
      .default([]),
    request: ZWindowSchema.extend({
      partySize: z.int().min(1).max(1000),
      zone: z.string().nullable().optional(),
      zoneLocked: z.boolean().optional(),
      avoidTables: z.array(z.string()).default([]),
      limit: z.int().min(1).max(100).default(5),
      onlineOnly: z.boolean().optional(),
    }),
    upcoming: z.array(ZWindowSchema.extend({ partySize: z.int().min(1).max(1000) })).default([]),
    partyMix: z
      .record(z.string().regex(/^[1-9]\d*$/, "party sizes are positive integers"), z.number().min(0))
      .optional(),
    stats: z
      .array(
        z.object({
          tableId: z.string(),
          partySize: z.int().min(1).optional(),
          successes: z.int().min(0),
          failures: z.int().min(0),
        }),
      )
      .optional(),
  })
  .superRefine((input, ctx) => {
    const ids = new Set<string>();
    input.venue.tables.forEach((t, i) => {
      if (ids.has(t.id))
        ctx.addIssue({ code: "custom", path: ["venue", "tables", i, "id"], message: `duplicate id "${t.id}"` });
      ids.add(t.id);
      if ((t.minParty ?? 1) > t.capacity) {
        ctx.addIssue({ code: "custom", path: ["venue", "tables", i, "minParty"], message: "must not exceed capacity" });
      }
    });
    const windows: [TWindow, (string | number)[]][] = [
      [input.request, ["request", "end"]],
      ...input.occupied.map((o, i): [TWindow, (string | number)[]] => [o, ["occupied", i, "end"]]),
      ...input.upcoming.map((u, i): [TWindow, (string | number)[]] => [u, ["upcoming", i, "end"]]),
    ];
    for (const [w, path] of windows) {
      if (w.end <= w.start) ctx.addIssue({ code: "custom", path, message: "must be after start" });
    }
    const service = input.venue.service;
    if (service && service.lastSeating < service.start) {
      ctx.addIssue({ code: "custom", path: ["venue", "service", "lastSeating"], message: "must not be before start" });
    }
  });

type TWindow = { start: number; end: number };

export type TParsedPlanInput = {
  venue: TVenueInput;
  config: {
    policy: Partial<z.infer<typeof ZPlannerPolicySchema>>;
    weights: Partial<z.infer<typeof ZStrategyWeightsSchema>>;
  };
  occupied: TOccupancyInterval[];
  request: TPlanRequest;
  upcoming: TUpcomingBooking[];
  partyMix?: TPartyMix;
  stats?: TTableStat[];
  service?: TService;
};

export type TParsePlanInputResult =
  | { ok: true; value: TParsedPlanInput; warnings: string[] }
  | { ok: false; errors: string[] };

/** Validate plan input JSON; errors read "venue.tables[2].capacity: Too small: expected number to be >=1". */
export function parsePlanInput(json: unknown): TParsePlanInputResult {
  const parsed = ZPlanInputSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`) };
  }
  const { venue, occupied, request, upcoming, partyMix, stats } = parsed.data;
  // References to tables the input does not define are dropped with a warning rather than refused: what-if inputs
  // are often trimmed copies of a venue, and a dangling edge or interval cannot change which plans are valid.
  const ids = new Set(venue.tables.map((t) => t.id));
  const warnings: string[] = [];
  const keep = (id: string, path: PropertyKey[], what: string) => {
    if (ids.has(id)) return true;
    warnings.push(`${formatPath(path)}: unknown table id "${id}" (${what} ignored)`);
    return false;
  };
  const adjacency = venue.adjacency.filter(
    ([a, b], i) => keep(a, ["venue", "adjacency", i, 0], "edge") && keep(b, ["venue", "adjacency", i, 1], "edge"),
  );
  const kept = occupied.filter((o, i) => keep(o.tableId, ["occupied", i, "tableId"], "interval"));
  request.avoidTables.forEach((id, i) => {
    keep(id, ["request", "avoidTables", i], "entry");
  });
  return {
    ok: true,
    warnings,
    value: {
      venue: {
        ...(venue.id === undefined ? {} : { id: venue.id }),
        ...(venue.version === undefined ? {} : { version: venue.version }),
        ...(venue.timezone === undefined ? {} : { timezone: venue.timezone }),
        tables: venue.tables,
        adjacency,
      },
      config: { policy: venue.policy ?? {}, weights: venue.weights ?? {} },
      occupied: kept,
      request,
      upcoming,
      ...(partyMix ? { partyMix: Object.fromEntries(Object.entries(partyMix).map(([k, v]) => [Number(k), v])) } : {}),
      ...(stats ? { stats } : {}),
      ...(venue.service ? { service: venue.service } : {}),
    },
  };
}

export function formatPath(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>((out, key) => {
      if (typeof key === "number") return `${out}[${key}]`;
      return out ? `${out}.${String(key)}` : String(key);
    }, "") || "(input)"
  );
}

function isTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
