"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiProblem, apiFetch } from "@/components/ui/api-fetch";
import { type TServiceSettings, ZServiceSettingsSchema } from "@/server/setup/service/service-settings-schema";
import { errorsByPath, type TFieldErrors } from "./setting-fields";

export const serviceSettingsKey = (restaurantId: string) => ["setup", "service", restaurantId] as const;
export const serviceUrl = (restaurantId: string) => `/api/ops/restaurants/${restaurantId}/service`;

export function useServiceSettings(restaurantId: string) {
  return useQuery({
    queryKey: serviceSettingsKey(restaurantId),
    queryFn: () => apiFetch(serviceUrl(restaurantId), ZServiceSettingsSchema),
  });
}

/** Keeps the settings in the cache in step with a save's answer (the answer carries the new versions). */
export function useStoreSettings(restaurantId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    (settings: TServiceSettings) => {
      queryClient.setQueryData(serviceSettingsKey(restaurantId), ZServiceSettingsSchema.parse(settings));
    },
    [queryClient, restaurantId],
  );
}

/** What a refused save means for the page: field errors, a message, and whether someone else changed things. */
export type TSaveFailure = { fieldErrors: TFieldErrors; message: string; stale: TServiceSettings | null };

export function failureOf(error: unknown): TSaveFailure {
  if (!(error instanceof ApiProblem)) {
    return { fieldErrors: new Map(), message: "The settings could not be saved; try again.", stale: null };
  }
  const errors = Array.isArray(error.body.errors)
    ? (error.body.errors as Array<{ path: string; message: string }>)
    : undefined;
  if (error.code === "STALE") {
    const parsed = ZServiceSettingsSchema.safeParse(error.body.current);
    return {
      fieldErrors: new Map(),
      message: "Someone else changed these settings while you were editing. Reload them, then make your change again.",
      stale: parsed.success ? parsed.data : null,
    };
  }
  const fieldErrors = errorsByPath(errors);
  const message =
    fieldErrors.size > 0 ? `Not saved: ${fieldErrors.size} field(s) need fixing (marked in red).` : error.hint;
  return { fieldErrors, message, stale: null };
}

/**
 * An editable copy of one slice of the settings: reset whenever the server's slice changes (a save, a reload), and
 * kept otherwise, so saving one section never throws away unsaved edits in another.
 */
export function useDraft<T>(server: T): [T, (next: T | ((current: T) => T)) => void, boolean] {
  const serverJson = JSON.stringify(server);
  const [draft, setDraft] = useState<T>(server);
  const seen = useRef(serverJson);
  useEffect(() => {
    if (seen.current !== serverJson) {
      seen.current = serverJson;
      setDraft(JSON.parse(serverJson) as T);
    }
  }, [serverJson]);
  return [draft, setDraft, JSON.stringify(draft) !== serverJson];
}
