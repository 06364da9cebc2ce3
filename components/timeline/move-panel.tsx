"use client";

import { type KeyboardEvent, useEffect, useRef } from "react";
import { formatTime } from "../ui/time";
import type { TTableAvailability } from "./timeline-layout";
import type { TMovable } from "./timeline-move-model";
import type { TVerdict } from "./timeline-moves";

export type TMoveState = { booking: TMovable; cursor: string | null; selected: string[] };

/** Options in the order a host looks for them: free and big enough, free to combine, then the rest. */
export function orderMoveOptions(options: TTableAvailability[]) {
  const groups = [
    { label: "Free and big enough", items: options.filter((o) => o.free && o.fits && !o.current) },
    { label: "Free, to combine", items: options.filter((o) => o.free && !o.fits && !o.current) },
    { label: "Its tables now", items: options.filter((o) => o.current) },
    { label: "Busy at that time", items: options.filter((o) => !o.free && !o.current) },
  ];
  return groups.filter((g) => g.items.length > 0);
}

/**
 * The keyboard path of a drag (and the tray's Assign…): choose tables from a list with ↑↓, Space adds or removes
 * one (several make a combination), the server's verdict on the choice shows as it is made, Enter assigns,
 * Esc cancels. The chosen rows light on the grid too.
 */
export function MovePanel({
  move,
  options,
  timezone,
  verdict,
  pending,
  onCursor,
  onToggle,
  onConfirm,
  onCancel,
}: {
  move: TMoveState;
  options: TTableAvailability[];
  timezone: string;
  verdict: TVerdict | null;
  pending: boolean;
  onCursor: (tableId: string) => void;
  onToggle: (tableId: string) => void;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const groups = orderMoveOptions(options);
  const flat = groups.flatMap((g) => g.items);
  const { booking, cursor, selected } = move;
  const chosen = selected.length > 0 ? selected : cursor ? [cursor] : [];
  const nameOf = new Map(options.map((o) => [o.table.id, o.table.name]));
  const seats = chosen.reduce((sum, id) => sum + (options.find((o) => o.table.id === id)?.table.capacity ?? 0), 0);
  const verb = booking.tableIds.length > 0 ? "Move" : "Assign";

  useEffect(() => {
    listRef.current?.focus();
  }, []);
  useEffect(() => {
    if (cursor) document.getElementById(`move-option-${cursor}`)?.scrollIntoView({ block: "nearest" });
  }, [cursor]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = flat.findIndex((o) => o.table.id === cursor);
    const go = (i: number) => {
      const next = flat[Math.max(0, Math.min(flat.length - 1, i))];
      if (next) onCursor(next.table.id);
    };
    if (event.key === "ArrowDown") go(index + 1);
    else if (event.key === "ArrowUp") go(index - 1);
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(flat.length - 1);
    else if (event.key === " ") {
      if (cursor) onToggle(cursor);
    } else if (event.key === "Enter") onConfirm();
    else if (event.key === "Escape") onCancel();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <section
      aria-labelledby="move-panel-heading"
      className="flex w-72 shrink-0 flex-col border-l border-slate-300 bg-white lg:w-80"
    >
      <div className="border-b border-slate-200 px-3 py-2">
        <h2 id="move-panel-heading" className="m-0 text-sm font-bold text-slate-900">
          {verb} {booking.guestName} · {booking.partySize}
        </h2>
        <p className="m-0 text-[12px] text-slate-700 tabular-nums">
          {formatTime(booking.start, timezone)}–{formatTime(booking.end, timezone)} · ↑↓ choose, Space adds a table,
          Enter {verb.toLowerCase()}s, Esc cancels
        </p>
      </div>
      <div
        ref={listRef}
        role="listbox"
        aria-label={`Tables for ${booking.guestName}`}
        aria-multiselectable="true"
        aria-activedescendant={cursor ? `move-option-${cursor}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="min-h-0 flex-1 overflow-y-auto p-1 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-slate-950"
      >
        {groups.map((group) => (
          <div key={group.label}>
            <div
              id={`move-group-${group.label.replaceAll(" ", "-")}`}
              className="px-2 pt-2 pb-0.5 text-[11px] font-bold tracking-wide text-slate-700 uppercase"
            >
              {group.label}
            </div>
            {/* biome-ignore lint/a11y/useSemanticElements: an option group of a listbox */}
            <div role="group" aria-labelledby={`move-group-${group.label.replaceAll(" ", "-")}`}>
              {group.items.map((option) => {
                const isCursor = option.table.id === cursor;
                const isSelected = selected.includes(option.table.id);
                return (
                  // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox owns the keyboard (aria-activedescendant)
                  <div
                    key={option.table.id}
                    id={`move-option-${option.table.id}`}
                    role="option"
                    tabIndex={-1}
                    aria-selected={isSelected}
                    onClick={() => {
                      onCursor(option.table.id);
                      onToggle(option.table.id);
                    }}
                    className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-[13px] tabular-nums ${
                      isCursor ? "bg-sky-100 outline-2 outline-sky-800" : "hover:bg-slate-100"
                    }`}
                  >
                    <span
                      aria-hidden="true"
                      className={`inline-flex size-4 items-center justify-center rounded-sm border text-[11px] ${
                        isSelected ? "border-blue-800 bg-blue-800 text-white" : "border-slate-500 bg-white"
                      }`}
                    >
                      {isSelected ? "✓" : ""}
                    </span>
                    <span className="w-16 font-semibold text-slate-900">
                      {option.table.name} · {option.table.capacity}
                    </span>
                    <span className={`truncate ${option.free ? "text-ok" : "text-slate-700"}`}>{option.note}</span>
                  </div>
                );
              })}
            </div>
          </div>
        ))}
      </div>
      <div className="border-t border-slate-200 px-3 py-2">
        <p className="m-0 text-[13px] text-slate-900 tabular-nums">
          {chosen.length === 0
            ? "No table chosen yet."
            : `${chosen.map((id) => nameOf.get(id)).join("+")} · ${seats} seats for ${booking.partySize}`}
        </p>
        <div aria-live="polite" className="min-h-10 text-[13px]">
          {verdict?.state === "checking" && <p className="m-0 text-slate-700">Checking…</p>}
          {verdict?.state === "ok" && (
            <p className="m-0 font-semibold text-ok">
              <span aria-hidden="true">✓ </span>
              {verdict.message}
            </p>
          )}
          {verdict?.state === "refused" && (
            <>
              <p className="m-0 font-semibold text-danger">
                <span aria-hidden="true">✕ </span>
                {verdict.message}
              </p>
              {verdict.hint && <p className="m-0 text-slate-700">{verdict.hint}</p>}
            </>
          )}
        </div>
        <div className="mt-1 flex gap-2">
          <button
            type="button"
            onClick={onConfirm}
            disabled={chosen.length === 0 || pending || verdict?.state === "refused"}
            className="rounded-md border border-blue-800 bg-blue-800 px-3 py-1 text-sm font-semibold text-white hover:bg-blue-900 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {pending ? "Assigning…" : `${verb} to ${chosen.map((id) => nameOf.get(id)).join("+") || "…"}`}
          </button>
          <button
            type="button"
            onClick={onCancel}
            className="rounded-md border border-slate-400 bg-white px-3 py-1 text-sm hover:bg-slate-100"
          >
            Cancel
          </button>
        </div>
      </div>
    </section>
  );
}
