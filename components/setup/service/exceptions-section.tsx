"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/components/ui/api-fetch";
import { formatServiceDate, formatTime } from "@/components/ui/time";
import {
  checkHours,
  type TAffectedBooking,
  type TServiceException,
  type TServiceSettings,
  ZAddServiceExceptionResponseSchema,
  ZServiceSettingsSchema,
} from "@/server/setup/service/service-settings-schema";
import { errorsByPath, SaveBar, SettingField, SettingsSection, type TFieldErrors } from "./setting-fields";
import { failureOf, serviceUrl, type TSaveFailure, useStoreSettings } from "./use-service-settings";

type TKind = "closed_day" | "closed_service" | "special_hours";

const KINDS: Array<[TKind, string, string]> = [
  ["closed_day", "Closed all day", "No service at all that date."],
  ["closed_service", "One service closed", "Only the chosen service is closed that date."],
  ["special_hours", "Special hours", "The chosen service runs at other times that date."],
];

function describe(exception: TServiceException): string {
  const service = exception.servicePeriodName ?? "Whole day";
  if (exception.closed) return exception.servicePeriodId ? `${service} closed` : "Closed all day";
  return `${service}: ${exception.opensAt}–${exception.closesAt} (last seating ${exception.lastSeatingAt})`;
}

/** Date exceptions: closed days, a closed service, special hours; the upcoming ones listed with Remove. */
export function ExceptionsSection({
  settings,
  onStale,
}: {
  settings: TServiceSettings;
  onStale: (s: TSaveFailure) => void;
}) {
  const store = useStoreSettings(settings.restaurantId);
  const url = `${serviceUrl(settings.restaurantId)}/exceptions`;
  const services = settings.periods.filter((p) => p.active);
  const [date, setDate] = useState("");
  const [kind, setKind] = useState<TKind>("closed_day");
  const [periodId, setPeriodId] = useState(services[0]?.id ?? "");
  const [hours, setHours] = useState({ opensAt: "18:00", lastSeatingAt: "20:30", closesAt: "22:30" });
  const [note, setNote] = useState("");
  const [failure, setFailure] = useState<TSaveFailure | null>(null);
  const [affected, setAffected] = useState<{ date: string; bookings: TAffectedBooking[] } | null>(null);
  const errors: TFieldErrors = failure?.fieldErrors ?? new Map();

  const add = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch(url, ZAddServiceExceptionResponseSchema, { method: "POST", body }),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      apiFetch(`${url}/${id}?expectedRulesVersion=${settings.rulesVersion}`, ZServiceSettingsSchema, {
        method: "DELETE",
      }),
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const local: Array<{ path: string; message: string }> = [];
    if (!date) local.push({ path: "date", message: "choose a date" });
    else if (date < settings.today) local.push({ path: "date", message: `must be today (${settings.today}) or later` });
    if (kind !== "closed_day" && !periodId) local.push({ path: "servicePeriodId", message: "choose a service" });
    if (kind === "special_hours") local.push(...checkHours(hours));
    if (local.length > 0) {
      setFailure({
        fieldErrors: errorsByPath(local),
        message: "Not added: fix the fields marked in red.",
        stale: null,
      });
      return;
    }
    add.mutate(
      {
        expectedRulesVersion: settings.rulesVersion,
        date,
        servicePeriodId: kind === "closed_day" ? null : periodId,
        kind: kind === "special_hours" ? "special_hours" : "closed",
        ...(kind === "special_hours" ? hours : {}),
        note: note.trim() || null,
      },
      {
        onSuccess: (added) => {
          setFailure(null);
          store(added);
          setAffected({ date: added.exception.date, bookings: added.affectedBookings });
          setNote("");
          setDate("");
          toast.success(`Exception added for ${formatServiceDate(added.exception.date)}.`);
        },
        onError: (error) => {
          const f = failureOf(error);
          setFailure(f);
          if (f.stale) onStale(f);
        },
      },
    );
  }

  return (
    <SettingsSection
      id="exceptions"
      title="Date exceptions"
      intro="Closed days and special hours override the weekly hours for one date. Existing bookings are never cancelled automatically."
    >
      <form onSubmit={onSubmit} noValidate className="mt-3">
        <div className="grid gap-4 md:grid-cols-3">
          <SettingField
            label="Date"
            explain={date ? formatServiceDate(date) : "The restaurant's local date."}
            error={errors.get("date")}
          >
            {(props) => (
              <input
                {...props}
                type="date"
                min={settings.today}
                value={date}
                onChange={(e) => {
                  setDate(e.target.value);
                  // The last addition's "nothing affected" note says nothing about the next one; a list of guests
                  // to call stays until it is dismissed by the next addition.
                  if (affected?.bookings.length === 0) setAffected(null);
                }}
              />
            )}
          </SettingField>
          <fieldset className="md:col-span-2">
            <legend className="text-sm font-semibold text-slate-800">What changes</legend>
            <div className="mt-1 flex flex-col gap-1">
              {KINDS.map(([value, label, explain]) => (
                <label key={value} className="flex items-start gap-2 text-sm">
                  <input
                    type="radio"
                    name="exception-kind"
                    value={value}
                    checked={kind === value}
                    onChange={() => setKind(value)}
                    className="mt-0.5 size-5"
                  />
                  <span>
                    <span className="font-semibold text-slate-900">{label}</span>
                    <span className="text-slate-600"> — {explain}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        {kind !== "closed_day" && (
          <div className="mt-4 grid gap-4 md:grid-cols-4">
            <SettingField
              label="Service"
              explain="The service this exception is about."
              error={errors.get("servicePeriodId")}
            >
              {(props) => (
                <select {...props} value={periodId} onChange={(e) => setPeriodId(e.target.value)}>
                  {services.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              )}
            </SettingField>
            {kind === "special_hours" &&
              (
                [
                  ["opensAt", "Opens that day"],
                  ["lastSeatingAt", "Last seating that day"],
                  ["closesAt", "Closes that day"],
                ] as const
              ).map(([field, label]) => (
                <SettingField key={field} label={label} error={errors.get(field)}>
                  {(props) => (
                    <input
                      {...props}
                      type="time"
                      step={60}
                      value={hours[field]}
                      onChange={(e) => setHours((h) => ({ ...h, [field]: e.target.value }))}
                    />
                  )}
                </SettingField>
              ))}
          </div>
        )}
        <SettingField
          label="Note (optional)"
          explain="For staff, e.g. “Christmas Day” or “Private event”."
          error={errors.get("note")}
          className="mt-4 max-w-xl"
        >
          {(props) => (
            <input {...props} type="text" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
          )}
        </SettingField>
        <SaveBar
          pending={add.isPending}
          dirty={Boolean(date)}
          label="Add exception"
          idleText="Choose a date to add an exception"
          message={failure && !failure.stale ? failure.message : null}
        />
      </form>
      {affected && (
        <div
          role="status"
          className={`mt-4 rounded-md border p-3 text-sm ${affected.bookings.length ? "border-amber-500 bg-amber-50" : "border-slate-300 bg-slate-50"}`}
        >
          {affected.bookings.length === 0 ? (
            <p>
              Exception added for {formatServiceDate(affected.date)}. No upcoming bookings are affected on that date.
            </p>
          ) : (
            <>
              <p className="font-semibold text-slate-900">
                Exception added for {formatServiceDate(affected.date)}. {affected.bookings.length} booking(s) on that
                date are NOT cancelled automatically. Call these guests to move or cancel them:
              </p>
              <ul className="mt-2 flex flex-col gap-1">
                {affected.bookings.map((b) => (
                  <li key={b.id}>
                    <span className="font-semibold tabular-nums">{formatTime(b.startsAt, settings.timezone)}</span> —{" "}
                    {b.guestName}, party of {b.partySize} ({b.reference})
                    {b.guestPhone ? ` — ${b.guestPhone}` : b.guestEmail ? ` — ${b.guestEmail}` : ""}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <h3 id="upcoming-exceptions" className="mt-6 text-lg font-bold text-slate-900">
        Upcoming exceptions
      </h3>
      {settings.exceptions.length === 0 ? (
        <p className="mt-1 text-slate-700">None: the weekly hours apply every day.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-300">
          {settings.exceptions.map((exception) => (
            <li key={exception.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
              <div>
                <p className="font-semibold text-slate-900">{formatServiceDate(exception.date)}</p>
                <p className="text-sm text-slate-700">
                  {describe(exception)}
                  {exception.note ? ` — ${exception.note}` : ""}
                </p>
              </div>
              <button
                type="button"
                disabled={remove.isPending}
                aria-label={`Remove exception on ${formatServiceDate(exception.date)}: ${describe(exception)}`}
                onClick={() =>
                  remove.mutate(exception.id, {
                    onSuccess: (next) => {
                      store(next);
                      toast.success(`${formatServiceDate(exception.date)} is back to the weekly hours.`);
                    },
                    onError: (error) => {
                      const f = failureOf(error);
                      if (f.stale) onStale(f);
                      else toast.error(f.message);
                    },
                  })
                }
                className="rounded-md border border-red-700 px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60"
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}
