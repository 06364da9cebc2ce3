"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";
import { ZEraseGuestResponseSchema } from "@/server/guests/guest-schema";
import { BUTTON, BUTTON_DANGER, FIELD } from "../booking/styles";
import { ApiProblem, apiFetch } from "../ui/api-fetch";
import { guestsBase } from "./queries";

const CONFIRM_WORD = "ERASE";

/** Erase a guest for a privacy request: irreversible, so the manager types ERASE to confirm. */
export function EraseGuestDialog({
  restaurantId,
  guest,
  onErased,
}: {
  restaurantId: string;
  guest: { id: string; name: string; bookings: number };
  onErased: () => void;
}) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const fieldId = useId();
  const erase = useMutation({
    mutationFn: () =>
      apiFetch(`${guestsBase(restaurantId)}/${guest.id}/erase`, ZEraseGuestResponseSchema, { method: "POST" }),
    onSuccess: (result) => {
      toast.success(`Guest erased`, {
        description: `${result.erasedBookings} booking${result.erasedBookings === 1 ? "" : "s"} kept without personal details.`,
      });
      setOpen(false);
      onErased();
    },
    onError: (error) =>
      setProblem(error instanceof ApiProblem ? error.hint : "The guest could not be erased; try again."),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["ops", restaurantId] }),
  });
  const ready = typed.trim().toUpperCase() === CONFIRM_WORD;
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setTyped("");
        setProblem(null);
      }}
    >
      <Dialog.Trigger className={BUTTON}>Erase…</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(30rem,92vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Erase {guest.name}?</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-800">
            For a privacy request. Their name, email, phone, notes and tags are removed from the guest record and from
            their {guest.bookings} booking{guest.bookings === 1 ? "" : "s"}, which are kept as “Erased guest” with
            times, party size and status. <strong>This cannot be undone.</strong> Export first if they asked for a copy.
          </Dialog.Description>
          <form
            className="mt-3"
            onSubmit={(e) => {
              e.preventDefault();
              if (!ready) {
                setProblem(`Type ${CONFIRM_WORD} to confirm.`);
                return;
              }
              erase.mutate();
            }}
          >
            <label htmlFor={fieldId} className="block text-sm font-medium">
              Type {CONFIRM_WORD} to confirm
            </label>
            <input
              id={fieldId}
              autoComplete="off"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              className={`${FIELD} mt-1 w-full`}
            />
            {problem && (
              <p role="alert" className="mt-2 rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900">
                {problem}
              </p>
            )}
            <div className="mt-4 flex justify-end gap-2">
              <Dialog.Close className={BUTTON}>Keep guest</Dialog.Close>
              <button type="submit" disabled={!ready || erase.isPending} className={BUTTON_DANGER}>
                {erase.isPending ? "Erasing…" : "Erase guest"}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
