"use client";

import { usePathname, useRouter } from "next/navigation";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { BookingDrawer } from "../booking/booking-drawer";
import { useOpsStream } from "../live/use-ops-stream";
import { OPS_VIEWS } from "./ops-location";
import { OpsNav } from "./ops-nav";
import { OpsTopBar } from "./ops-top-bar";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { useOpsLocation } from "./use-ops-location";

/** Is the keyboard event typed into a field (then it is text, not a shortcut)? */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName);
}

/**
 * The ops frame around every view: top bar, navigation, the view, and the one booking drawer (opened by the URL's
 * `booking`). Follows the open restaurant-day live and owns the global shortcuts: `[` `]` previous/next day,
 * `g` then a view's letter, `?` the list of shortcuts.
 */
export function OpsShell({ children }: { children: ReactNode }) {
  const location = useOpsLocation();
  const live = useOpsStream(location.restaurant.restaurantId, location.date);
  const router = useRouter();
  const pathname = usePathname();
  const [helpOpen, setHelpOpen] = useState(false);
  const pendingG = useRef(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || event.metaKey || event.ctrlKey || event.altKey) return;
      if (pendingG.current) {
        pendingG.current = false;
        const view = OPS_VIEWS.find((v) => v.key === event.key);
        if (view) {
          event.preventDefault();
          router.push(location.href(view.path, { booking: null }));
        }
        return;
      }
      if (event.key === "[" || event.key === "]") {
        event.preventDefault();
        location.stepDate(event.key === "[" ? -1 : 1);
      } else if (event.key === "/") {
        // The view's own search (Bookings, Guests) when it has one, else the top bar's Find booking.
        const search =
          document.querySelector<HTMLInputElement>("[data-view-search]") ??
          document.querySelector<HTMLInputElement>("[data-quick-find]");
        if (search) {
          event.preventDefault();
          search.focus();
          search.select();
        }
      } else if (event.key === "?") {
        event.preventDefault();
        setHelpOpen(true);
      } else if (event.key === "g") {
        pendingG.current = true;
        setTimeout(() => {
          pendingG.current = false;
        }, 1500);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [location, router]);

  return (
    <div className="flex h-dvh flex-col bg-white text-slate-900">
      <a
        href="#ops-main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <OpsTopBar live={live} />
      <div className="flex min-h-0 flex-1">
        <OpsNav />
        <main id="ops-main" className="relative min-w-0 flex-1 overflow-auto" key={pathname}>
          {children}
        </main>
        {location.bookingId && (
          <BookingDrawer bookingId={location.bookingId} onClose={() => location.openBooking(null)} />
        )}
      </div>
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
    </div>
  );
}
