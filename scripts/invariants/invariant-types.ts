import type { Queryable } from "@/server/infra/db/open-db";
import type { TLoadReport } from "../load/load-types";

/** Which rows the checker looks at, and the few numbers some invariants need. */
export type TInvariantFilter = {
  /** One restaurant (its id); all restaurants without it. */
  restaurantId?: string | null;
  /** Bookings whose start falls on this restaurant-local date (YYYY-MM-DD); every date without it. */
  date?: string | null;
  /** A hold may outlive its expiry by this much before it counts as stuck (default: holdSweepGraceSeconds()). */
  holdSweepSeconds?: number;
  /** A booking may sit in a transient status this long after its last change (default: settleGraceSeconds()). */
  settleGraceSeconds?: number;
  /** What the load generator saw accepted and cancelled; without it the "nothing lost" invariant is skipped. */
  accepted?: {
    accepted: ReadonlyArray<Pick<TLoadReport["accepted"][number], "reference">>;
    cancelled: readonly string[];
  } | null;
};

/** One broken invariant: a sentence a person can act on, plus the ids and times to find the rows. */
export type TInvariantViolation = { message: string; details: Record<string, unknown> };

export type TInvariant = {
  name: string;
  description: string;
  /** Why the invariant does not apply to this run (null: it runs). */
  skipReason?: (filter: TInvariantFilter) => string | null;
  /** One read-only query (or two); the rows that break the invariant. */
  run(db: Queryable, filter: TInvariantFilter): Promise<TInvariantViolation[]>;
};

export type TInvariantResult = {
  name: string;
  description: string;
  status: "ok" | "violated" | "skipped";
  skipReason?: string;
  violations: TInvariantViolation[];
  ms: number;
};

export type TInvariantReport = {
  ok: boolean;
  /** The database's now() of the snapshot every invariant read. */
  checkedAt: string;
  filter: Omit<TInvariantFilter, "accepted"> & { accepted: number | null; cancelled: number | null };
  results: TInvariantResult[];
  violationCount: number;
  ms: number;
};
