"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useState } from "react";
import { WalkInForm } from "./walk-in-form";

/**
 * "New booking": a walk-in or a phone booking taken at the stand, in a dialog. Each opening is one booking attempt
 * (one Idempotency-Key): a double click or a retry after a lost answer never books twice.
 */
export function WalkInButton() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="rounded bg-blue-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-800">
        <span aria-hidden="true">+ </span>New booking
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[94dvh] w-[min(34rem,94vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">New booking</Dialog.Title>
          <Dialog.Description className="mb-3 text-sm text-slate-700">
            A walk-in at the door or a booking taken on the phone. Times are the restaurant's.
          </Dialog.Description>
          {/* Mounted per opening: fresh fields and a fresh Idempotency-Key each time. */}
          {open && <WalkInForm onDone={() => setOpen(false)} />}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
