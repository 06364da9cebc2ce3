import {
  buildOccupancy,
  checkUnit,
  findCapacityRange,
  hasCandidate,
  rankTablePlans,
  resolveRequest,
  type TCompiledVenue,
  type TInstant,
  type TOccupancy,
  type TOccupancyInterval,
  type TPartyMix,
  type TPlanUnit,
} from "@/server/planner";
import { withoutAndWith } from "./update-occupancy";

/** A booking on the floor around the new one. Only `movable` ones may be moved (see the coordinator's rules). */
export type TRepairBooking = {
  id: string;
  partySize: number;
  start: TInstant;
  end: TInstant;
  tableIds: readonly string[];
  movable: boolean;
  onlineOnly?: boolean;
  zone?: string | null;
};

/** The booking that found no plan. */
export type TRepairRequest = {
  id: string;
  partySize: number;
  start: TInstant;
  end: TInstant;
  zone?: string | null;
  onlineOnly?: boolean;
};

export type TRepairMove = { bookingId: string; fromTableIds: string[]; toTableIds: string[] };

export type TRepairLimits = {
  /** Bookings moved at most (default 3). */
  maxMoves: number;
  /** Wall-clock safety net (default 200 ms); `maxExplored` is the deterministic bound. */
  timeBudgetMs: number;
  /** Seatings tried at most (of the new booking or a displaced one): the same input gives the same answer. */
  maxExplored: number;
};

export const DEFAULT_REPAIR_LIMITS: TRepairLimits = { maxMoves: 3, timeBudgetMs: 200, maxExplored: 300 };

export type TRepairStats = {
  /** Seatings tried. */
  explored: number;
  /** Deepest move budget searched (iterative deepening: 1, 2, … maxMoves). */
  depth: number;
  /** Bookings the search was allowed to move (overlapping, movable). */
  movable: number;
  durationMs: number;
};

export type TRepairFailure = "no_movable_blockers" | "move_budget" | "search_budget" | "time_budget";

export type TRepairResult =
  | ({ found: true; tableIds: string[]; moves: TRepairMove[] } & TRepairStats)
  | ({ found: false; reason: TRepairFailure } & TRepairStats);

/** Tables of the bookings placed (or moved) so far, and the floor they make (kept up to date incrementally). */
type TState = { tables: ReadonlyMap<string, readonly string[]>; occupancy: TOccupancy };
type TSearch = {
  venue: TCompiledVenue;
  windows: ReadonlyMap<string, { start: TInstant; end: TInstant }>;
  movable: ReadonlySet<string>;
  requests: ReadonlyMap<string, TRepairRequest>;
  partyMix: TPartyMix | undefined;
  limits: TRepairLimits;
  explored: number;
  deadline: number;
  now: () => number;
  stopped: "search_budget" | "time_budget" | null;
};
type TPlaced = { state: TState; displaced: ReadonlySet<string>; used: number };

/**
 * Bounded online repair (issue #14): seat a booking that found no plan by moving at most `maxMoves` movable
 * bookings whose time overlaps its own. For each plan unit of the new booking whose tables are held only by
 * movable bookings (fewest such blockers first), the blockers are lifted and re-seated, largest party first, on
 * the planner's best plan for them on the floor as it then stands — or, budget left, by displacing others in turn
 * (a chain). A booking moves at most once. Budgets are searched by iterative deepening (1 move, then 2, …), so the
 * answer moves as few bookings as the search can find. Pure and deterministic: every order is stable and the
 * search is bounded by a count (`maxExplored`); the wall-clock budget only guards against a pathological venue.
 */
export function findRepairPlan({
  venue,
  bookings,
  otherIntervals = [],
  request,
  partyMix,
  limits = DEFAULT_REPAIR_LIMITS,
  now = () => performance.now(),
}: {
  venue: TCompiledVenue;
  bookings: readonly TRepairBooking[];
  /** Busy intervals that are not bookings' assignments (live holds): never moved. */
  otherIntervals?: readonly TOccupancyInterval[];
  request: TRepairRequest;
  partyMix?: TPartyMix;
  limits?: TRepairLimits;
  now?: () => number;
}): TRepairResult {
  const started = now();
  const intervals: TOccupancyInterval[] = otherIntervals.map((i) => ({ ...i, bookingId: i.bookingId ?? "" }));
  const tables = new Map<string, readonly string[]>();
  const windows = new Map<string, { start: TInstant; end: TInstant }>();
  const requests = new Map<string, TRepairRequest>();
  const movable = new Set<string>();
  for (const b of bookings) {
    if (b.id === request.id) continue;
    windows.set(b.id, { start: b.start, end: b.end });
    tables.set(b.id, [...b.tableIds]);
    for (const tableId of b.tableIds) intervals.push({ tableId, start: b.start, end: b.end, bookingId: b.id });
    // Only bookings whose time overlaps the new one's may move: a move never reaches outside the affected window.
    if (b.movable && b.start < request.end && b.end > request.start) {
      movable.add(b.id);
      requests.set(b.id, {
        id: b.id,
        partySize: b.partySize,
        start: b.start,
        end: b.end,
        zone: b.zone ?? null,
        onlineOnly: b.onlineOnly ?? false,
      });
    }
  }
  windows.set(request.id, { start: request.start, end: request.end });
  const search: TSearch = {
    venue,
    windows,
    movable,
    requests,
    partyMix,
    limits,
    explored: 0,
    deadline: started + limits.timeBudgetMs,
    now,
    stopped: null,
  };
  const initial: TState = { tables, occupancy: buildOccupancy({ venue, intervals }) };
  const stats = (depth: number): TRepairStats => ({
    explored: search.explored,
    depth,
    movable: movable.size,
    durationMs: Math.round((now() - started) * 1000) / 1000,
  });
  for (let depth = 1; depth <= limits.maxMoves; depth += 1) {
    const outcome = seat({ search, request, state: initial, budget: depth, frozen: new Set([request.id]) });
    if (outcome.placed) {
      const placed = outcome.placed;
      const moves = [...placed.displaced].sort().map((bookingId) => ({
        bookingId,
        fromTableIds: [...(tables.get(bookingId) ?? [])],
        toTableIds: [...(placed.state.tables.get(bookingId) ?? [])],
      }));
      return { found: true, tableIds: [...(placed.state.tables.get(request.id) ?? [])], moves, ...stats(depth) };
    }
    if (search.stopped) return { found: false, reason: search.stopped, ...stats(depth) };
    if (!outcome.blockable) return { found: false, reason: "no_movable_blockers", ...stats(depth) };
  }
  return { found: false, reason: "move_budget", ...stats(limits.maxMoves) };
}

/** Seat `request` on a unit whose blockers (≤ budget) can all be re-seated; null when none can. */
function seat({
  search,
  request,
  state,
  budget,
  frozen,
}: {
  search: TSearch;
  request: TRepairRequest;
  state: TState;
  budget: number;
  frozen: ReadonlySet<string>;
}): { placed: TPlaced | null; blockable: boolean } {
  const { venue } = search;
  const resolved = resolveRequest({ venue, request: { ...planRequest(request), limit: 1 } });
  // Per table over the request's window: held by something that may not move (1), or the movable bookings on it.
  const hard = new Uint8Array(venue.tables.length);
  const blockersOf: string[][] = venue.tables.map(() => []);
  state.occupancy.raw.forEach((list, index) => {
    for (const interval of list) {
      if (interval.start >= request.end || interval.end <= request.start) continue;
      const id = interval.bookingId ?? "";
      if (search.movable.has(id) && !frozen.has(id)) blockersOf[index]?.push(id);
      else hard[index] = 1;
    }
  });
  const { from, to } = findCapacityRange({ venue, partySize: request.partySize });
  const options: { unit: TPlanUnit; blockers: string[]; displacedCovers: number }[] = [];
  let blockable = false;
  for (let u = from; u < to; u += 1) {
    const unit = venue.units[u] as TPlanUnit;
    if (checkUnit({ unit, request: resolved, busy: hard }) !== null) continue;
    const blockers = [...new Set(unit.tableIndices.flatMap((i) => blockersOf[i] ?? []))].sort();
    if (blockers.length === 0) continue; // free already: the planner would have found it
    blockable = true;
    if (blockers.length > budget) continue;
    const displacedCovers = blockers.reduce((sum, id) => sum + (search.requests.get(id)?.partySize ?? 0), 0);
    options.push({ unit, blockers, displacedCovers });
  }
  // A blocker that fits nowhere even with its own tables freed cannot be re-seated directly once the request
  // takes some of them either: without budget left for a chain, its options are dead (most of them, on a full floor).
  const fitsElsewhere = new Map<string, boolean>();
  const canMoveDirectly = (id: string): boolean => {
    let known = fitsElsewhere.get(id);
    if (known === undefined) {
      const moved = search.requests.get(id);
      known =
        moved !== undefined &&
        hasCandidate({
          venue,
          occupancy: move(search, state, { lift: [id], place: [] }).occupancy,
          request: resolveRequest({ venue, request: planRequest(moved) }),
        });
      fitsElsewhere.set(id, known);
    }
    return known;
  };
  const viable = options.filter((o) => o.blockers.length < budget || o.blockers.every((id) => canMoveDirectly(id)));
  viable.sort(
    (a, b) =>
      a.blockers.length - b.blockers.length ||
      a.displacedCovers - b.displacedCovers ||
      a.unit.capacity - b.unit.capacity ||
      a.unit.tableIndices.length - b.unit.tableIndices.length ||
      (a.unit.key < b.unit.key ? -1 : a.unit.key > b.unit.key ? 1 : 0),
  );
  for (const option of viable) {
    if (!spend(search)) return { placed: null, blockable };
    const placed = tryOption({ search, request, state, budget, frozen, option });
    if (placed) return { placed, blockable };
    if (search.stopped) return { placed: null, blockable };
  }
  return { placed: null, blockable };
}

/** Lift the option's blockers, seat the request on its unit, then re-seat each blocker (directly or by a chain). */
function tryOption({
  search,
  request,
  state,
  budget,
  frozen,
  option,
}: {
  search: TSearch;
  request: TRepairRequest;
  state: TState;
  budget: number;
  frozen: ReadonlySet<string>;
  option: { unit: TPlanUnit; blockers: string[] };
}): TPlaced | null {
  let current = move(search, state, { lift: option.blockers, place: [[request.id, option.unit.tableIds]] });
  const nextFrozen = new Set([...frozen, ...option.blockers, request.id]);
  const displaced = new Set(option.blockers);
  let used = option.blockers.length;
  const order = [...option.blockers].sort(
    (a, b) => (search.requests.get(b)?.partySize ?? 0) - (search.requests.get(a)?.partySize ?? 0) || (a < b ? -1 : 1),
  );
  for (const id of order) {
    const moved = search.requests.get(id);
    if (!moved) return null;
    const direct = placeDirectly({ search, request: moved, state: current });
    if (direct) {
      current = move(search, current, { lift: [], place: [[id, direct]] });
      continue;
    }
    if (used >= budget) return null;
    const chained = seat({ search, request: moved, state: current, budget: budget - used, frozen: nextFrozen });
    if (!chained.placed) return null;
    current = chained.placed.state;
    for (const d of chained.placed.displaced) {
      displaced.add(d);
      nextFrozen.add(d);
    }
    used += chained.placed.used;
  }
  return { state: current, displaced, used };
}

/** The planner's best plan for a displaced booking on the floor as it stands, or null. */
function placeDirectly({
  search,
  request,
  state,
}: {
  search: TSearch;
  request: TRepairRequest;
  state: TState;
}): readonly string[] | null {
  const { venue } = search;
  const plan = planRequest(request);
  // The cheap existence test first: most displaced bookings on a full floor fit nowhere.
  if (!hasCandidate({ venue, occupancy: state.occupancy, request: resolveRequest({ venue, request: plan }) })) {
    return null;
  }
  const [best] = rankTablePlans({
    venue,
    occupancy: state.occupancy,
    request: { ...plan, limit: 1 },
    ...(search.partyMix ? { partyMix: search.partyMix } : {}),
  }).plans;
  return best ? best.tableIds : null;
}

function move(
  search: TSearch,
  state: TState,
  { lift, place }: { lift: readonly string[]; place: readonly (readonly [string, readonly string[]])[] },
): TState {
  const tables = new Map(state.tables);
  const removed = new Set(lift);
  const added: TOccupancyInterval[] = [];
  const touched = new Set<string>();
  for (const id of lift) {
    for (const t of tables.get(id) ?? []) touched.add(t);
    tables.delete(id);
  }
  for (const [id, tableIds] of place) {
    const w = search.windows.get(id);
    if (!w) continue;
    tables.set(id, tableIds);
    for (const tableId of tableIds) {
      touched.add(tableId);
      added.push({ tableId, start: w.start, end: w.end, bookingId: id });
    }
  }
  return {
    tables,
    occupancy: withoutAndWith({ venue: search.venue, occupancy: state.occupancy, removed, added, touched }),
  };
}

function planRequest(request: TRepairRequest) {
  return {
    partySize: request.partySize,
    start: request.start,
    end: request.end,
    zone: request.zone ?? null,
    onlineOnly: request.onlineOnly ?? false,
  };
}

function spend(search: TSearch): boolean {
  if (search.stopped) return false;
  if (search.explored >= search.limits.maxExplored) {
    search.stopped = "search_budget";
    return false;
  }
  if (search.now() > search.deadline) {
    search.stopped = "time_budget";
    return false;
  }
  search.explored += 1;
  return true;
}
