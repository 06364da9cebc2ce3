"use client";

import { useState } from "react";
import { useOpsLocation } from "@/components/ops/use-ops-location";
import { LoadError, LoadSkeleton } from "@/components/ui/load-error";
import { STAFF_ROLE_RANK } from "@/server/auth/staff-session-types";
import { BookingWindowSection } from "./booking-window-section";
import { ExceptionsSection } from "./exceptions-section";
import { PeriodsSection } from "./periods-section";
import { PlannerPolicySection } from "./planner-policy-section";
import { type TSaveFailure, useServiceSettings, useStoreSettings } from "./use-service-settings";

/** /ops/setup/service (manager+): weekly services, date exceptions, booking window and planner policy. */
export function ServiceSettingsView() {
  const { restaurant } = useOpsLocation();
  if (STAFF_ROLE_RANK[restaurant.role] < STAFF_ROLE_RANK.manager) {
    return (
      <div className="p-6">
        <h1 className="text-2xl font-bold">Service &amp; rules</h1>
        <p className="mt-2 text-slate-700">
          Service hours and booking rules are set by a manager or owner of {restaurant.name}.
        </p>
      </div>
    );
  }
  return <ServiceSettings restaurantId={restaurant.restaurantId} name={restaurant.name} />;
}

function ServiceSettings({ restaurantId, name }: { restaurantId: string; name: string }) {
  const settings = useServiceSettings(restaurantId);
  const store = useStoreSettings(restaurantId);
  const [stale, setStale] = useState<TSaveFailure | null>(null);
  // A section remounts (drafts from the server) after a reload that follows someone else's change.
  const [generation, setGeneration] = useState(0);

  async function reload() {
    if (stale?.stale) store(stale.stale);
    else await settings.refetch();
    setStale(null);
    setGeneration((g) => g + 1);
  }

  return (
    <div className="mx-auto w-full max-w-5xl p-6">
      <h1 className="text-2xl font-bold text-slate-900">Service &amp; rules</h1>
      <p className="mt-1 text-slate-700">
        When {name} serves, how long tables are taken, how many guests may start at once, and how tables are chosen.
        Changes apply to availability and new bookings as soon as they are saved.
      </p>
      {stale && (
        <div role="alert" className="sticky top-0 z-10 mt-4 rounded-md border-2 border-amber-500 bg-amber-50 p-4">
          <p className="font-semibold text-slate-900">Someone else changed these settings.</p>
          <p className="text-sm text-slate-800">
            Your change was not saved. Reload to see the current settings, then make your change again.
          </p>
          <button
            type="button"
            onClick={() => void reload()}
            className="mt-2 rounded-md bg-amber-600 px-4 py-2 font-semibold text-white hover:bg-amber-700"
          >
            Reload settings
          </button>
        </div>
      )}
      {settings.isPending && <LoadSkeleton label="Loading the service settings" rows={6} className="mt-4" />}
      {settings.error && (
        <LoadError
          what="The service settings"
          error={settings.error}
          onRetry={() => settings.refetch()}
          className="mt-4"
        />
      )}
      {settings.data && (
        <div key={generation}>
          <PeriodsSection settings={settings.data} onStale={setStale} />
          <ExceptionsSection settings={settings.data} onStale={setStale} />
          <BookingWindowSection settings={settings.data} onStale={setStale} />
          <PlannerPolicySection settings={settings.data} onStale={setStale} />
        </div>
      )}
    </div>
  );
}
