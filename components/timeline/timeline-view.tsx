"use client";

/** Placeholder: the Timeline view. */
export function TimelineView() {
  return (
    <div className="p-4">
      <h1 className="text-xl font-semibold">Timeline</h1>
    </div>
  );
}
