"use client";

/** Placeholder: the Manual review view. */
export function ReviewQueueView() {
  return (
    <div className="p-4">
      <h1 className="text-xl font-semibold">Manual review</h1>
    </div>
  );
}
