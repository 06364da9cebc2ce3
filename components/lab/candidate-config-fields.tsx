"use client";

import type { ChangeEvent } from "react";
import { CheckField, SettingField, type TFieldErrors } from "@/components/setup/service/setting-fields";
import type { TLabConfig } from "@/server/lab/replay-schema";

type TWeights = TLabConfig["weights"];

/** The planner policy fields of /ops/setup/service, in the same words. */
export const WEIGHT_FIELDS: Array<[keyof TWeights, string]> = [
  ["optimalFit", "Best fit"],
  ["compactness", "Compact merges"],
  ["zonePreference", "Zone preference"],
  ["loadBalance", "Spread the load"],
  ["futureFit", "Keep tables for later"],
  ["timeFit", "Keep the evening whole"],
  ["historicalSuccess", "What worked before"],
];

const numberProps = (value: number, onValue: (n: number) => void) => ({
  type: "number",
  value: Number.isNaN(value) ? "" : value,
  onChange: (e: ChangeEvent<HTMLInputElement>) =>
    onValue(e.target.value.trim() === "" ? Number.NaN : Number(e.target.value)),
});

const yesNo = (b: boolean) => (b ? "yes" : "no");

/**
 * The candidate planner configuration, field by field, each with the current value under it ("Now: 3") so the
 * manager sees at a glance what they changed.
 */
export function CandidateConfigFields({
  current,
  draft,
  onChange,
  errors,
}: {
  current: TLabConfig;
  draft: TLabConfig;
  onChange: (next: TLabConfig) => void;
  errors: TFieldErrors;
}) {
  const setPolicy = (change: Partial<TLabConfig["policy"]>) =>
    onChange({ ...draft, policy: { ...draft.policy, ...change } });
  const now = (value: number | boolean) => `Now: ${typeof value === "boolean" ? yesNo(value) : value}`;
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <SettingField
          label="Max tables per booking"
          explain={now(current.policy.maxTablesPerPlan)}
          error={errors.get("policy.maxTablesPerPlan")}
        >
          {(props) => (
            <input
              {...props}
              {...numberProps(draft.policy.maxTablesPerPlan, (n) => setPolicy({ maxTablesPerPlan: n }))}
              min={1}
              max={6}
            />
          )}
        </SettingField>
        <SettingField
          label="Max spare seats"
          explain={now(current.policy.maxOverage)}
          error={errors.get("policy.maxOverage")}
        >
          {(props) => (
            <input
              {...props}
              {...numberProps(draft.policy.maxOverage, (n) => setPolicy({ maxOverage: n }))}
              min={0}
              max={100}
            />
          )}
        </SettingField>
        <CheckField
          label="Combined tables must touch"
          explain={now(current.policy.requireAdjacency)}
          checked={draft.policy.requireAdjacency}
          onChange={(requireAdjacency) => setPolicy({ requireAdjacency })}
        />
        <CheckField
          label="Combine across zones"
          explain={now(current.policy.allowCrossZone)}
          checked={draft.policy.allowCrossZone}
          onChange={(allowCrossZone) => setPolicy({ allowCrossZone })}
        />
      </div>
      <fieldset>
        <legend className="text-base font-bold text-slate-900">Strategy weights</legend>
        <p className="text-sm text-slate-700">0 = ignore it, higher = matters more (up to 1000).</p>
        <div className="mt-2 grid gap-4 sm:grid-cols-3 xl:grid-cols-7">
          {WEIGHT_FIELDS.map(([key, label]) => (
            <SettingField
              key={key}
              label={label}
              explain={now(current.weights[key])}
              error={errors.get(`weights.${key}`)}
            >
              {(props) => (
                <input
                  {...props}
                  {...numberProps(draft.weights[key], (n) =>
                    onChange({ ...draft, weights: { ...draft.weights, [key]: n } }),
                  )}
                  min={0}
                  max={1000}
                />
              )}
            </SettingField>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
