"use client";

import { type FormEvent, useId, useState } from "react";
import { ApiProblem, apiFetch } from "@/components/ui/api-fetch";
import { FormSubmit } from "@/components/ui/form-submit";
import { useHydrated } from "@/components/ui/use-hydrated";
import {
  RESTAURANT_CURRENCIES,
  RESTAURANT_LOCALES,
  suggestSlug,
  ZCreatedRestaurantResponseSchema,
} from "@/server/setup/restaurants/restaurant-schema";

type TField = "name" | "slug" | "timezone" | "locale" | "currency" | "form";

const FALLBACK_ZONES = ["Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "UTC"];

function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [...FALLBACK_ZONES];
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return own && !zones.includes(own) ? [own, ...zones] : zones;
}

/**
 * Name, web address (suggested from the name until edited), time zone (the browser's by default), language and
 * currency → POST /api/ops/restaurants; then the floor editor of the new restaurant. Each refusal is shown next
 * to its field.
 */
export function NewRestaurantForm() {
  const id = useId();
  const hydrated = useHydrated();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<TField, string>>>({});
  const zones = hydrated ? timeZones() : FALLBACK_ZONES;
  const browserZone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : "Europe/London";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setErrors({});
    try {
      const { restaurant } = await apiFetch("/api/ops/restaurants", ZCreatedRestaurantResponseSchema, {
        method: "POST",
        body: {
          name,
          slug,
          timezone: String(form.get("timezone") ?? ""),
          locale: String(form.get("locale") ?? ""),
          currency: String(form.get("currency") ?? ""),
        },
      });
      // A full navigation: the ops shell reads the memberships (now with this restaurant) on the server.
      window.location.assign(`/ops/setup/floor?restaurant=${encodeURIComponent(restaurant.slug)}`);
    } catch (error) {
      setPending(false);
      if (!(error instanceof ApiProblem)) {
        setErrors({ form: "The restaurant could not be created; try again." });
        return;
      }
      const fieldErrors: Partial<Record<TField, string>> = {};
      for (const e of Array.isArray(error.body.errors)
        ? (error.body.errors as Array<{ path?: string; message?: string }>)
        : []) {
        const field = String(e.path ?? "")
          .split(".")
          .at(-1) as TField;
        if (["name", "slug", "timezone", "locale", "currency"].includes(field) && !fieldErrors[field]) {
          fieldErrors[field] = String(e.message ?? "is not valid");
        }
      }
      if (error.code === "SLUG_TAKEN") fieldErrors.slug = error.hint;
      setErrors(Object.keys(fieldErrors).length > 0 ? fieldErrors : { form: error.hint });
    }
  }

  const fieldError = (field: TField) =>
    errors[field] ? (
      <span id={`${id}-${field}-error`} role="alert" className="text-sm font-normal text-red-700">
        {errors[field]}
      </span>
    ) : null;
  const described = (field: TField) => (errors[field] ? `${id}-${field}-error` : undefined);
  const input = "w-full rounded border border-slate-400 bg-white px-3 py-2 text-base";
  const label = "flex flex-col gap-1 text-sm font-medium text-slate-800";

  return (
    <form onSubmit={onSubmit} className="mt-4 flex max-w-xl flex-col gap-4">
      <div className={label}>
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          name="name"
          required
          maxLength={100}
          value={name}
          autoComplete="organization"
          className={input}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={described("name")}
          onChange={(e) => {
            setName(e.target.value);
            if (!slugEdited) setSlug(suggestSlug(e.target.value));
          }}
        />
        {fieldError("name")}
      </div>
      <div className={label}>
        <label htmlFor={`${id}-slug`}>Web address</label>
        <span className="flex items-center gap-1">
          <span className="text-slate-600" aria-hidden="true">
            /
          </span>
          <input
            id={`${id}-slug`}
            name="slug"
            required
            minLength={2}
            maxLength={60}
            value={slug}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            className={`${input} font-mono`}
            aria-invalid={errors.slug ? true : undefined}
            aria-describedby={`${id}-slug-help${errors.slug ? ` ${id}-slug-error` : ""}`}
            onChange={(e) => {
              setSlug(e.target.value);
              setSlugEdited(true);
            }}
          />
        </span>
        <span id={`${id}-slug-help`} className="text-sm font-normal text-slate-600">
          Lower-case letters, digits and hyphens; guests see it in booking links.
        </span>
        {fieldError("slug")}
      </div>
      <div className={label}>
        <label htmlFor={`${id}-timezone`}>Time zone</label>
        <select
          id={`${id}-timezone`}
          name="timezone"
          key={browserZone}
          defaultValue={browserZone}
          className={input}
          aria-describedby={described("timezone")}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </select>
        {fieldError("timezone")}
      </div>
      <div className="flex flex-wrap gap-4">
        <div className={`${label} grow`}>
          <label htmlFor={`${id}-locale`}>Language</label>
          <select
            id={`${id}-locale`}
            name="locale"
            defaultValue="en-GB"
            className={input}
            aria-describedby={described("locale")}
          >
            {RESTAURANT_LOCALES.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
          {fieldError("locale")}
        </div>
        <div className={`${label} grow`}>
          <label htmlFor={`${id}-currency`}>Currency</label>
          <select
            id={`${id}-currency`}
            name="currency"
            defaultValue="GBP"
            className={input}
            aria-describedby={described("currency")}
          >
            {RESTAURANT_CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {fieldError("currency")}
        </div>
      </div>
      <p className="text-sm text-slate-700">
        It starts with one zone, “Main room”, and no tables: next you draw the room in the floor plan editor.
      </p>
      <FormSubmit pending={pending} error={errors.form}>
        Create restaurant
      </FormSubmit>
    </form>
  );
}
