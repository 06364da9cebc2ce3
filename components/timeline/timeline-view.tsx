"use client";

import {
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { AssignAllButton } from "../assign-all/assign-all-button";
import { availabilityQuery } from "../ops/queries";
import { useOpsLocation } from "../ops/use-ops-location";
import { ApiProblem } from "../ui/api-fetch";
import { formatTime, localDateOf } from "../ui/time";
import { WalkInButton } from "../walk-in/walk-in-button";
import { MovePanel, orderMoveOptions, type TMoveState } from "./move-panel";
import { movableOf, type TGhost, TimelineGrid, type TRowMark } from "./timeline-grid";
import {
  flowBars,
  layoutTimeline,
  METRICS,
  neighbourBlock,
  surnameOf,
  type TBlock,
  type TDensity,
  tablesForMove,
  visibleWindow,
  xOf,
} from "./timeline-layout";
import type { TMovable } from "./timeline-move-model";
import { type TRefusal, type TVerdict, useAssignMove, useVerdicts } from "./timeline-moves";
import { TimelineTray } from "./timeline-tray";

const SLOT_MS = 15 * 60_000;
const DENSITY_KEY = "maitre.timeline.density";

/** Pointer drags hit the row under the pointer; keyboard drags the row under the dragged block's centre. */
const rowUnderPointer: CollisionDetection = ({
  droppableContainers,
  droppableRects,
  pointerCoordinates,
  collisionRect,
}) => {
  const x = pointerCoordinates?.x ?? collisionRect.left + collisionRect.width / 2;
  const y = pointerCoordinates?.y ?? collisionRect.top + collisionRect.height / 2;
  for (const container of droppableContainers) {
    const rect = droppableRects.get(container.id);
    if (rect && y >= rect.top && y < rect.bottom && x >= rect.left && x < rect.right) {
      return [{ id: container.id, data: { droppableContainer: container, value: 0 } }];
    }
  }
  return [];
};

function verdictMark(verdict: TVerdict | null): TRowMark {
  if (!verdict || verdict.state === "checking") return "checking";
  return verdict.state;
}

/** The home screen: every table's evening on one grid, the cover flow above it, the unassigned tray below. */
export function TimelineView() {
  const location = useOpsLocation();
  const { restaurant, date, service, openBooking } = location;
  const restaurantId = restaurant.restaurantId;
  const query = useQuery(availabilityQuery(restaurantId, date));
  const data = query.data;
  const timezone = data?.timezone ?? restaurant.timezone;

  // The drawer never hides the booking it shows: its block scrolls into view beside it (the nearest edge).
  const openId = location.bookingId;
  useEffect(() => {
    if (!openId) return;
    const frame = requestAnimationFrame(() =>
      document
        .querySelector(`[data-block-key][data-booking-id="${CSS.escape(openId)}"]`)
        ?.scrollIntoView({ block: "nearest", inline: "nearest" }),
    );
    return () => cancelAnimationFrame(frame);
  }, [openId]);

  const [density, setDensity] = useState<TDensity>("comfortable");
  useEffect(() => {
    const saved = window.localStorage.getItem(DENSITY_KEY);
    if (saved === "compact" || saved === "comfortable") setDensity(saved);
  }, []);
  const chooseDensity = (next: TDensity) => {
    setDensity(next);
    window.localStorage.setItem(DENSITY_KEY, next);
  };
  const [trayOpen, setTrayOpen] = useState(true);
  const [selectedSlot, setSelectedSlot] = useState<number | null>(null);
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const [move, setMove] = useState<TMoveState | null>(null);
  const [refusal, setRefusal] = useState<TRefusal | null>(null);
  const [drag, setDrag] = useState<{ movable: TMovable; overTableId: string | null } | null>(null);
  const dragRef = useRef(drag);
  dragRef.current = drag;
  const [announcement, setAnnouncement] = useState("");
  const originRef = useRef<HTMLElement | null>(null);
  const scrollRef = useRef<HTMLDivElement | null>(null);

  // The clock: the now-line moves every 30 s on today's date.
  const isToday = localDateOf(timezone) === date;
  // Client-only (null in the server's HTML, so hydration matches), then every 30 s.
  const [clock, setClock] = useState<number | null>(null);
  useEffect(() => {
    setClock(Date.now());
    if (!isToday) return;
    const id = setInterval(() => setClock(Date.now()), 30_000);
    return () => clearInterval(id);
  }, [isToday]);
  const now = isToday ? clock : null;
  const skew = data ? Date.parse(data.asOf) - query.dataUpdatedAt : 0;

  const window_ = useMemo(() => (data ? visibleWindow(data, service) : null), [data, service]);
  // A short window (one service) widens its columns to fill the screen; a long day scrolls inside the grid.
  const [gridBox, setGridBox] = useState(0);
  const hasGrid = Boolean(data && window_ && data.timeline.length > 0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: observe once the grid is mounted
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setGridBox(el.clientWidth));
    observer.observe(el);
    setGridBox(el.clientWidth);
    return () => observer.disconnect();
  }, [hasGrid]);
  const metrics = useMemo(() => {
    const base = METRICS[density];
    if (!window_ || gridBox === 0) return base;
    const slots = (window_.end - window_.start) / SLOT_MS;
    const fill = Math.floor((gridBox - base.labelWidth - 2) / slots);
    return fill > base.slotWidth ? { ...base, slotWidth: Math.min(fill, base.slotWidth * 2) } : base;
  }, [density, window_, gridBox]);
  const layout = useMemo(
    () => (data && window_ ? layoutTimeline(data, window_, metrics, now) : null),
    [data, window_, metrics, now],
  );
  const flow = useMemo(
    () => (data && window_ ? flowBars(data.heatmap.total.cells, window_, metrics.slotWidth) : null),
    [data, window_, metrics.slotWidth],
  );
  const tableNames = useMemo(() => new Map((data?.timeline ?? []).map((t) => [t.id, t.name])), [data]);
  const namesOf = useCallback(
    (ids: readonly string[]) => ids.map((id) => tableNames.get(id) ?? "?").join("+"),
    [tableNames],
  );

  const verdicts = useVerdicts();
  const assign = useAssignMove(restaurantId, date, (r) => {
    setRefusal(r);
    setAnnouncement(`${r.guest} was not moved to ${r.tableNames}: ${r.message}. ${r.hint ?? ""}`);
  });

  // First paint with data: mark it for the e2e performance measurement.
  const [rendered, setRendered] = useState(false);
  useEffect(() => {
    if (layout && !rendered) {
      performance.mark("timeline:rendered");
      setRendered(true);
    }
  }, [layout, rendered]);

  // Open scrolled so that now (or the service's start) sits a third from the left.
  const scrolledFor = useRef<string | null>(null);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!layout || !el) return;
    const key = `${date}|${service}|${density}|${metrics.slotWidth}|${now !== null}`;
    if (scrolledFor.current === key) return;
    scrolledFor.current = key;
    const { start, end } = layout.window;
    const anchor = now !== null ? Math.min(Math.max(now, start), end) : start;
    el.scrollLeft = Math.max(
      0,
      xOf(anchor, layout.window, metrics.slotWidth) - (el.clientWidth - metrics.labelWidth) / 3,
    );
  }, [layout, date, service, density, now, metrics]);

  const focusBlock = useCallback((selector: string) => {
    requestAnimationFrame(() => {
      const el = scrollRef.current?.querySelector<HTMLElement>(selector);
      if (el) {
        el.focus({ preventScroll: true });
        el.scrollIntoView({ block: "nearest", inline: "nearest" });
      }
    });
  }, []);

  // A cover-flow bar highlights the bookings starting in its slot and brings the first into view.
  const selectSlot = useCallback(
    (slot: number | null) => {
      setSelectedSlot(slot);
      if (slot === null || !layout) return;
      const first = layout.blocks.find((b) => b.kind === "booking" && b.start >= slot && b.start < slot + SLOT_MS);
      if (first) {
        requestAnimationFrame(() =>
          scrollRef.current
            ?.querySelector(`[data-block-key="${CSS.escape(first.key)}"]`)
            ?.scrollIntoView({ block: "nearest", inline: "nearest" }),
        );
      }
    },
    [layout],
  );

  // ---- keyboard move (the keyboard path of every drag) ----
  const moveOptions = useMemo(
    () => (data && move ? tablesForMove(data, move.booking) : []),
    [data, move?.booking, move],
  );
  const chosen = move ? (move.selected.length > 0 ? move.selected : move.cursor ? [move.cursor] : []) : [];
  const chosenKey = chosen.join(",");
  const moveVerdict = move && chosen.length > 0 ? verdicts.verdictOf(move.booking.bookingId, chosen) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: chosenKey stands for chosen
  useEffect(() => {
    if (move && chosen.length > 0) verdicts.request(move.booking.bookingId, chosen, 120);
  }, [move?.booking.bookingId, chosenKey, verdicts]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: announce once per verdict
  useEffect(() => {
    if (!move || !moveVerdict || moveVerdict.state === "checking") return;
    const names = namesOf(chosen);
    setAnnouncement(moveVerdict.state === "ok" ? `${names}: fits.` : `${names}: ${moveVerdict.message}`);
  }, [moveVerdict]);

  const startMove = useCallback(
    (booking: TMovable, origin: HTMLElement | null) => {
      if (!data) return;
      originRef.current = origin;
      verdicts.reset();
      setRefusal(null);
      const groups = orderMoveOptions(tablesForMove(data, booking));
      const first = groups[0]?.items[0]?.table.id ?? null;
      setMove({ booking, cursor: first, selected: [] });
      setAnnouncement(
        `Choosing tables for ${booking.guestName}, party of ${booking.partySize}, ${formatTime(booking.start, timezone)}. ` +
          "Up and down arrows choose a table, Space adds it, Enter confirms, Escape cancels.",
      );
    },
    [data, timezone, verdicts],
  );

  const cancelMove = useCallback(() => {
    setMove(null);
    setAnnouncement("Move cancelled.");
    const origin = originRef.current;
    if (origin?.isConnected) origin.focus();
  }, []);

  const runAssign = useCallback(
    (booking: TMovable, tableIds: string[]) => {
      const names = namesOf(tableIds);
      setRefusal(null);
      setAnnouncement(`Assigning ${booking.guestName} to ${names}…`);
      assign.mutate(
        { booking, tableIds, tableNames: names },
        {
          onSuccess: () => {
            setAnnouncement(`${booking.guestName} is on ${names}.`);
            focusBlock(`[data-block-key][data-booking-id="${booking.bookingId}"]`);
          },
        },
      );
    },
    [assign, namesOf, focusBlock],
  );

  const confirmMove = useCallback(() => {
    if (!move || chosen.length === 0) return;
    if (moveVerdict?.state === "refused") {
      setAnnouncement(`${namesOf(chosen)}: ${moveVerdict.message}. ${moveVerdict.hint ?? ""}`);
      return;
    }
    setMove(null);
    runAssign(move.booking, chosen);
  }, [move, chosen, moveVerdict, namesOf, runAssign]);

  const onBlockKey = useCallback(
    (event: KeyboardEvent<HTMLButtonElement>, block: TBlock) => {
      if (dragRef.current || !layout) return;
      const dir = (
        {
          ArrowLeft: "left",
          ArrowRight: "right",
          ArrowUp: "up",
          ArrowDown: "down",
          Home: "first",
          End: "last",
        } as const
      )[event.key];
      if (dir) {
        event.preventDefault();
        const next = neighbourBlock(layout.blocks, block.key, dir);
        if (next) {
          setFocusedKey(next.key);
          focusBlock(`[data-block-key="${CSS.escape(next.key)}"]`);
        }
      } else if (event.key === "m" || event.key === "M") {
        const movable = movableOf(block);
        if (movable) {
          event.preventDefault();
          startMove(movable, event.currentTarget);
        }
      }
    },
    [layout, focusBlock, startMove],
  );

  // ---- pointer (and dnd-kit keyboard) drags ----
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] },
      coordinateGetter: ((event, { currentCoordinates }) => {
        const step = metrics.rowHeight;
        if (event.code === "ArrowDown") return { ...currentCoordinates, y: currentCoordinates.y + step };
        if (event.code === "ArrowUp") return { ...currentCoordinates, y: currentCoordinates.y - step };
        return undefined;
      }) satisfies KeyboardCoordinateGetter,
    }),
  );
  const tableOfOver = (over: DragOverEvent["over"]) =>
    (over?.data.current as { tableId?: string } | undefined)?.tableId ?? null;
  const movableOfActive = (active: DragStartEvent["active"]) =>
    (active.data.current as { movable?: TMovable | null } | undefined)?.movable ?? null;

  const onDragStart = (event: DragStartEvent) => {
    const movable = movableOfActive(event.active);
    if (!movable) return;
    verdicts.reset();
    setRefusal(null);
    setMove(null);
    setDrag({ movable, overTableId: null });
  };
  const onDragOver = (event: DragOverEvent) => {
    const tableId = tableOfOver(event.over);
    setDrag((d) => (d ? { ...d, overTableId: tableId } : d));
    const movable = movableOfActive(event.active);
    if (movable && tableId && !(movable.tableIds.length === 1 && movable.tableIds[0] === tableId)) {
      verdicts.request(movable.bookingId, [tableId], 30);
    }
  };
  const onDragEnd = (event: DragEndEvent) => {
    setDrag(null);
    const movable = movableOfActive(event.active);
    const tableId = tableOfOver(event.over);
    if (!movable || !tableId) return;
    if (movable.tableIds.length === 1 && movable.tableIds[0] === tableId) return;
    const known = verdicts.verdictOf(movable.bookingId, [tableId]);
    if (known?.state === "refused") {
      const r: TRefusal = {
        bookingId: movable.bookingId,
        tableIds: [tableId],
        tableNames: namesOf([tableId]),
        guest: movable.guestName,
        start: movable.start,
        message: known.message,
        hint: known.hint,
      };
      setRefusal(r);
      setAnnouncement(`${r.guest} was not moved to ${r.tableNames}: ${r.message}`);
      toast.error(`${movable.guestName} can’t go on ${r.tableNames}: ${known.message}`, {
        description: known.hint ?? undefined,
      });
      return;
    }
    runAssign(movable, [tableId]);
  };

  // Rows to light: the table under a drag, or the tables chosen in a keyboard move.
  const marks = useMemo(() => {
    const map = new Map<string, TRowMark>();
    if (drag?.overTableId) {
      const { movable, overTableId } = drag;
      const same = movable.tableIds.length === 1 && movable.tableIds[0] === overTableId;
      if (!same) map.set(overTableId, verdictMark(verdicts.verdictOf(movable.bookingId, [overTableId])));
    }
    if (move) {
      if (move.cursor) map.set(move.cursor, "cursor");
      const ids = move.selected.length > 0 ? move.selected : move.cursor ? [move.cursor] : [];
      const mark = verdictMark(ids.length ? verdicts.verdictOf(move.booking.bookingId, ids) : null);
      for (const id of ids) map.set(id, mark);
    }
    return map;
  }, [drag, move, verdicts]);
  const ghost: TGhost = useMemo(() => {
    if (!layout) return null;
    const target = drag?.overTableId ?? (move ? (move.selected[0] ?? move.cursor) : null);
    const booking = drag?.movable ?? move?.booking;
    if (!target || !booking) return null;
    const left = xOf(Math.max(booking.start, layout.window.start), layout.window, metrics.slotWidth);
    const right = xOf(Math.min(booking.end, layout.window.end), layout.window, metrics.slotWidth);
    return {
      tableId: target,
      mark: marks.get(target) ?? "checking",
      x: left + 1,
      width: Math.max(10, right - left - 2),
    };
  }, [layout, drag, move, marks, metrics.slotWidth]);

  // Scroll the keyboard move's cursor row into view.
  useEffect(() => {
    if (!move?.cursor || !layout || !scrollRef.current) return;
    const row = scrollRef.current.querySelector<HTMLElement>(
      `[data-table-row="${CSS.escape(tableNames.get(move.cursor) ?? "")}"]`,
    );
    row?.scrollIntoView({ block: "nearest" });
  }, [move?.cursor, layout, tableNames]);

  // ---- states ----
  if (query.isPending) return <TimelineSkeleton />;
  if (!data) {
    const hint = query.error instanceof ApiProblem ? query.error.hint : "The day could not be loaded.";
    return (
      <div className="p-4">
        <h1 className="m-0 text-xl font-bold">Timeline</h1>
        <div role="alert" className="mt-4 max-w-xl rounded-md">
          <p className="m-0 font-semibold">The timeline could not be loaded.</p>
          <p className="m-0">{hint}</p>
          <button
            type="button"
            onClick={() => query.refetch()}
            className="mt-2 rounded-md border border-slate-500 bg-white px-3 py-1 text-sm font-semibold hover:bg-slate-100"
          >
            Retry
          </button>
        </div>
      </div>
    );
  }

  const bookingsInView = new Map<string, number>();
  for (const b of layout?.blocks ?? []) if (b.kind === "booking") bookingsInView.set(b.bookingId, b.partySize ?? 0);
  for (const u of data.unassigned) bookingsInView.set(u.bookingId, u.partySize);
  const covers = [...bookingsInView.values()].reduce((a, b) => a + b, 0);
  const slotCount =
    selectedSlot === null
      ? 0
      : (layout?.blocks ?? []).filter(
          (b) => b.kind === "booking" && b.start >= selectedSlot && b.start < selectedSlot + SLOT_MS,
        ).length;
  const periodName = service === "all" ? null : data.periods.find((p) => p.name === service)?.name;

  const empty =
    data.timeline.length === 0
      ? null
      : !window_
        ? "Closed this day — no service and nothing booked. Pick another day with ← →."
        : bookingsInView.size === 0
          ? "Nothing booked this day — take a walk-in or phone booking with New booking, or pick another day with ← →."
          : null;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 px-3 py-2">
        <h1 className="m-0 text-xl font-bold text-slate-900">Timeline</h1>
        <p className="m-0 text-[13px] text-slate-700 tabular-nums">
          {bookingsInView.size} {bookingsInView.size === 1 ? "booking" : "bookings"} · {covers}{" "}
          {covers === 1 ? "cover" : "covers"}
          {periodName ? <span className="sr-only"> at {periodName}</span> : null}
          {data.unassigned.length > 0 && (
            <>
              {" "}
              · <span className="font-semibold text-amber-900">{data.unassigned.length} unassigned</span>
            </>
          )}
        </p>
        {selectedSlot !== null && (
          <p className="m-0 flex items-center gap-1 rounded-full border border-slate-400 bg-sky-50 py-0.5 pr-1 pl-2.5 text-[13px] text-slate-900 tabular-nums">
            Starting {formatTime(selectedSlot, timezone)}: {slotCount} {slotCount === 1 ? "booking" : "bookings"}
            <button
              type="button"
              onClick={() => setSelectedSlot(null)}
              className="rounded-full border-0 bg-transparent px-1.5 py-0 text-slate-800 hover:bg-slate-200"
              aria-label="Clear the slot highlight"
            >
              ✕
            </button>
          </p>
        )}
        {query.isError && (
          <p role="alert" className="m-0 flex items-center gap-2 rounded text-[13px]">
            Not up to date: {query.error instanceof ApiProblem ? query.error.hint : "the last refresh failed"}
            <button
              type="button"
              onClick={() => query.refetch()}
              className="rounded border border-slate-500 bg-white px-2 py-0 text-[13px]"
            >
              Retry
            </button>
          </p>
        )}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <button
            type="button"
            aria-pressed={density === "compact"}
            onClick={() => chooseDensity(density === "compact" ? "comfortable" : "compact")}
            title="Smaller rows: more tables on the screen"
            className={`flex items-center gap-1.5 rounded-md border px-2.5 py-1 text-[13px] ${
              density === "compact"
                ? "border-slate-800 bg-slate-800 font-semibold text-white"
                : "border-slate-400 bg-white text-slate-800 hover:bg-slate-100"
            }`}
          >
            <span aria-hidden="true">{density === "compact" ? "☰" : "≡"}</span>
            Compact rows
          </button>
          <AssignAllButton />
          <WalkInButton />
        </div>
      </div>

      {data.timeline.length === 0 ? (
        <div className="m-3 max-w-xl rounded-lg border border-slate-300 bg-slate-50 p-4">
          <h2 className="m-0 text-base font-bold">No tables set up</h2>
          <p className="m-0 mt-1 text-sm text-slate-800">
            This restaurant has no tables yet. A manager adds zones and tables in Setup; they appear here at once.
          </p>
        </div>
      ) : (
        <>
          {empty && (
            <p className="mx-3 mb-2 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800">
              {empty}
            </p>
          )}
          <DndContext
            sensors={sensors}
            collisionDetection={rowUnderPointer}
            onDragStart={onDragStart}
            onDragOver={onDragOver}
            onDragEnd={onDragEnd}
            onDragCancel={() => setDrag(null)}
            accessibility={{
              screenReaderInstructions: {
                draggable:
                  "Press m to choose tables for this booking from a list. Or press Space to pick it up, the up and down arrows to move it between tables, Space to drop it, Escape to cancel.",
              },
              announcements: {
                onDragStart: ({ active }) => `Picked up ${movableOfActive(active)?.guestName ?? "booking"}.`,
                onDragOver: ({ over }) => {
                  const id = tableOfOver(over);
                  return id ? `Over table ${tableNames.get(id)}.` : "Not over a table.";
                },
                onDragEnd: ({ over }) => {
                  const id = tableOfOver(over);
                  return id
                    ? `Dropped on table ${tableNames.get(id)}.`
                    : "Dropped outside the tables; nothing changed.";
                },
                onDragCancel: () => "Move cancelled; nothing changed.",
              },
            }}
          >
            <div className="flex min-h-0 flex-1">
              {layout && flow ? (
                <TimelineGrid
                  layout={layout}
                  timezone={timezone}
                  flow={flow}
                  now={now}
                  skew={skew}
                  scrollRef={scrollRef}
                  rendered={rendered}
                  selectedSlot={selectedSlot}
                  onSelectSlot={selectSlot}
                  focusedKey={focusedKey}
                  onFocusBlock={setFocusedKey}
                  onBlockKey={onBlockKey}
                  onOpen={openBooking}
                  marks={marks}
                  ghost={ghost}
                  refusal={refusal}
                  onDismissRefusal={() => setRefusal(null)}
                />
              ) : (
                <div className="flex-1" data-testid="timeline-grid" data-rendered="true" />
              )}
              {move && (
                <MovePanel
                  move={move}
                  options={moveOptions}
                  timezone={timezone}
                  verdict={moveVerdict}
                  pending={assign.isPending}
                  onCursor={(tableId) => setMove((m) => (m ? { ...m, cursor: tableId } : m))}
                  onToggle={(tableId) =>
                    setMove((m) =>
                      m
                        ? {
                            ...m,
                            selected: m.selected.includes(tableId)
                              ? m.selected.filter((id) => id !== tableId)
                              : [...m.selected, tableId],
                          }
                        : m,
                    )
                  }
                  onConfirm={confirmMove}
                  onCancel={cancelMove}
                />
              )}
            </div>
            <TimelineTray
              bookings={data.unassigned}
              timezone={timezone}
              open={trayOpen}
              onToggle={() => setTrayOpen((o) => !o)}
              selectedSlot={selectedSlot}
              onOpen={openBooking}
              onAssign={startMove}
            />
            <DragOverlay dropAnimation={null}>
              {drag ? (
                <div className="pointer-events-none rounded-md border border-slate-900 bg-white px-2 py-1 text-[13px] font-semibold shadow-lg">
                  {surnameOf(drag.movable.guestName)} · {drag.movable.partySize}
                  {drag.overTableId ? ` → ${tableNames.get(drag.overTableId)}` : ""}
                </div>
              ) : null}
            </DragOverlay>
          </DndContext>
        </>
      )}
      <p id="timeline-block-help" className="sr-only">
        Enter opens the booking. Arrow keys move between bookings. Press m to move it to other tables.
      </p>
      <div aria-live="polite" className="sr-only">
        {announcement}
      </div>
    </div>
  );
}

const SKELETON_ROWS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

function TimelineSkeleton() {
  return (
    <div className="flex h-full flex-col" aria-busy="true">
      <div className="flex items-center gap-3 px-3 py-2">
        <h1 className="m-0 text-xl font-bold text-slate-900">Timeline</h1>
        <span className="sr-only">Loading the day…</span>
      </div>
      <div className="flex-1 space-y-2 overflow-hidden border-t border-slate-300 p-3" aria-hidden="true">
        <div className="h-10 animate-pulse rounded bg-slate-100" />
        {SKELETON_ROWS.map((i) => (
          <div key={i} className="flex gap-3">
            <div className="h-7 w-24 animate-pulse rounded bg-slate-100" />
            <div
              className="h-7 animate-pulse rounded bg-slate-200"
              style={{ marginLeft: `${(i * 37) % 240}px`, width: `${120 + ((i * 53) % 160)}px` }}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
