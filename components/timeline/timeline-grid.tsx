"use client";

import { useDraggable, useDroppable } from "@dnd-kit/core";
import { type KeyboardEvent, memo, type RefObject, useEffect, useState } from "react";
import { bookingMarkGlyphs, guestMarkWords } from "../guests/guest-tags";
import { HOLD_LOOK, STATUS_LOOK } from "../ui/booking-status";
import { formatCountdown, formatTime } from "../ui/time";
import { type flowBars, surnameOf, type TBlock, type TLayout, type TTableRow, type TZoneRow } from "./timeline-layout";
import type { TMovable } from "./timeline-move-model";
import type { TRefusal } from "./timeline-moves";

export type TRowMark = "ok" | "refused" | "checking" | "cursor";

const SLOT_MS = 15 * 60_000;

/** The block's accessible name: guest, party, time range, status, tables, the booking's note, the guest's tags and notes. */
export function blockName(
  block: TBlock,
  timezone: string,
  late: boolean,
  holdLeft?: string,
  overMinutes?: number | null,
): string {
  const time = `${formatTime(block.start, timezone)}–${formatTime(block.end, timezone)}`;
  const party = block.partySize ? `party of ${block.partySize}` : null;
  const status =
    block.kind === "hold"
      ? `Held${holdLeft ? `, ${holdLeft} left` : ""}`
      : block.status
        ? STATUS_LOOK[block.status].label
        : "Booked";
  const tables = `${block.tableNames.length > 1 ? "tables" : "table"} ${block.tableNames.join("+")}`;
  const guest = guestMarkWords(block.guest);
  const over = overMinutes ? `over time by ${overMinutes} min, not marked left` : null;
  return [
    block.guestName,
    party,
    time,
    status,
    late ? "running late" : null,
    over,
    tables,
    block.note ? `booking note: ${block.note}` : null,
    guest ? `guest ${guest}` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

/** A booking block as something to move. */
export function movableOf(block: TBlock): TMovable | null {
  if (block.kind !== "booking" || !block.status || !block.bookingId) return null;
  return {
    bookingId: block.bookingId,
    guestName: block.guestName,
    partySize: block.partySize ?? 1,
    status: block.status,
    start: block.start,
    end: block.end,
    tableIds: block.tableIds,
  };
}

const MOVABLE = new Set(["assigned", "confirmed", "checked_in", "manual_review", "assignment_pending", "created"]);

/** The clock every `ms` while `on`; null until mounted (the server's HTML has no countdown to mismatch). */
function useTicker(ms: number, on: boolean): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!on) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms, on]);
  return now;
}

/** One booking (or hold) on the grid: a real button, draggable, in the roving focus order. */
const Block = memo(function Block({
  block,
  timezone,
  now,
  skew,
  focused,
  dimmed,
  highlighted,
  onOpen,
  onKey,
  onFocusBlock,
}: {
  block: TBlock;
  timezone: string;
  now: number | null;
  skew: number;
  focused: boolean;
  dimmed: boolean;
  highlighted: boolean;
  onOpen: (bookingId: string) => void;
  onKey: (event: KeyboardEvent<HTMLButtonElement>, block: TBlock) => void;
  onFocusBlock: (key: string) => void;
}) {
  const movable = block.kind === "booking" && block.status !== undefined && MOVABLE.has(block.status);
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: `block:${block.key}`,
    data: { movable: movableOf(block) },
    disabled: !movable,
  });
  const isHold = block.kind === "hold";
  const tick = useTicker(1000, isHold && block.expiresAt !== undefined);
  const holdLeft =
    isHold && block.expiresAt && tick !== null ? formatCountdown(block.expiresAt - (tick + skew)) : undefined;
  const late =
    now !== null &&
    (block.status === "confirmed" || block.status === "assigned") &&
    block.start + 15 * 60_000 < now &&
    now < block.end;
  // Seated past its end and not marked left: the table is still taken, whatever is booked on it next.
  const overMinutes =
    now !== null && block.status === "checked_in" && block.end <= now
      ? Math.max(1, Math.round((now - block.end) / 60_000))
      : null;
  const look = isHold ? HOLD_LOOK : block.status ? STATUS_LOOK[block.status] : STATUS_LOOK.confirmed;
  const merged = block.tableNames.length > 1;
  const spans = block.rowTableIds.length > 1;
  const name = blockName(block, timezone, late, holdLeft, overMinutes);
  const showTime = block.width > 150;
  const mark = bookingMarkGlyphs(block.guest, block.note);
  return (
    <button
      ref={setNodeRef}
      type="button"
      {...attributes}
      {...listeners}
      aria-roledescription={movable ? "booking, movable" : "booking"}
      aria-describedby={movable ? "timeline-block-help" : undefined}
      title={name}
      tabIndex={focused ? 0 : -1}
      data-booking-id={block.bookingId}
      data-block-key={block.key}
      onClick={() => block.bookingId && onOpen(block.bookingId)}
      onKeyDown={(event) => {
        listeners?.onKeyDown?.(event);
        onKey(event, block);
      }}
      onFocus={() => onFocusBlock(block.key)}
      className={`pointer-events-auto absolute z-10 flex min-w-0 items-center gap-1 overflow-hidden rounded-md px-1.5 py-0 text-left text-[13px] leading-tight shadow-sm focus-visible:z-30 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-slate-950 ${look.className} ${
        spans ? "border-l-[5px]" : ""
      } ${late || overMinutes !== null ? "ring-2 ring-danger ring-offset-1" : ""} ${highlighted ? "ring-3 ring-slate-950 ring-offset-1" : ""} ${
        dimmed ? "opacity-30" : ""
      } ${isDragging ? "opacity-40" : ""} ${movable ? "cursor-grab active:cursor-grabbing" : ""}`}
      style={{ left: block.x, top: block.y, width: block.width, height: block.height, touchAction: "none" }}
    >
      <span className="sr-only">{name}</span>
      <span aria-hidden="true" className="flex min-w-0 flex-1 items-center gap-1">
        <span className={`flex min-w-0 flex-1 gap-1 ${spans ? "flex-col justify-center" : "items-center"}`}>
          <span className="flex min-w-0 items-center gap-1">
            <span aria-hidden="true" className="shrink-0 font-bold">
              {look.icon}
            </span>
            {block.clippedStart && <span aria-hidden="true">‹</span>}
            {mark && (
              <span
                data-guest-mark
                className="shrink-0 rounded-sm bg-white px-0.5 text-[11px] leading-4 font-bold text-slate-900 ring-1 ring-slate-500"
              >
                {mark}
              </span>
            )}
            <span className="truncate font-semibold">
              {isHold ? `Held · ${surnameOf(block.guestName)}` : surnameOf(block.guestName)}
              {block.partySize ? <span className="tabular-nums"> · {block.partySize}</span> : null}
            </span>
            {holdLeft && <span className="shrink-0 font-semibold tabular-nums">{holdLeft}</span>}
            {late && (
              <span className="shrink-0 rounded bg-white px-1 text-[11px] font-bold text-danger uppercase">Late</span>
            )}
            {overMinutes !== null && (
              <span className="shrink-0 rounded bg-white px-1 text-[11px] font-bold text-danger tabular-nums">
                +{overMinutes}m
              </span>
            )}
          </span>
          {merged && (spans || block.linked) && (
            <span className="flex min-w-0 items-center gap-0.5 text-[11px] font-semibold opacity-95">
              <span aria-hidden="true">{block.linked ? "↔" : "⊐"}</span>
              <span className="truncate">{block.tableNames.join("+")}</span>
            </span>
          )}
        </span>
        {showTime && !spans && (
          <span className="ml-auto shrink-0 text-[12px] tabular-nums opacity-95">
            {formatTime(block.start, timezone)}
          </span>
        )}
        {block.clippedEnd && <span aria-hidden="true">›</span>}
      </span>
    </button>
  );
});

const ZoneHeader = memo(function ZoneHeader({ row, layout }: { row: TZoneRow; layout: TLayout }) {
  return (
    <div className="relative flex border-b border-slate-300 bg-slate-100" style={{ height: layout.metrics.zoneHeight }}>
      <div
        className="sticky left-0 z-20 flex items-center gap-2 bg-slate-100 pr-3 pl-2 whitespace-nowrap"
        style={{ minWidth: layout.metrics.labelWidth }}
      >
        <h2 className="text-[13px] font-bold text-slate-900">{row.name}</h2>
        <span className="text-[12px] text-slate-700 tabular-nums">
          {row.seatsInUseNow === null ? (
            <>{row.seats} seats</>
          ) : (
            <>
              {row.seatsInUseNow}/{row.seats} seats in use now
            </>
          )}
        </span>
      </div>
    </div>
  );
});

const ROW_MARK_CLASS: Record<TRowMark, string> = {
  ok: "bg-green-100 shadow-[inset_0_0_0_2px_#1d7a46]",
  refused: "bg-red-100 shadow-[inset_0_0_0_2px_#b3261e]",
  checking: "bg-sky-50 shadow-[inset_0_0_0_2px_#0369a1]",
  cursor: "bg-sky-50 shadow-[inset_0_0_0_2px_#0369a1]",
};

const ROW_MARK_WORD: Record<TRowMark, string> = {
  ok: "✓ fits",
  refused: "✕ refused",
  checking: "checking…",
  cursor: "",
};

const TableRow = memo(function TableRow({
  row,
  layout,
  mark,
}: {
  row: TTableRow;
  layout: TLayout;
  mark: TRowMark | null;
}) {
  const { table } = row;
  const { setNodeRef } = useDroppable({ id: `row:${table.id}`, data: { tableId: table.id } });
  return (
    <div
      ref={setNodeRef}
      data-table-row={table.name}
      className={`relative flex border-b border-slate-200 ${mark ? ROW_MARK_CLASS[mark] : ""} ${table.active ? "" : "bg-slate-100"}`}
      style={{ height: layout.metrics.rowHeight }}
    >
      <div
        className={`sticky left-0 z-20 flex items-center gap-1 border-r border-slate-300 pr-2 pl-3 text-[13px] whitespace-nowrap tabular-nums ${
          mark === "ok" ? "bg-green-100" : mark === "refused" ? "bg-red-100" : mark ? "bg-sky-50" : "bg-white"
        }`}
        style={{ width: layout.metrics.labelWidth, minWidth: layout.metrics.labelWidth }}
      >
        <span className="font-semibold text-slate-900">{table.name}</span>
        <span className="text-slate-700">
          · {table.capacity}
          <span className="sr-only"> seats</span>
        </span>
        {table.mergeable && (
          <span className="text-[12px] text-slate-600" title="Can be combined with a neighbour">
            <span aria-hidden="true">↔</span>
            <span className="sr-only">, combinable</span>
          </span>
        )}
        {!table.active && <span className="text-[11px] text-slate-700">out of service</span>}
        {mark && mark !== "cursor" && (
          <span
            className={`ml-auto text-[11px] font-bold ${mark === "ok" ? "text-ok" : mark === "refused" ? "text-danger" : "text-sky-800"}`}
          >
            {ROW_MARK_WORD[mark]}
          </span>
        )}
      </div>
      {!table.active && (
        <div
          aria-hidden="true"
          className="absolute inset-y-0 bg-[repeating-linear-gradient(45deg,#e2e8f0_0_6px,#f1f5f9_6px_12px)]"
          style={{ left: layout.metrics.labelWidth, width: layout.gridWidth }}
        />
      )}
    </div>
  );
});

export type TGhost = { tableId: string; mark: TRowMark; x: number; width: number } | null;

/** The cover-flow strip and the hour ruler, sticky above the rows. */
const GridHeader = memo(function GridHeader({
  layout,
  flow,
  selectedSlot,
  onSelectSlot,
  nowX,
  nowLabel,
}: {
  layout: TLayout;
  flow: ReturnType<typeof flowBars>;
  selectedSlot: number | null;
  onSelectSlot: (slot: number | null) => void;
  nowX: number | null;
  nowLabel: string | null;
}) {
  const { slotWidth, labelWidth } = layout.metrics;
  const stripHeight = 40;
  const barArea = stripHeight - 12;
  return (
    <div className="sticky top-0 z-30 flex border-b border-slate-400 bg-white">
      <div
        className="sticky left-0 z-40 flex flex-col justify-between border-r border-slate-300 bg-white px-2 py-1 text-[11px] leading-tight text-slate-700"
        style={{ width: labelWidth, minWidth: labelWidth }}
      >
        <span className="font-semibold text-slate-900">Covers</span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-0.5 w-3 bg-slate-900" /> pacing cap
        </span>
      </div>
      <div className="relative" style={{ width: layout.gridWidth }}>
        <fieldset className="relative m-0 border-0 p-0" style={{ height: stripHeight }}>
          <legend className="sr-only">Covers starting per 15 minutes; choose a slot to highlight its bookings</legend>
          {layout.closed.map((c) => (
            <div
              key={`closed-${c.x}`}
              aria-hidden="true"
              className="absolute inset-y-0 bg-slate-100"
              style={{ left: c.x, width: c.width }}
            />
          ))}
          {flow.bars.map((bar) => {
            const h = Math.round((bar.covers / flow.max) * barArea);
            const capY = bar.cap === null ? null : Math.round((bar.cap / flow.max) * barArea);
            const pressed = selectedSlot === bar.slotStart;
            return (
              <button
                key={bar.slotStart}
                type="button"
                aria-pressed={pressed}
                aria-label={`${bar.time}: ${bar.covers} covers starting${bar.cap === null ? "" : `, pacing cap ${bar.cap}`}${bar.over ? ", over the cap" : ""}`}
                title={`${bar.time}: ${bar.covers} covers${bar.cap === null ? "" : ` / cap ${bar.cap}`}`}
                onClick={() => onSelectSlot(pressed ? null : bar.slotStart)}
                className={`absolute bottom-0 m-0 rounded-none border-0 bg-transparent p-0 hover:bg-slate-200 focus-visible:z-10 focus-visible:outline-2 focus-visible:outline-slate-950 ${
                  pressed ? "bg-sky-100" : ""
                }`}
                style={{ left: bar.x, width: slotWidth, height: stripHeight }}
              >
                {bar.covers > 0 && (
                  <span
                    aria-hidden="true"
                    className={`absolute bottom-0 left-[3px] right-[3px] rounded-t-sm ${bar.over ? "bg-warn" : "bg-sky-700"}`}
                    style={{ height: Math.max(2, h) }}
                  />
                )}
                {capY !== null && (
                  <span
                    aria-hidden="true"
                    className="absolute right-0 left-0 h-0.5 bg-slate-900"
                    style={{ bottom: capY }}
                  />
                )}
                {bar.over && (
                  <span
                    aria-hidden="true"
                    className="absolute top-0 left-0 right-0 text-center text-[11px] leading-none font-black text-warn"
                  >
                    !
                  </span>
                )}
              </button>
            );
          })}
        </fieldset>
        <div className="relative h-5 border-t border-slate-200" aria-hidden="true">
          {layout.hours.map((h) => (
            <span
              key={h.x}
              className="absolute top-0 border-l border-slate-400 pl-1 text-[12px] leading-5 font-semibold text-slate-800 tabular-nums"
              style={{ left: h.x }}
            >
              {h.label}
            </span>
          ))}
          {nowX !== null && nowLabel && (
            <span
              className="absolute top-0 z-10 -translate-x-1/2 rounded bg-danger px-1 text-[11px] leading-5 font-bold text-white tabular-nums"
              style={{ left: nowX }}
            >
              {nowLabel}
            </span>
          )}
        </div>
      </div>
    </div>
  );
});

export type TGridProps = {
  layout: TLayout;
  timezone: string;
  flow: ReturnType<typeof flowBars>;
  now: number | null;
  skew: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  rendered: boolean;
  selectedSlot: number | null;
  onSelectSlot: (slot: number | null) => void;
  focusedKey: string | null;
  onFocusBlock: (key: string) => void;
  onBlockKey: (event: KeyboardEvent<HTMLButtonElement>, block: TBlock) => void;
  onOpen: (bookingId: string) => void;
  marks: ReadonlyMap<string, TRowMark>;
  ghost: TGhost;
  refusal: TRefusal | null;
  onDismissRefusal: () => void;
  /** Where a plan would put bookings (the optimizer's moves): dashed boxes with a label, drawn over the rows. */
  planGhosts?: readonly TPlanGhost[];
};

/** One table of a planned move: the booking's window on the row of `tableId`, labelled in words. */
export type TPlanGhost = { key: string; tableId: string; start: number; end: number; label: string };

/** The grid: sticky header (cover flow, hours), zone and table rows, blocks, shading, the now-line. */
export function TimelineGrid(props: TGridProps) {
  const { layout, now, flow, timezone, marks, ghost, refusal, selectedSlot } = props;
  const { labelWidth, slotWidth } = layout.metrics;
  const nowX =
    now !== null && now >= layout.window.start && now <= layout.window.end
      ? ((now - layout.window.start) / SLOT_MS) * slotWidth
      : null;
  const hourWidth = slotWidth * 4;
  const rowById = new Map(layout.tableRows.map((r) => [r.table.id, r]));
  const refusalRow = refusal ? rowById.get(refusal.tableIds[0] ?? "") : undefined;
  const refusalBlock = refusal ? layout.blocks.find((b) => b.bookingId === refusal.bookingId) : undefined;
  const ghostRow = ghost ? rowById.get(ghost.tableId) : undefined;
  const focusedKey =
    props.focusedKey && layout.blocks.some((b) => b.key === props.focusedKey)
      ? props.focusedKey
      : (layout.blocks[0]?.key ?? null);

  return (
    <div
      ref={props.scrollRef}
      data-testid="timeline-grid"
      data-rendered={props.rendered ? "true" : "false"}
      className="relative min-h-0 flex-1 overflow-auto overscroll-contain border-t border-slate-300 bg-white"
    >
      <div className="relative" style={{ width: labelWidth + layout.gridWidth, minHeight: "100%" }}>
        <GridHeader
          layout={layout}
          flow={flow}
          selectedSlot={selectedSlot}
          onSelectSlot={props.onSelectSlot}
          nowX={nowX}
          nowLabel={now !== null ? formatTime(now, timezone) : null}
        />
        <div className="relative" style={{ height: layout.rowsHeight }}>
          <div
            aria-hidden="true"
            className="absolute inset-y-0"
            style={{
              left: labelWidth,
              width: layout.gridWidth,
              backgroundImage: `repeating-linear-gradient(to right, #94a3b8 0 1px, transparent 1px ${hourWidth}px), repeating-linear-gradient(to right, #e2e8f0 0 1px, transparent 1px ${slotWidth}px)`,
              backgroundPosition: `${layout.hourOffset}px 0, 0 0`,
            }}
          />
          {layout.closed.map((c) => (
            <div
              key={`closed-${c.x}`}
              aria-hidden="true"
              className="absolute inset-y-0 bg-[repeating-linear-gradient(135deg,rgb(241_245_249/0.9)_0_8px,rgb(226_232_240/0.9)_8px_16px)]"
              style={{ left: labelWidth + c.x, width: c.width }}
            />
          ))}
          {layout.rows.map((row) =>
            row.kind === "zone" ? (
              <ZoneHeader key={row.key} row={row} layout={layout} />
            ) : (
              <TableRow key={row.key} row={row} layout={layout} mark={marks.get(row.table.id) ?? null} />
            ),
          )}
          {/* biome-ignore lint/a11y/useSemanticElements: a positioning layer, not a form group */}
          <div
            role="group"
            aria-label="Bookings on the timeline"
            className="pointer-events-none absolute inset-y-0"
            style={{ left: labelWidth, width: layout.gridWidth }}
          >
            {layout.blocks.map((block) => {
              const inSlot =
                selectedSlot !== null && block.start >= selectedSlot && block.start < selectedSlot + SLOT_MS;
              return (
                <Block
                  key={block.key}
                  block={block}
                  timezone={timezone}
                  now={now}
                  skew={props.skew}
                  focused={block.key === focusedKey}
                  dimmed={selectedSlot !== null && !inSlot}
                  highlighted={inSlot}
                  onOpen={props.onOpen}
                  onKey={props.onBlockKey}
                  onFocusBlock={props.onFocusBlock}
                />
              );
            })}
            {ghost && ghostRow && (
              <div
                aria-hidden="true"
                className={`absolute z-20 rounded-md border-2 border-dashed ${
                  ghost.mark === "ok"
                    ? "border-ok bg-green-200/60"
                    : ghost.mark === "refused"
                      ? "border-danger bg-red-200/60"
                      : "border-sky-700 bg-sky-100/60"
                }`}
                style={{
                  left: ghost.x,
                  top: ghostRow.y + 2,
                  width: ghost.width,
                  height: layout.metrics.rowHeight - 4,
                }}
              />
            )}
            {props.planGhosts?.map((g) => {
              const row = rowById.get(g.tableId);
              if (!row) return null;
              const left = Math.max(0, ((g.start - layout.window.start) / SLOT_MS) * slotWidth);
              const right = Math.min(layout.gridWidth, ((g.end - layout.window.start) / SLOT_MS) * slotWidth);
              return (
                <div
                  key={g.key}
                  aria-hidden="true"
                  data-testid="plan-ghost"
                  className="absolute z-20 overflow-hidden truncate rounded-md border-2 border-dashed border-violet-700 bg-violet-100/85 px-1.5 text-[12px] font-semibold leading-[26px] text-violet-950"
                  style={{
                    left: left + 1,
                    top: row.y + 2,
                    width: Math.max(10, right - left - 2),
                    height: layout.metrics.rowHeight - 4,
                  }}
                >
                  {g.label}
                </div>
              );
            })}
            {nowX !== null && (
              <div
                aria-hidden="true"
                className="absolute inset-y-0 z-[15] w-0.5 bg-danger"
                style={{ left: nowX - 1 }}
              />
            )}
          </div>
          {refusal && refusalRow && (
            <div
              role="alert"
              className="absolute z-[25] max-w-sm rounded-md border border-danger bg-white text-[13px] shadow-lg"
              style={{
                top: refusalRow.y + layout.metrics.rowHeight,
                left:
                  labelWidth +
                  Math.max(
                    0,
                    Math.min(
                      refusalBlock ? refusalBlock.x : ((refusal.start - layout.window.start) / SLOT_MS) * slotWidth,
                      layout.gridWidth - 380,
                    ),
                  ),
              }}
            >
              <div className="flex items-start gap-2">
                <div className="min-w-0">
                  <p className="m-0 font-semibold text-danger">
                    {refusal.guest} can’t go on {refusal.tableNames}
                  </p>
                  <p className="m-0 text-slate-900">{refusal.message}</p>
                  {refusal.hint && <p className="m-0 text-slate-700">{refusal.hint}</p>}
                </div>
                <button
                  type="button"
                  onClick={props.onDismissRefusal}
                  className="ml-auto shrink-0 rounded border-0 bg-transparent px-1.5 py-0 text-slate-700 hover:bg-slate-100"
                  aria-label="Dismiss"
                >
                  ✕
                </button>
              </div>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
