"use client";

import { useMutation } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/components/ui/api-fetch";
import {
  type TServiceSettings,
  ZSavePlannerPolicyRequestSchema,
  ZServiceSettingsSchema,
} from "@/server/setup/service/service-settings-schema";
import { CheckField, errorsByPath, SaveBar, SettingField, SettingsSection } from "./setting-fields";
import { failureOf, serviceUrl, type TSaveFailure, useDraft, useStoreSettings } from "./use-service-settings";

type TWeights = TServiceSettings["plannerPolicy"]["weights"];

const WEIGHTS: Array<[keyof TWeights, string, string]> = [
  ["optimalFit", "Best fit", "Prefer tables whose seats match the party closely (fewest empty seats)."],
  ["compactness", "Compact merges", "Prefer merged tables that sit close together."],
  ["zonePreference", "Zone preference", "Prefer the zone the guest asked for."],
  ["loadBalance", "Spread the load", "Prefer tables and zones that are quieter tonight."],
  ["futureFit", "Keep tables for later", "Avoid taking tables that later bookings are likely to need."],
  [
    "timeFit",
    "Keep the evening whole",
    "Prefer seating right after or before a table's other bookings, not leaving short gaps.",
  ],
  ["historicalSuccess", "What worked before", "Prefer plans that have worked well on past nights."],
];

/** The planner's policy (how tables may be combined) and its strategy weights, with a line on each. */
export function PlannerPolicySection({
  settings,
  onStale,
}: {
  settings: TServiceSettings;
  onStale: (s: TSaveFailure) => void;
}) {
  const [draft, setDraft, dirty] = useDraft(settings.plannerPolicy);
  const [failure, setFailure] = useState<TSaveFailure | null>(null);
  const store = useStoreSettings(settings.restaurantId);
  const save = useMutation({
    mutationFn: (body: unknown) =>
      apiFetch(`${serviceUrl(settings.restaurantId)}/planner-policy`, ZServiceSettingsSchema, { method: "PUT", body }),
  });
  const errors = failure?.fieldErrors ?? new Map<string, string>();
  const policy = draft.policy;
  const setPolicy = (change: Partial<typeof policy>) => setDraft((d) => ({ ...d, policy: { ...d.policy, ...change } }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const body = { expectedVenueVersion: settings.venueVersion, ...draft };
    const parsed = ZSavePlannerPolicyRequestSchema.safeParse(body);
    if (!parsed.success) {
      const local = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      setFailure({
        fieldErrors: errorsByPath(local),
        message: "Not saved: fix the fields marked in red.",
        stale: null,
      });
      return;
    }
    save.mutate(parsed.data, {
      onSuccess: (saved) => {
        setFailure(null);
        store(saved);
        toast.success("Planner policy saved. The next table suggestion uses it.");
      },
      onError: (error) => {
        const f = failureOf(error);
        setFailure(f);
        if (f.stale) onStale(f);
      },
    });
  }

  const numberProps = (value: number, onValue: (n: number) => void) => ({
    type: "number",
    value: Number.isNaN(value) ? "" : value,
    onChange: (e: ChangeEvent<HTMLInputElement>) =>
      onValue(e.target.value.trim() === "" ? Number.NaN : Number(e.target.value)),
  });

  return (
    <SettingsSection
      id="planner"
      title="Table planner"
      intro="How Maitre chooses tables for a booking. The defaults suit most rooms."
    >
      <form onSubmit={onSubmit} noValidate className="mt-3">
        <div className="grid gap-4 md:grid-cols-2">
          <SettingField
            label="Max tables per booking"
            explain="The most tables pushed together for one party (1 = never combine tables)."
            error={errors.get("policy.maxTablesPerPlan")}
          >
            {(props) => (
              <input
                {...props}
                {...numberProps(policy.maxTablesPerPlan, (n) => setPolicy({ maxTablesPerPlan: n }))}
                min={1}
                max={6}
              />
            )}
          </SettingField>
          <SettingField
            label="Max spare seats"
            explain="How many empty seats a table choice may leave, e.g. 2 lets a party of 4 sit at a 6."
            error={errors.get("policy.maxOverage")}
          >
            {(props) => (
              <input
                {...props}
                {...numberProps(policy.maxOverage, (n) => setPolicy({ maxOverage: n }))}
                min={0}
                max={100}
              />
            )}
          </SettingField>
          <CheckField
            label="Combined tables must touch"
            explain="Only tables linked as neighbours on the floor plan may be pushed together."
            checked={policy.requireAdjacency}
            onChange={(requireAdjacency) => setPolicy({ requireAdjacency })}
          />
          <CheckField
            label="Combine across zones"
            explain="Allow one party's tables to span two zones (e.g. bar and terrace)."
            checked={policy.allowCrossZone}
            onChange={(allowCrossZone) => setPolicy({ allowCrossZone })}
          />
        </div>
        <fieldset className="mt-5">
          <legend className="text-base font-bold text-slate-900">Strategy weights</legend>
          <p className="text-xs text-slate-600">
            How much each preference counts when tables are ranked (0 = ignore it, higher = matters more; up to 1000).
          </p>
          <div className="mt-2 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {WEIGHTS.map(([key, label, explain]) => (
              <SettingField key={key} label={label} explain={explain} error={errors.get(`weights.${key}`)}>
                {(props) => (
                  <input
                    {...props}
                    {...numberProps(draft.weights[key], (n) =>
                      setDraft((d) => ({ ...d, weights: { ...d.weights, [key]: n } })),
                    )}
                    min={0}
                    max={1000}
                  />
                )}
              </SettingField>
            ))}
          </div>
        </fieldset>
        <SaveBar pending={save.isPending} dirty={dirty} message={failure && !failure.stale ? failure.message : null} />
      </form>
    </SettingsSection>
  );
}
