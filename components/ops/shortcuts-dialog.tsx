"use client";

import * as Dialog from "@radix-ui/react-dialog";

/** Every keyboard shortcut of the dashboard, in one list (`?` opens it). Views add theirs here when they add one. */
export const SHORTCUTS: Array<{ keys: string; what: string }> = [
  { keys: "[  /  ]", what: "Previous / next day" },
  { keys: "g then t, f, a, b, r", what: "Go to Timeline, Floor plan, Availability, Bookings, Manual review" },
  { keys: "?", what: "This list" },
  { keys: "Esc", what: "Close the booking drawer or a dialog" },
  { keys: "/", what: "Find a booking (on Bookings and Guests: their own search)" },
  { keys: "← → ↑ ↓", what: "Timeline: move between bookings" },
  { keys: "Enter", what: "Timeline: open the focused booking" },
  { keys: "m", what: "Timeline: move the focused booking (choose tables, Enter confirms)" },
];

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(32rem,92vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Keyboard shortcuts</Dialog.Title>
          <Dialog.Description className="mb-3 text-sm text-slate-600">
            Shortcuts work anywhere outside a text field.
          </Dialog.Description>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            {SHORTCUTS.map((s) => (
              <div key={s.keys} className="contents">
                <dt>
                  <kbd className="rounded border border-slate-300 bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                    {s.keys}
                  </kbd>
                </dt>
                <dd>{s.what}</dd>
              </div>
            ))}
          </dl>
          <Dialog.Close className="mt-4 rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100">
            Close
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
