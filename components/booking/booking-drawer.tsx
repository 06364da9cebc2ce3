"use client";

/** The booking drawer (placeholder until components/booking lands): details, actions, history, manual flow. */
export function BookingDrawer({ bookingId, onClose }: { bookingId: string; onClose: () => void }) {
  return (
    <aside aria-label="Booking" className="w-[26rem] shrink-0 border-l border-slate-300 p-4">
      <p>Booking {bookingId}</p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </aside>
  );
}
