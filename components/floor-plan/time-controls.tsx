"use client";

import { useEffect, useId } from "react";
import { floorToSlot, SLOT_MS } from "../heatmap/service-slots";
import { formatTime } from "../ui/time";

/** Play steps one quarter hour this often. */
const PLAY_STEP_MS = 800;

/**
 * The floor's clock: a slider snapping to 15 minutes over the service, Play/Pause stepping through it, and Now.
 * `at` is the instant shown (a slot start).
 */
export function TimeControls({
  range,
  at,
  onChange,
  playing,
  onPlayingChange,
  timezone,
}: {
  range: { start: number; end: number };
  at: number;
  onChange: (at: number) => void;
  playing: boolean;
  onPlayingChange: (playing: boolean) => void;
  timezone: string;
}) {
  const id = useId();
  const last = Math.max(0, Math.round((range.end - range.start) / SLOT_MS) - 1);
  const index = Math.min(last, Math.max(0, Math.round((at - range.start) / SLOT_MS)));
  const now = floorToSlot(Date.now());
  const nowInRange = now >= range.start && now < range.end;

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const next = index + 1;
      if (next > last) onPlayingChange(false);
      else onChange(range.start + next * SLOT_MS);
    }, PLAY_STEP_MS);
    return () => clearInterval(timer);
  }, [playing, index, last, range.start, onChange, onPlayingChange]);

  const time = formatTime(at, timezone);
  const button =
    "rounded border border-slate-500 bg-white px-3 py-1 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-60";

  return (
    <div className="flex min-w-0 flex-1 items-center gap-2">
      <label htmlFor={id} className="text-sm font-semibold text-slate-800">
        Time
      </label>
      <output htmlFor={id} className="w-12 text-base font-bold tabular-nums text-slate-950" aria-live="off">
        {time}
      </output>
      <input
        id={id}
        type="range"
        min={0}
        max={last}
        step={1}
        value={index}
        aria-valuetext={time}
        onChange={(e) => {
          onPlayingChange(false);
          onChange(range.start + Number(e.target.value) * SLOT_MS);
        }}
        className="h-6 min-w-32 flex-1 cursor-pointer rounded-none border-0 p-0 accent-blue-700"
      />
      <span className="hidden text-xs text-slate-700 tabular-nums md:inline" aria-hidden="true">
        {formatTime(range.start, timezone)}–{formatTime(range.end, timezone)}
      </span>
      <button
        type="button"
        className={`${button} w-20`}
        onClick={() => {
          if (!playing && index >= last) onChange(range.start);
          onPlayingChange(!playing);
        }}
      >
        <span aria-hidden="true">{playing ? "❚❚ " : "▶ "}</span>
        {playing ? "Pause" : "Play"}
      </button>
      <button
        type="button"
        className={button}
        disabled={!nowInRange}
        title={nowInRange ? "Show the floor now" : "Now is outside this service"}
        onClick={() => {
          onPlayingChange(false);
          onChange(now);
        }}
      >
        Now
      </button>
    </div>
  );
}
