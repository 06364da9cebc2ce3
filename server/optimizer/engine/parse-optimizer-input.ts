import { z } from "zod";
import { formatPath, ZPlanInputSchema } from "@/server/planner";
import { OBJECTIVE_CRITERIA, type TOptimizerInput } from "./types";

const ZInstantSchema = z.iso.datetime({ offset: true }).transform((iso) => Date.parse(iso));

const ZOptimizerBookingSchema = z.object({
  id: z.string().min(1),
  partySize: z.int().min(1).max(1000),
  start: ZInstantSchema,
  end: ZInstantSchema,
  tableIds: z.array(z.string().min(1)).min(1).nullable().default(null),
  fixed: z.boolean().default(false),
  preferredZone: z.string().nullable().optional(),
});

/**
 * The optimizer's JSON input (CLI `maitre optimize`, later the ops endpoint): the planner's venue shape plus the
 * day's bookings and solver options. Cross-field rules (unique ids, known tables, end after start) are checked here
 * so every error names its field.
 */
export const ZOptimizerInputSchema = z
  .object({
    venue: ZPlanInputSchema.shape.venue,
    bookings: z.array(ZOptimizerBookingSchema),
    solver: z.enum(["auto", "exact", "heuristic"]).default("auto"),
    timeLimitMs: z.int().min(100).max(600_000).optional(),
    objective: z.array(z.enum(OBJECTIVE_CRITERIA)).min(1).optional(),
    /** Placed bookings starting before asOf + minutes are treated as fixed. */
    freeze: z
      .object({
        asOf: ZInstantSchema,
        minutes: z
          .int()
          .min(0)
          .max(24 * 60),
      })
      .optional(),
    seed: z
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    /** Bookings with tables may move but never lose them. */
    keepSeated: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    const tableIds = new Set(input.venue.tables.map((t) => t.id));
    const bookingIds = new Set<string>();
    input.bookings.forEach((b, i) => {
      const at = (...path: (string | number)[]) => ["bookings", i, ...path];
      if (bookingIds.has(b.id)) ctx.addIssue({ code: "custom", path: at("id"), message: `duplicate id "${b.id}"` });
      bookingIds.add(b.id);
      if (b.end <= b.start) ctx.addIssue({ code: "custom", path: at("end"), message: "must be after start" });
      b.tableIds?.forEach((id, k) => {
        if (!tableIds.has(id))
          ctx.addIssue({ code: "custom", path: at("tableIds", k), message: `unknown table id "${id}"` });
        if (b.tableIds?.indexOf(id) !== k)
          ctx.addIssue({ code: "custom", path: at("tableIds", k), message: "listed twice" });
      });
    });
    if (input.objective && new Set(input.objective).size !== input.objective.length) {
      ctx.addIssue({ code: "custom", path: ["objective"], message: "each criterion at most once" });
    }
  });

export type TParseOptimizerInputResult = { ok: true; value: TOptimizerInput } | { ok: false; errors: string[] };

/** Validate optimizer input JSON; errors read "bookings[2].partySize: Too small: expected number to be >=1". */
export function parseOptimizerInput(json: unknown): TParseOptimizerInputResult {
  const parsed = ZOptimizerInputSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`) };
  }
  const { venue, bookings, solver, timeLimitMs, objective, freeze, seed, keepSeated } = parsed.data;
  return {
    ok: true,
    value: {
      venue: {
        ...(venue.id === undefined ? {} : { id: venue.id }),
        ...(venue.version === undefined ? {} : { version: venue.version }),
        ...(venue.timezone === undefined ? {} : { timezone: venue.timezone }),
        tables: venue.tables,
        adjacency: venue.adjacency,
      },
      config: { policy: venue.policy ?? {} },
      bookings,
      solver,
      ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
      ...(objective === undefined ? {} : { objective }),
      ...(freeze === undefined ? {} : { freeze: { asOf: freeze.asOf, freezeMs: freeze.minutes * 60_000 } }),
      ...(seed === undefined ? {} : { seed }),
      ...(keepSeated === undefined ? {} : { keepSeated }),
    },
  };
}
