"use client";

/** Placeholder: the Floor plan view. */
export function FloorPlanView() {
  return (
    <div className="p-4">
      <h1 className="text-xl font-semibold">Floor plan</h1>
    </div>
  );
}
