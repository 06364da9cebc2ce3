"use client";

import { ApiProblem } from "./api-fetch";

/**
 * A view's first load failed: what could not be loaded, the server's hint (or a word about the connection), and
 * Retry — the same block on every screen, so a host knows it at a glance and never has to reload the page.
 */
export function LoadError({
  what,
  error,
  onRetry,
  className = "",
}: {
  /** "The floor plan", "The team" … */
  what: string;
  error: unknown;
  onRetry: () => void;
  className?: string;
}) {
  return (
    <div role="alert" className={`rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900 ${className}`}>
      <p className="font-semibold">{what} could not be loaded.</p>
      <p className="mt-1">{error instanceof ApiProblem ? error.hint : "Check the connection and try again."}</p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-2 rounded border border-slate-500 bg-white px-3 py-1 text-sm text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
      >
        Retry
      </button>
    </div>
  );
}

/**
 * A view's first load: grey bars where the content will be (no spinner), announced as `label` ("Loading the
 * team") to a screen reader.
 */
export function LoadSkeleton({
  label,
  rows = 4,
  className = "",
}: {
  label: string;
  rows?: number;
  className?: string;
}) {
  return (
    <div role="status" aria-busy="true" aria-label={label} className={`space-y-2 ${className}`}>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed placeholder bars, never reordered
        <div key={i} className={`h-6 animate-pulse rounded bg-slate-200 ${i === 0 ? "w-2/3" : "w-full"}`} />
      ))}
    </div>
  );
}
