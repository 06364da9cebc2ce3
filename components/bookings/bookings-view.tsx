"use client";

/** Placeholder: the Bookings view. */
export function BookingsView() {
  return (
    <div className="p-4">
      <h1 className="text-xl font-semibold">Bookings</h1>
    </div>
  );
}
