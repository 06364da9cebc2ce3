"use client";

/** Placeholder: the Availability view. */
export function HeatmapView() {
  return (
    <div className="p-4">
      <h1 className="text-xl font-semibold">Availability</h1>
    </div>
  );
}
