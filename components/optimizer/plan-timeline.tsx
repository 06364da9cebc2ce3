"use client";

import { DndContext } from "@dnd-kit/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import type { TOptimizerRunMove } from "@/server/optimizer/optimizer-run-schema";
import { availabilityQuery } from "../ops/queries";
import { useOpsLocation } from "../ops/use-ops-location";
import { TimelineGrid, type TPlanGhost } from "../timeline/timeline-grid";
import { flowBars, layoutTimeline, METRICS, surnameOf, visibleWindow } from "../timeline/timeline-layout";
import { LoadError, LoadSkeleton } from "../ui/load-error";
import { moveWords } from "./move-words";

const NO_MARKS = new Map();
const noop = () => {};

/**
 * The day's timeline (the same grid as the Timeline view, read-only here) with each planned move drawn as a ghost
 * where the booking would go: a dashed violet box on each of its new tables, labelled "→ Okafor (2) from T4".
 * The moves list above says the same in words (the ghosts are decoration for sighted users).
 */
const metrics = METRICS.comfortable;
const SLOT_MS = 15 * 60_000;

export function PlanTimeline({
  moves,
  service,
  ghosts: drawGhosts,
}: {
  moves: readonly TOptimizerRunMove[];
  service: string;
  /** Draw the moves as ghosts (a plan to apply); without, the grid is the day as it is, scrolled to the moves. */
  ghosts: boolean;
}) {
  const { restaurant, date, openBooking } = useOpsLocation();
  const query = useQuery(availabilityQuery(restaurant.restaurantId, date));
  const data = query.data;
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const window_ = useMemo(() => (data ? visibleWindow(data, service) : null), [data, service]);
  const layout = useMemo(
    () => (data && window_ ? layoutTimeline(data, window_, metrics, null) : null),
    [data, window_],
  );
  const flow = useMemo(
    () => (data && window_ ? flowBars(data.heatmap.total.cells, window_, metrics.slotWidth) : null),
    [data, window_],
  );
  const timezone = data?.timezone ?? restaurant.timezone;
  const ghosts = useMemo(
    () =>
      (drawGhosts ? moves : []).flatMap((move): TPlanGhost[] => {
        if (!move.startsAt || !move.endsAt) return [];
        const words = moveWords(move, timezone);
        const label = `→ ${surnameOf(move.guestName)} (${move.partySize})${move.change === "moved" ? ` from ${words.from}` : ", new"}`;
        return move.toTables.map((table) => ({
          key: `${move.id}:${table.id}`,
          tableId: table.id,
          start: Date.parse(move.startsAt as string),
          end: Date.parse(move.endsAt as string),
          label,
        }));
      }),
    [moves, timezone, drawGhosts],
  );
  // The first move in view: its new table's row, its time a third of the way in.
  const first = moves[0];
  const focusRow = first && layout ? layout.tableRows.find((r) => r.table.id === first.toTables[0]?.id) : undefined;
  const focusX =
    first?.startsAt && window_ ? ((Date.parse(first.startsAt) - window_.start) / SLOT_MS) * metrics.slotWidth : null;
  useEffect(() => {
    const grid = scrollRef.current;
    if (!grid || focusX === null) return;
    grid.scrollLeft = Math.max(0, focusX - grid.clientWidth / 3);
    if (focusRow) grid.scrollTop = Math.max(0, focusRow.y - grid.clientHeight / 3);
  }, [focusX, focusRow]);

  if (query.isError) return <LoadError what="The timeline" error={query.error} onRetry={() => query.refetch()} />;
  if (!layout || !flow) return <LoadSkeleton label="Loading the timeline" rows={6} />;
  return (
    <DndContext sensors={[]}>
      <div className="flex h-[28rem] min-h-0 flex-col rounded-md border border-slate-300">
        <TimelineGrid
          layout={layout}
          timezone={timezone}
          flow={flow}
          now={null}
          skew={0}
          scrollRef={scrollRef}
          rendered
          selectedSlot={null}
          onSelectSlot={noop}
          focusedKey={null}
          onFocusBlock={noop}
          onBlockKey={noop}
          onOpen={openBooking}
          marks={NO_MARKS}
          ghost={null}
          refusal={null}
          onDismissRefusal={noop}
          planGhosts={ghosts}
        />
      </div>
    </DndContext>
  );
}
