"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";
import { ZStaffBookingSchema } from "@/server/booking/staff-booking-schema";
import { opsKeys } from "../ops/queries";
import { ApiProblem, apiFetch } from "../ui/api-fetch";

/** Cancel a booking with a reason (required: it is stored in the booking's history). */
export function CancelBookingDialog({
  restaurantId,
  booking,
  open,
  onOpenChange,
}: {
  restaurantId: string;
  booking: { id: string; version: number; guestName: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const fieldId = useId();
  const cancel = useMutation({
    mutationFn: () =>
      apiFetch(`/api/ops/bookings/${booking.id}/transitions`, ZStaffBookingSchema, {
        method: "POST",
        body: { event: "cancel", expectedVersion: booking.version, reason: reason.trim() },
      }),
    onSuccess: () => {
      toast.success(`Cancelled ${booking.guestName}'s booking`);
      setReason("");
      setProblem(null);
      onOpenChange(false);
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === "STALE_VERSION") {
        setProblem("This booking changed while you were looking at it; the list is refreshed. Check it and try again.");
      } else {
        setProblem(error instanceof ApiProblem ? error.hint : "The booking could not be cancelled; try again.");
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: opsKeys.restaurant(restaurantId) }),
  });

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) setProblem(null);
        onOpenChange(next);
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(28rem,92vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Cancel {booking.guestName}'s booking</Dialog.Title>
          <Dialog.Description className="mb-3 text-sm text-slate-700">
            The tables are freed and the guest is told. The reason is kept in the booking's history.
          </Dialog.Description>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!reason.trim()) {
                setProblem("Say why the booking is cancelled.");
                return;
              }
              cancel.mutate();
            }}
          >
            <label htmlFor={fieldId} className="block text-sm font-medium">
              Reason <span className="text-slate-600">(required)</span>
            </label>
            <textarea
              id={fieldId}
              required
              maxLength={500}
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              className="mt-1 w-full rounded border border-slate-400 px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-blue-700"
              placeholder="e.g. Guest called: party too large for tonight"
            />
            {problem && (
              <p role="alert" className="mt-2 rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900">
                {problem}
              </p>
            )}
            <div className="mt-4 flex justify-end gap-2">
              <Dialog.Close className="rounded border border-slate-400 px-3 py-1.5 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700">
                Keep booking
              </Dialog.Close>
              <button
                type="submit"
                disabled={cancel.isPending}
                className="rounded bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-800 disabled:opacity-60"
              >
                {cancel.isPending ? "Cancelling…" : "Cancel booking"}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
