import type { TDayModel } from "../model/build-day-model";

export type TConflictCliques = {
  /** Column of option o of booking b is colStart[b] + o; colStart has one entry per booking plus the total. */
  colStart: Int32Array;
  /** Per table, each maximal set of pairwise-overlapping bookings, as the columns that would use that table. */
  rows: Int32Array[];
};

type TEvent = { at: number; isStart: boolean; booking: number };

/**
 * "At most one booking per table at any instant" as clique rows: on one table the windows form an interval graph,
 * whose maximal cliques are found by one sweep (a set of active windows is maximal right before the first end
 * that follows a start). One row per clique is far tighter than one row per overlapping pair, and there are at
 * most as many cliques as bookings per table. Half-open windows: ends sort before starts at the same instant, so
 * back-to-back bookings never conflict. Cliques of one booking add nothing to "one option per booking" and are
 * dropped, unless that booking is a class of several (`multiplicity`), whose row allows several options.
 */
export function findConflictCliques({
  model,
  multiplicity,
}: {
  model: TDayModel;
  /** Per booking: how many interchangeable bookings it stands for (see aggregateBookings); 1 when omitted. */
  multiplicity?: Int32Array;
}): TConflictCliques {
  const { bookings } = model;
  const colStart = new Int32Array(bookings.length + 1);
  bookings.forEach((b, i) => {
    colStart[i + 1] = (colStart[i] ?? 0) + b.options.length;
  });
  // Per table: booking → its columns using the table.
  const byTable = model.venue.tables.map(() => new Map<number, number[]>());
  for (const b of bookings) {
    b.options.forEach((option, o) => {
      const col = (colStart[b.index] ?? 0) + o;
      for (const t of option.unit.tableIndices) {
        const cols = byTable[t]?.get(b.index);
        if (cols) cols.push(col);
        else byTable[t]?.set(b.index, [col]);
      }
    });
  }
  const rows: Int32Array[] = [];
  // A class of several bookings may take several options, but never two sharing a table (its members overlap).
  const needsRow = (clique: readonly number[], users: Map<number, number[]>) =>
    clique.length > 1 ||
    (clique.length === 1 && (multiplicity?.[clique[0] ?? 0] ?? 1) > 1 && (users.get(clique[0] ?? 0)?.length ?? 0) > 1);
  for (const users of byTable) {
    if (users.size === 0) continue;
    for (const clique of sweepCliques({ model, bookingIndices: [...users.keys()] })) {
      if (!needsRow(clique, users)) continue;
      rows.push(Int32Array.from(clique.flatMap((b) => users.get(b) ?? [])));
    }
  }
  return { colStart, rows };
}

/** Maximal cliques of the interval graph of these bookings' windows (each clique as booking indices). */
export function sweepCliques({ model, bookingIndices }: { model: TDayModel; bookingIndices: readonly number[] }) {
  const events: TEvent[] = [];
  for (const booking of bookingIndices) {
    const b = model.bookings[booking];
    if (!b) continue;
    events.push({ at: b.start, isStart: true, booking }, { at: b.end, isStart: false, booking });
  }
  events.sort((x, y) => x.at - y.at || Number(x.isStart) - Number(y.isStart) || x.booking - y.booking);
  const active = new Set<number>();
  const cliques: number[][] = [];
  let grown = false;
  for (const event of events) {
    if (event.isStart) {
      active.add(event.booking);
      grown = true;
      continue;
    }
    if (grown) cliques.push([...active].sort((a, b) => a - b));
    grown = false;
    active.delete(event.booking);
  }
  return cliques;
}
