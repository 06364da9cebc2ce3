"use client";

import { useId } from "react";
import type { TFloorTable, TFloorZone } from "@/server/setup/floor/floor-plan-schema";

/** The zones in their order: rename, colour, move up or down, add; a zone with tables cannot be deleted. */
export function ZonesPanel({
  zones,
  tables,
  onAdd,
  onChange,
  onMove,
  onRemove,
}: {
  zones: readonly TFloorZone[];
  tables: readonly TFloorTable[];
  onAdd: () => void;
  onChange: (id: string, patch: Partial<TFloorZone>) => void;
  onMove: (id: string, step: -1 | 1) => void;
  onRemove: (id: string) => void;
}) {
  const id = useId();
  const ordered = [...zones].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
  return (
    <section aria-labelledby={`${id}-h`} className="rounded-lg border border-slate-300 bg-white p-4">
      <div className="flex items-center justify-between gap-2">
        <h2 id={`${id}-h`} className="text-lg font-semibold text-slate-900">
          Zones
        </h2>
        <button
          type="button"
          onClick={onAdd}
          className="rounded-md border border-slate-400 px-3 py-1.5 text-sm font-semibold text-slate-900 hover:bg-slate-100"
        >
          Add zone
        </button>
      </div>
      <ol className="mt-3 flex flex-col gap-3">
        {ordered.map((zone, index) => {
          const count = tables.filter((t) => t.zoneId === zone.id).length;
          return (
            <li key={zone.id} className="flex flex-col gap-1 border-b border-slate-200 pb-3 last:border-0 last:pb-0">
              <div className="flex items-end gap-2">
                <div className="flex min-w-0 flex-1 flex-col gap-1">
                  <label htmlFor={`${id}-${zone.id}-name`} className="text-sm font-medium text-slate-800">
                    Zone {index + 1} name
                  </label>
                  <input
                    id={`${id}-${zone.id}-name`}
                    value={zone.name}
                    maxLength={40}
                    onChange={(event) => onChange(zone.id, { name: event.target.value })}
                    className="h-10 min-w-0 rounded-md border border-slate-400 px-2 text-base"
                  />
                </div>
                <div className="flex flex-col gap-1">
                  <label htmlFor={`${id}-${zone.id}-colour`} className="text-sm font-medium text-slate-800">
                    Colour
                  </label>
                  <input
                    id={`${id}-${zone.id}-colour`}
                    type="color"
                    value={zone.color}
                    onChange={(event) => onChange(zone.id, { color: event.target.value.toLowerCase() })}
                    className="h-10 w-14 rounded-md border border-slate-400 bg-white p-1"
                  />
                </div>
              </div>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="text-slate-700">
                  {count} {count === 1 ? "table" : "tables"}
                </span>
                <span className="flex-1" />
                <button
                  type="button"
                  disabled={index === 0}
                  onClick={() => onMove(zone.id, -1)}
                  aria-label={`Move ${zone.name || "zone"} up`}
                  className="rounded-md border border-slate-300 px-2 py-1 font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-40"
                >
                  ↑ Up
                </button>
                <button
                  type="button"
                  disabled={index === ordered.length - 1}
                  onClick={() => onMove(zone.id, 1)}
                  aria-label={`Move ${zone.name || "zone"} down`}
                  className="rounded-md border border-slate-300 px-2 py-1 font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-40"
                >
                  ↓ Down
                </button>
                <button
                  type="button"
                  disabled={count > 0 || zones.length === 1}
                  title={count > 0 ? "Move its tables to another zone first" : undefined}
                  onClick={() => onRemove(zone.id)}
                  aria-label={`Delete ${zone.name || "zone"}`}
                  className="rounded-md border border-red-300 px-2 py-1 font-medium text-red-800 hover:bg-red-50 disabled:opacity-40"
                >
                  Delete
                </button>
              </div>
              {zone.name.trim() === "" && <p className="text-sm text-red-700">A zone needs a name.</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
