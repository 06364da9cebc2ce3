"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/components/ui/api-fetch";
import {
  checkServiceSettings,
  type TServiceSettings,
  ZSaveServiceResponseSchema,
} from "@/server/setup/service/service-settings-schema";
import { errorsByPath, SaveBar, SettingField, SettingsSection } from "./setting-fields";
import { failureOf, serviceUrl, type TSaveFailure, useDraft, useStoreSettings } from "./use-service-settings";

/** How far ahead guests may book, and the last-minute cut-off for online bookings. */
export function BookingWindowSection({
  settings,
  onStale,
}: {
  settings: TServiceSettings;
  onStale: (s: TSaveFailure) => void;
}) {
  const server = useMemo(
    () => ({ horizon: String(settings.bookingHorizonDays), cutoff: String(settings.bookingCutoffMinutes) }),
    [settings.bookingHorizonDays, settings.bookingCutoffMinutes],
  );
  const [draft, setDraft, dirty] = useDraft(server);
  const [failure, setFailure] = useState<TSaveFailure | null>(null);
  const store = useStoreSettings(settings.restaurantId);
  const save = useMutation({
    mutationFn: (body: { bookingHorizonDays: number; bookingCutoffMinutes: number }) =>
      apiFetch(serviceUrl(settings.restaurantId), ZSaveServiceResponseSchema, {
        method: "PUT",
        body: { expectedRulesVersion: settings.rulesVersion, ...body },
      }),
  });
  const errors = failure?.fieldErrors ?? new Map<string, string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const body = {
      bookingHorizonDays: draft.horizon.trim() === "" ? Number.NaN : Number(draft.horizon),
      bookingCutoffMinutes: draft.cutoff.trim() === "" ? Number.NaN : Number(draft.cutoff),
    };
    const local = checkServiceSettings(body);
    if (local.length > 0) {
      setFailure({
        fieldErrors: errorsByPath(local),
        message: "Not saved: fix the fields marked in red.",
        stale: null,
      });
      return;
    }
    save.mutate(body, {
      onSuccess: (saved) => {
        setFailure(null);
        store(saved);
        toast.success("Booking window saved.");
      },
      onError: (error) => {
        const f = failureOf(error);
        setFailure(f);
        if (f.stale) onStale(f);
      },
    });
  }

  return (
    <SettingsSection
      id="window"
      title="Booking window"
      intro="When guests may book online: how far ahead, and how close to the time."
    >
      <form onSubmit={onSubmit} noValidate className="mt-3">
        <div className="grid gap-4 sm:grid-cols-2">
          <SettingField
            label="Book up to (days ahead)"
            explain="Guests can book a table at most this many days from today (1–3650)."
            error={errors.get("bookingHorizonDays")}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                min={1}
                max={3650}
                value={draft.horizon}
                onChange={(e) => setDraft((d) => ({ ...d, horizon: e.target.value }))}
              />
            )}
          </SettingField>
          <SettingField
            label="Online cut-off (minutes before)"
            explain="Online bookings close this long before the time; staff can still book. 0 = up to the start."
            error={errors.get("bookingCutoffMinutes")}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                min={0}
                max={10080}
                value={draft.cutoff}
                onChange={(e) => setDraft((d) => ({ ...d, cutoff: e.target.value }))}
              />
            )}
          </SettingField>
        </div>
        <SaveBar pending={save.isPending} dirty={dirty} message={failure && !failure.stale ? failure.message : null} />
      </form>
    </SettingsSection>
  );
}
