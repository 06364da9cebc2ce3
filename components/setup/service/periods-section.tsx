"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/components/ui/api-fetch";
import {
  checkServiceSettings,
  type TServicePeriod,
  type TServicePeriodInput,
  type TServiceSettings,
  ZSaveServiceResponseSchema,
} from "@/server/setup/service/service-settings-schema";
import { CheckField, errorsByPath, SaveBar, SettingField, SettingsSection, type TFieldErrors } from "./setting-fields";
import { failureOf, serviceUrl, type TSaveFailure, useDraft, useStoreSettings } from "./use-service-settings";

const DAYS = [
  [1, "Mon", "Monday"],
  [2, "Tue", "Tuesday"],
  [3, "Wed", "Wednesday"],
  [4, "Thu", "Thursday"],
  [5, "Fri", "Friday"],
  [6, "Sat", "Saturday"],
  [7, "Sun", "Sunday"],
] as const;

type TDraftTurn = { key: string; maxPartySize: string; turnMinutes: string };
type TDraftPeriod = {
  key: string;
  id?: string;
  name: string;
  daysOfWeek: number[];
  opensAt: string;
  lastSeatingAt: string;
  closesAt: string;
  bufferMinutes: string;
  pacingCoversPerSlot: string;
  pacingOnlineCoversPerSlot: string;
  active: boolean;
  turnTimes: TDraftTurn[];
};

let counter = 0;
const newKey = () => `new-${++counter}`;

function toDraft(period: TServicePeriod): TDraftPeriod {
  return {
    key: period.id,
    id: period.id,
    name: period.name,
    daysOfWeek: period.daysOfWeek,
    opensAt: period.opensAt,
    lastSeatingAt: period.lastSeatingAt,
    closesAt: period.closesAt,
    bufferMinutes: String(period.bufferMinutes),
    pacingCoversPerSlot: period.pacingCoversPerSlot === null ? "" : String(period.pacingCoversPerSlot),
    pacingOnlineCoversPerSlot:
      period.pacingOnlineCoversPerSlot === null ? "" : String(period.pacingOnlineCoversPerSlot),
    active: period.active,
    turnTimes: period.turnTimes.map((t, i) => ({
      key: `${period.id}-${i}`,
      maxPartySize: String(t.maxPartySize),
      turnMinutes: String(t.turnMinutes),
    })),
  };
}

const num = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
const cap = (text: string) => (text.trim() === "" ? null : Number(text));

function toInput(draft: TDraftPeriod): TServicePeriodInput {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name,
    daysOfWeek: [...draft.daysOfWeek].sort((a, b) => a - b),
    opensAt: draft.opensAt,
    lastSeatingAt: draft.lastSeatingAt,
    closesAt: draft.closesAt,
    bufferMinutes: num(draft.bufferMinutes),
    pacingCoversPerSlot: cap(draft.pacingCoversPerSlot),
    pacingOnlineCoversPerSlot: cap(draft.pacingOnlineCoversPerSlot),
    active: draft.active,
    turnTimes: draft.turnTimes.map((t) => ({ maxPartySize: num(t.maxPartySize), turnMinutes: num(t.turnMinutes) })),
  };
}

const NEW_PERIOD = (): TDraftPeriod => ({
  key: newKey(),
  name: "",
  daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
  opensAt: "12:00",
  lastSeatingAt: "14:00",
  closesAt: "15:30",
  bufferMinutes: "15",
  pacingCoversPerSlot: "",
  pacingOnlineCoversPerSlot: "",
  active: true,
  turnTimes: [
    { key: newKey(), maxPartySize: "2", turnMinutes: "90" },
    { key: newKey(), maxPartySize: "6", turnMinutes: "120" },
  ],
});

/** The three times of a service, each with its one-line explanation. */
const HOUR_FIELDS = [
  ["opensAt", "Opens", "The first table can be booked at this time."],
  ["lastSeatingAt", "Last seating", "The latest time a booking may start."],
  ["closesAt", "Closes", "Every party has left by then (same day)."],
] as const;

/** The weekly services: hours, days, buffer, pacing caps and turn times, saved together as one versioned write. */
export function PeriodsSection({
  settings,
  onStale,
}: {
  settings: TServiceSettings;
  onStale: (s: TSaveFailure) => void;
}) {
  const server = useMemo(() => settings.periods.map(toDraft), [settings.periods]);
  const [draft, setDraft, dirty] = useDraft(server);
  const [failure, setFailure] = useState<TSaveFailure | null>(null);
  const [bookings, setBookings] = useState<Array<{ reference: string; guestName: string; startsAt: string }>>([]);
  const store = useStoreSettings(settings.restaurantId);
  const save = useMutation({
    mutationFn: (periods: TServicePeriodInput[]) =>
      apiFetch(serviceUrl(settings.restaurantId), ZSaveServiceResponseSchema, {
        method: "PUT",
        body: { expectedRulesVersion: settings.rulesVersion, periods },
      }),
  });
  const fieldErrors: TFieldErrors = failure?.fieldErrors ?? new Map();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const periods = draft.map(toInput);
    const local = checkServiceSettings({ periods });
    setBookings([]);
    if (local.length > 0) {
      setFailure({
        fieldErrors: errorsByPath(local),
        message: `Not saved: ${local.length} field(s) need fixing (marked in red).`,
        stale: null,
      });
      return;
    }
    save.mutate(periods, {
      onSuccess: (saved) => {
        setFailure(null);
        store(saved);
        toast.success(
          saved.deactivated.length > 0
            ? `Services saved. ${saved.deactivated.join(", ")} kept switched off: past bookings refer to it.`
            : "Services saved. Availability uses the new hours now.",
        );
      },
      onError: (error) => {
        const f = failureOf(error);
        setFailure(f);
        if (f.stale) onStale(f);
        const listed = (error as { body?: { bookings?: unknown } }).body?.bookings;
        if (Array.isArray(listed)) setBookings(listed as typeof bookings);
      },
    });
  }

  const update = (key: string, change: Partial<TDraftPeriod>) =>
    setDraft((current) => current.map((p) => (p.key === key ? { ...p, ...change } : p)));

  return (
    <SettingsSection
      id="services"
      title="Services and opening hours"
      intro={`Each service repeats every week on its days. Times are the restaurant's local time (${settings.timezone}).`}
    >
      <form onSubmit={onSubmit} noValidate>
        {draft.length === 0 && <p className="mt-3 text-slate-700">No services yet: add one to take bookings.</p>}
        {draft.map((period, index) => (
          <PeriodCard
            key={period.key}
            period={period}
            index={index}
            slotMinutes={settings.slotMinutes}
            errors={fieldErrors}
            onChange={(change) => update(period.key, change)}
            onRemove={() => setDraft((current) => current.filter((p) => p.key !== period.key))}
          />
        ))}
        <button
          type="button"
          onClick={() => setDraft((current) => [...current, NEW_PERIOD()])}
          className="mt-4 rounded-md border border-blue-700 px-4 py-2 font-semibold text-blue-800 hover:bg-blue-50"
        >
          Add service
        </button>
        {fieldErrors.get("periods") && (
          <p className="mt-2 text-sm font-medium text-red-700">{fieldErrors.get("periods")}</p>
        )}
        {bookings.length > 0 && (
          <div className="mt-3 rounded-md border border-amber-500 bg-amber-50 p-3 text-sm">
            <p className="font-semibold text-slate-900">
              A service you removed still has {bookings.length} upcoming booking(s). Switch it off instead (untick
              “Taking bookings”), or move these bookings first:
            </p>
            <ul className="mt-1 list-disc pl-5">
              {bookings.slice(0, 10).map((b) => (
                <li key={b.reference}>
                  {b.reference} — {b.guestName}
                </li>
              ))}
            </ul>
          </div>
        )}
        <SaveBar pending={save.isPending} dirty={dirty} message={failure && !failure.stale ? failure.message : null} />
      </form>
    </SettingsSection>
  );
}

function PeriodCard({
  period,
  index,
  slotMinutes,
  errors,
  onChange,
  onRemove,
}: {
  period: TDraftPeriod;
  index: number;
  slotMinutes: number;
  errors: TFieldErrors;
  onChange: (change: Partial<TDraftPeriod>) => void;
  onRemove: () => void;
}) {
  const at = (field: string) => errors.get(`periods.${index}.${field}`);
  const title = period.name.trim() || `New service ${index + 1}`;
  const headingId = `service-${period.key}-heading`;
  return (
    <section
      aria-labelledby={headingId}
      className={`mt-4 rounded-md border p-4 ${period.active ? "border-slate-300 bg-slate-50" : "border-dashed border-slate-400 bg-slate-100"}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 id={headingId} className="text-lg font-bold text-slate-900">
          {title}
          {!period.active && <span className="ml-2 text-sm font-medium text-slate-600">(switched off)</span>}
        </h3>
        <button
          type="button"
          onClick={onRemove}
          className="rounded-md border border-red-700 px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50"
        >
          Remove {title}
        </button>
      </div>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <SettingField
          label="Service name"
          explain="What staff and guests call it, e.g. Lunch or Dinner."
          error={at("name")}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              maxLength={40}
              value={period.name}
              onChange={(e) => onChange({ name: e.target.value })}
            />
          )}
        </SettingField>
        <CheckField
          label="Taking bookings"
          explain="Untick to switch the service off without deleting it (its bookings stay)."
          checked={period.active}
          onChange={(active) => onChange({ active })}
        />
      </div>
      <fieldset className="mt-4">
        <legend className="text-sm font-semibold text-slate-800">Days</legend>
        <p className="text-xs text-slate-600">The weekdays this service runs; press a day to switch it on or off.</p>
        <div className="mt-1 flex flex-wrap gap-2">
          {DAYS.map(([day, short, long]) => {
            const on = period.daysOfWeek.includes(day);
            return (
              <button
                key={day}
                type="button"
                aria-pressed={on}
                aria-label={long}
                onClick={() =>
                  onChange({
                    daysOfWeek: on ? period.daysOfWeek.filter((d) => d !== day) : [...period.daysOfWeek, day],
                  })
                }
                className={`h-10 min-w-14 rounded-md border px-3 text-sm font-semibold ${
                  on ? "border-blue-800 bg-blue-700 text-white" : "border-slate-400 bg-white text-slate-700"
                }`}
              >
                {short}
              </button>
            );
          })}
        </div>
        {at("daysOfWeek") && <p className="mt-1 text-sm font-medium text-red-700">{at("daysOfWeek")}</p>}
      </fieldset>
      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        {HOUR_FIELDS.map(([key, label, explain]) => (
          <SettingField key={key} label={label} explain={explain} error={at(key)}>
            {(props) => (
              <input
                {...props}
                type="time"
                step={60}
                value={period[key]}
                onChange={(e) => onChange({ [key]: e.target.value })}
              />
            )}
          </SettingField>
        ))}
      </div>
      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        <SettingField
          label="Buffer between bookings (minutes)"
          explain="Time to clear and reset a table before the next party."
          error={at("bufferMinutes")}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={0}
              max={120}
              value={period.bufferMinutes}
              onChange={(e) => onChange({ bufferMinutes: e.target.value })}
            />
          )}
        </SettingField>
        <SettingField
          label={`Covers per ${slotMinutes} minutes (all)`}
          explain={`Most guests who may start in one ${slotMinutes}-minute slot, all bookings; empty = no cap.`}
          error={at("pacingCoversPerSlot")}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              max={1000}
              placeholder="No cap"
              value={period.pacingCoversPerSlot}
              onChange={(e) => onChange({ pacingCoversPerSlot: e.target.value })}
            />
          )}
        </SettingField>
        <SettingField
          label={`Online covers per ${slotMinutes} minutes`}
          explain="Of those, how many may come from online bookings; empty = no separate cap."
          error={at("pacingOnlineCoversPerSlot")}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              max={1000}
              placeholder="No cap"
              value={period.pacingOnlineCoversPerSlot}
              onChange={(e) => onChange({ pacingOnlineCoversPerSlot: e.target.value })}
            />
          )}
        </SettingField>
      </div>
      <TurnTimes period={period} index={index} errors={errors} onChange={onChange} />
    </section>
  );
}

function TurnTimes({
  period,
  index,
  errors,
  onChange,
}: {
  period: TDraftPeriod;
  index: number;
  errors: TFieldErrors;
  onChange: (change: Partial<TDraftPeriod>) => void;
}) {
  const setRow = (key: string, change: Partial<TDraftTurn>) =>
    onChange({ turnTimes: period.turnTimes.map((t) => (t.key === key ? { ...t, ...change } : t)) });
  const groupError = errors.get(`periods.${index}.turnTimes`);
  return (
    <fieldset className="mt-4">
      <legend className="text-sm font-semibold text-slate-800">Turn times by party size</legend>
      <p className="text-xs text-slate-600">
        How long a table is taken: the first row whose “up to” fits the party applies; larger parties cannot book.
      </p>
      <ul className="mt-2 flex flex-col gap-2">
        {period.turnTimes.map((turn, j) => {
          const sizeError = errors.get(`periods.${index}.turnTimes.${j}.maxPartySize`);
          const minutesError = errors.get(`periods.${index}.turnTimes.${j}.turnMinutes`);
          const rowName = `row ${j + 1}`;
          return (
            <li key={turn.key} className="flex flex-wrap items-center gap-2 text-base">
              <label className="flex items-center gap-2">
                <span>Up to</span>
                <input
                  type="number"
                  min={1}
                  max={100}
                  aria-label={`Up to how many guests, ${rowName}`}
                  aria-invalid={Boolean(sizeError)}
                  value={turn.maxPartySize}
                  onChange={(e) => setRow(turn.key, { maxPartySize: e.target.value })}
                  className="h-10 w-20 rounded-md border border-slate-400 bg-white px-2 tabular-nums aria-[invalid=true]:border-red-600 aria-[invalid=true]:bg-red-50"
                />
                <span>guests →</span>
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="number"
                  min={15}
                  max={480}
                  aria-label={`Minutes at the table, ${rowName}`}
                  aria-invalid={Boolean(minutesError)}
                  value={turn.turnMinutes}
                  onChange={(e) => setRow(turn.key, { turnMinutes: e.target.value })}
                  className="h-10 w-24 rounded-md border border-slate-400 bg-white px-2 tabular-nums aria-[invalid=true]:border-red-600 aria-[invalid=true]:bg-red-50"
                />
                <span>minutes</span>
              </label>
              <button
                type="button"
                onClick={() => onChange({ turnTimes: period.turnTimes.filter((t) => t.key !== turn.key) })}
                className="rounded-md px-2 py-1 text-sm font-semibold text-red-800 underline hover:bg-red-50"
              >
                Remove {rowName}
              </button>
              {(sizeError || minutesError) && (
                <span className="w-full text-sm font-medium text-red-700">
                  {sizeError ? `Guests: ${sizeError}. ` : ""}
                  {minutesError ? `Minutes: ${minutesError}.` : ""}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        onClick={() => {
          const last = period.turnTimes.at(-1);
          const size = last ? Math.min(100, Number(last.maxPartySize) + 2 || 2) : 2;
          onChange({
            turnTimes: [
              ...period.turnTimes,
              { key: newKey(), maxPartySize: String(size), turnMinutes: last?.turnMinutes ?? "90" },
            ],
          });
        }}
        className="mt-2 rounded-md border border-slate-500 px-3 py-1.5 text-sm font-semibold text-slate-800 hover:bg-slate-100"
      >
        Add turn time row
      </button>
      {groupError && <p className="mt-1 text-sm font-medium text-red-700">{groupError}</p>}
    </fieldset>
  );
}
