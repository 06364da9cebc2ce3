"use client";

import { Fragment, useEffect, useMemo, useRef, useState } from "react";
import type { TOpsAvailabilityResponse } from "@/server/availability/ops-availability-schema";
import { planFloor } from "./floor-layout";
import { describeTable, TABLE_STATE_LOOK, type TTableState, tableWords } from "./table-state";

/**
 * The room: zones outlined with their names, each table a button at its position (shape, name, seats, state icon
 * and fill). In combine mode the adjacency links are drawn and clicks select; otherwise a click opens the table's
 * booking.
 */
export function FloorCanvas({
  day,
  states,
  combine,
  selected,
  onTable,
}: {
  day: TOpsAvailabilityResponse;
  states: Map<string, TTableState>;
  combine: boolean;
  selected: ReadonlySet<string>;
  onTable: (tableId: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [avail, setAvail] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () =>
      setAvail({
        width: el.clientWidth - 2,
        height: Math.max(300, window.innerHeight - el.getBoundingClientRect().top - 24),
      });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const plan = useMemo(() => planFloor(day.timeline, avail.width, avail.height), [day.timeline, avail]);
  const tz = day.timezone;

  const centre = (id: string) => {
    const t = plan.tables.get(id);
    return t ? { x: t.left + t.width / 2, y: t.top + t.height / 2 } : null;
  };

  return (
    <div ref={box} className="min-w-0 overflow-x-auto">
      <div className="relative" style={{ width: plan.width, height: plan.height }}>
        <svg
          className="pointer-events-none absolute inset-0"
          width={plan.width}
          height={plan.height}
          aria-hidden="true"
          focusable="false"
        >
          {plan.zones.map((z) => (
            <rect
              key={z.id}
              x={z.left + 1}
              y={z.top + 1}
              width={Math.max(0, z.width - 2)}
              height={Math.max(0, z.height - 2)}
              rx={8}
              className="fill-slate-50 stroke-slate-400"
              strokeWidth={1}
            />
          ))}
          {combine &&
            day.adjacency.map(([a, b]) => {
              const p = centre(a);
              const q = centre(b);
              if (!p || !q) return null;
              const both = selected.has(a) && selected.has(b);
              return (
                <line
                  key={`${a}|${b}`}
                  x1={p.x}
                  y1={p.y}
                  x2={q.x}
                  y2={q.y}
                  className={both ? "stroke-amber-600" : "stroke-slate-500"}
                  strokeWidth={both ? 6 : 2}
                  strokeDasharray={both ? undefined : "4 3"}
                  strokeLinecap="round"
                />
              );
            })}
        </svg>
        {plan.zones.map((z) => (
          <div
            key={z.id}
            className="pointer-events-none absolute truncate px-2 text-xs font-semibold text-slate-700"
            style={{ left: z.left, top: z.top + 3, maxWidth: z.width }}
          >
            {z.name}
          </div>
        ))}
        {day.timeline.map((table) => {
          const at = plan.tables.get(table.id);
          const state = states.get(table.id);
          if (!at || !state) return null;
          const look = TABLE_STATE_LOOK[state.kind];
          const isSelected = selected.has(table.id);
          const name = describeTable(table, state, tz);
          const words = tableWords(state, tz);
          const roomy = at.height >= 60 && at.width >= 60;
          const showWho = roomy && !at.rotation && Boolean(words.who);
          const button = (
            <button
              key={table.id}
              type="button"
              aria-label={name}
              aria-pressed={combine ? isSelected : undefined}
              title={name}
              onClick={() => onTable(table.id)}
              className={`absolute flex flex-col items-center justify-center overflow-hidden p-0 text-center leading-tight tabular-nums shadow-sm focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-amber-500 ${
                at.round ? "rounded-full" : "rounded-md"
              } ${look.className} ${isSelected ? "ring-4 ring-amber-500 ring-offset-2" : ""} ${
                combine && !table.mergeable ? "opacity-90" : ""
              }`}
              style={{
                left: at.left,
                top: at.top,
                width: at.width,
                height: at.height,
                transform: at.rotation ? `rotate(${at.rotation}deg)` : undefined,
              }}
            >
              <span className="text-[12px] font-bold">{table.name}</span>{" "}
              {/* The accessible name says seats, state and party in words; these are its visual shorthand. */}
              <span className="text-[11px]" aria-hidden="true">
                {look.icon && `${look.icon} `}
                {table.capacity}
                {isSelected && " ✔"}
              </span>
              {showWho && <span className="h-3.5" aria-hidden="true" />}
            </button>
          );
          if (!showWho) return button;
          // The party's surname sits over the table but outside the button, so the button's visible text stays
          // the start of its accessible name (which says the same in words).
          return (
            <Fragment key={table.id}>
              {button}
              <span
                aria-hidden="true"
                className={`pointer-events-none absolute truncate px-1 text-center text-[11px] leading-tight ${look.ink}`}
                style={{ left: at.left, top: at.top + at.height / 2 + 9, width: at.width }}
              >
                {words.who}
              </span>
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}
