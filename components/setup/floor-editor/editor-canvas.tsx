"use client";

import {
  DndContext,
  type DragEndEvent,
  type Modifier,
  PointerSensor,
  useDraggable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import type { TFloorPlan, TFloorTable } from "@/server/setup/floor/floor-plan-schema";
import { footprint, GRID_M, roomBounds } from "./floor-geometry";

const MIN_SCALE = 64;
const MAX_SCALE = 110;

const INSTRUCTIONS =
  "Select a table, then press the arrow keys to move it 10 centimetres, or 50 with Shift. A mouse can drag it.";

type TView = { scale: number; minX: number; minY: number; width: number; height: number };

/**
 * The room to scale on a 1 m grid: zones outlined in their colour around their tables, links as lines between
 * table centres, each table a button (its accessible name says its name, seats and state). Drag snaps to 10 cm;
 * the selected table also moves with the arrow keys. In link mode clicks pick tables to link instead.
 */
export function EditorCanvas({
  plan,
  selectedId,
  linkFrom,
  linkMode,
  onSelect,
  onMove,
}: {
  plan: TFloorPlan;
  selectedId: string | null;
  linkFrom: string | null;
  linkMode: boolean;
  onSelect: (tableId: string) => void;
  onMove: (tableId: string, dx: number, dy: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [avail, setAvail] = useState(900);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setAvail(el.clientWidth - 2);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const bounds = useMemo(() => roomBounds(plan.tables), [plan.tables]);
  const scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, Math.floor(avail / bounds.width)));
  const view: TView = { scale, minX: bounds.minX, minY: bounds.minY, width: bounds.width, height: bounds.height };
  const px = (x: number, y: number) => ({ left: (x - view.minX) * scale, top: (y - view.minY) * scale });

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const snapToGrid: Modifier = ({ transform }) => {
    const step = GRID_M * scale;
    return { ...transform, x: Math.round(transform.x / step) * step, y: Math.round(transform.y / step) * step };
  };
  const onDragEnd = ({ active, delta }: DragEndEvent) => {
    if (delta.x === 0 && delta.y === 0) return;
    onMove(String(active.id), delta.x / scale, delta.y / scale);
  };

  const zoneColour = new Map(plan.zones.map((z) => [z.id, z.color]));
  const centres = new Map(
    plan.tables.map((t) => {
      const f = footprint(t);
      const p = px(f.cx, f.cy);
      return [t.id, { x: p.left, y: p.top }];
    }),
  );
  const zoneBoxes = plan.zones.flatMap((zone) => {
    const boxes = plan.tables.filter((t) => t.zoneId === zone.id).map(footprint);
    if (boxes.length === 0) return [];
    const x0 = Math.min(...boxes.map((b) => b.cx - b.w / 2)) - 0.3;
    const y0 = Math.min(...boxes.map((b) => b.cy - b.h / 2)) - 0.3;
    const x1 = Math.max(...boxes.map((b) => b.cx + b.w / 2)) + 0.3;
    const y1 = Math.max(...boxes.map((b) => b.cy + b.h / 2)) + 0.3;
    return [{ zone, ...px(x0, y0), width: (x1 - x0) * scale, height: (y1 - y0) * scale }];
  });
  const widthPx = view.width * scale;
  const heightPx = view.height * scale;

  return (
    <div ref={box} className="min-w-0 overflow-auto rounded-lg border border-slate-300 bg-white">
      <p id="floor-canvas-help" className="sr-only">
        {INSTRUCTIONS}
      </p>
      <DndContext
        sensors={sensors}
        modifiers={[snapToGrid]}
        onDragEnd={onDragEnd}
        accessibility={{ screenReaderInstructions: { draggable: INSTRUCTIONS } }}
      >
        <div className="relative" style={{ width: widthPx, height: heightPx }}>
          <svg className="pointer-events-none absolute inset-0" width={widthPx} height={heightPx} aria-hidden="true">
            <defs>
              <pattern
                id="floor-grid"
                width={scale}
                height={scale}
                patternUnits="userSpaceOnUse"
                x={(-view.minX % 1) * scale}
                y={(-view.minY % 1) * scale}
              >
                <path d={`M ${scale} 0 L 0 0 0 ${scale}`} fill="none" className="stroke-slate-200" strokeWidth={1} />
                <path
                  d={`M ${scale / 2} 0 L ${scale / 2} ${scale} M 0 ${scale / 2} L ${scale} ${scale / 2}`}
                  fill="none"
                  className="stroke-slate-100"
                  strokeWidth={1}
                />
              </pattern>
            </defs>
            <rect width={widthPx} height={heightPx} fill="url(#floor-grid)" />
            {zoneBoxes.map((z) => (
              <rect
                key={z.zone.id}
                x={z.left}
                y={z.top}
                width={z.width}
                height={z.height}
                rx={10}
                fill={z.zone.color}
                fillOpacity={0.07}
                stroke={z.zone.color}
                strokeWidth={2}
              />
            ))}
            {plan.adjacency.map(([a, b]) => {
              const p = centres.get(a);
              const q = centres.get(b);
              if (!p || !q) return null;
              return (
                <line
                  key={`${a}|${b}`}
                  x1={p.x}
                  y1={p.y}
                  x2={q.x}
                  y2={q.y}
                  className="stroke-slate-800"
                  strokeWidth={linkMode ? 6 : 4}
                  strokeLinecap="round"
                />
              );
            })}
          </svg>
          {zoneBoxes.map((z) => (
            <div
              key={z.zone.id}
              className="pointer-events-none absolute whitespace-nowrap rounded px-1 text-sm font-semibold text-slate-900"
              style={{ left: z.left + 4, top: z.top - 22 }}
            >
              {z.zone.name}
            </div>
          ))}
          {plan.tables.map((table) => (
            <DraggableTable
              key={table.id}
              table={table}
              view={view}
              colour={zoneColour.get(table.zoneId) ?? "#64748b"}
              selected={selectedId === table.id}
              pending={linkFrom === table.id}
              linkMode={linkMode}
              onSelect={onSelect}
              onMove={onMove}
            />
          ))}
        </div>
      </DndContext>
    </div>
  );
}

function DraggableTable({
  table,
  view,
  colour,
  selected,
  pending,
  linkMode,
  onSelect,
  onMove,
}: {
  table: TFloorTable;
  view: TView;
  colour: string;
  selected: boolean;
  pending: boolean;
  linkMode: boolean;
  onSelect: (tableId: string) => void;
  onMove: (tableId: string, dx: number, dy: number) => void;
}) {
  const { setNodeRef, listeners, transform, isDragging } = useDraggable({ id: table.id, disabled: linkMode });
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const step = event.shiftKey ? 0.5 : GRID_M;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (!move || linkMode) return;
    event.preventDefault();
    if (!selected) onSelect(table.id);
    onMove(table.id, move[0], move[1]);
  };
  const name = `${table.label} (table, ${table.capacity} seats${table.active ? "" : ", out of service"}${
    pending ? ", chosen to link" : ""
  })`;
  const moved = transform ? `translate3d(${transform.x}px, ${transform.y}px, 0) ` : "";
  const small = table.width * view.scale < 56 || table.height * view.scale < 44;
  return (
    <button
      ref={setNodeRef}
      type="button"
      {...listeners}
      aria-label={name}
      aria-pressed={selected || pending}
      aria-describedby="floor-canvas-help"
      title={name}
      onClick={() => onSelect(table.id)}
      onKeyDown={onKeyDown}
      className={`absolute flex touch-none select-none flex-col items-center justify-center overflow-hidden border-2 text-center leading-tight tabular-nums shadow-sm focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-amber-500 ${
        table.shape === "round" ? "rounded-full" : "rounded-md"
      } ${table.active ? "bg-white text-slate-900" : "bg-slate-200 text-slate-700 [border-style:dashed]"} ${
        selected || pending ? "ring-4 ring-amber-500 ring-offset-2" : ""
      } ${isDragging ? "z-10 cursor-grabbing opacity-90 shadow-lg" : linkMode ? "cursor-pointer" : "cursor-grab"}`}
      style={{
        left: (table.x - view.minX) * view.scale,
        top: (table.y - view.minY) * view.scale,
        width: table.width * view.scale,
        height: table.height * view.scale,
        borderColor: colour,
        transform: `${moved}${table.rotation ? `rotate(${table.rotation}deg)` : ""}` || undefined,
      }}
    >
      <span className={`${small ? "text-xs" : "text-sm"} font-bold`} aria-hidden="true">
        {table.label}
      </span>
      <span className="text-xs" aria-hidden="true">
        {table.capacity}
        {table.active ? "" : " ⨯"}
      </span>
    </button>
  );
}
