"use client";

import { useQuery } from "@tanstack/react-query";
import { useOpsLocation } from "@/components/ops/use-ops-location";
import { LoadError, LoadSkeleton } from "@/components/ui/load-error";
import { STAFF_ROLE_RANK } from "@/server/auth/staff-session-types";
import { FloorEditor } from "./floor-editor";
import { floorPlanQuery } from "./floor-plan-query";

/** /ops/setup/floor: the floor plan editor for managers and owners of the restaurant in the URL. */
export function FloorEditorView() {
  const { restaurant } = useOpsLocation();
  if (STAFF_ROLE_RANK[restaurant.role] < STAFF_ROLE_RANK.manager) {
    return (
      <div className="p-6">
        <h1 className="text-2xl font-bold">Floor plan editor</h1>
        <p className="mt-2 text-slate-700">The floor plan is edited by a manager or owner of {restaurant.name}.</p>
      </div>
    );
  }
  return (
    <LoadedEditor key={restaurant.restaurantId} restaurantId={restaurant.restaurantId} timezone={restaurant.timezone} />
  );
}

function LoadedEditor({ restaurantId, timezone }: { restaurantId: string; timezone: string }) {
  const plan = useQuery(floorPlanQuery(restaurantId));
  if (plan.data) return <FloorEditor restaurantId={restaurantId} timezone={timezone} loaded={plan.data} />;
  return (
    <div className="p-6">
      <h1 className="text-2xl font-bold text-slate-900">Floor plan editor</h1>
      {plan.error ? (
        <LoadError what="The floor plan" error={plan.error} onRetry={() => plan.refetch()} className="mt-2" />
      ) : (
        <LoadSkeleton label="Loading the floor plan" rows={6} className="mt-2" />
      )}
    </div>
  );
}
