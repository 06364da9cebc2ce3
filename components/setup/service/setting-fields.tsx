"use client";

import { type ReactNode, useId } from "react";

/** Field errors by path (`periods.0.closesAt`), as checkServiceSettings and the API's 422 name them. */
export type TFieldErrors = ReadonlyMap<string, string>;

export function errorsByPath(errors: ReadonlyArray<{ path: string; message: string }> | undefined): TFieldErrors {
  const map = new Map<string, string>();
  for (const e of errors ?? []) {
    // A 400 from the route's parser names `body.…`; the page's own paths do not.
    const path = e.path.replace(/^body\./, "");
    if (!map.has(path)) map.set(path, e.message);
  }
  return map;
}

const inputClass =
  "h-10 w-full rounded-md border border-slate-400 bg-white px-2 text-base tabular-nums aria-[invalid=true]:border-red-600 aria-[invalid=true]:bg-red-50";

/** A labelled input with its one-line explanation and, when it has one, its error in words right under it. */
export function SettingField({
  label,
  explain,
  error,
  className = "",
  children,
}: {
  label: string;
  explain?: string;
  error?: string;
  className?: string;
  children: (props: {
    id: string;
    "aria-invalid": boolean;
    "aria-describedby"?: string;
    className: string;
  }) => ReactNode;
}) {
  const id = useId();
  const describedBy = [explain ? `${id}-explain` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-semibold text-slate-800">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": Boolean(error),
        "aria-describedby": describedBy || undefined,
        className: inputClass,
      })}
      {explain && (
        <p id={`${id}-explain`} className="text-xs text-slate-600">
          {explain}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** A checkbox with its label and a one-line explanation. */
export function CheckField({
  label,
  explain,
  checked,
  onChange,
}: {
  label: string;
  explain: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-explain`}
        className="mt-1 size-5"
      />
      <div>
        <label htmlFor={id} className="text-sm font-semibold text-slate-800">
          {label}
        </label>
        <p id={`${id}-explain`} className="text-xs text-slate-600">
          {explain}
        </p>
      </div>
    </div>
  );
}

/** A section's footer: its one Save button, and what the last save said. */
export function SaveBar({
  pending,
  dirty,
  message,
  label = "Save changes",
  idleText = "No unsaved changes",
}: {
  pending: boolean;
  dirty: boolean;
  message?: string | null;
  label?: string;
  /** Said beside the disabled button when there is nothing to send. */
  idleText?: string;
}) {
  return (
    <div className="mt-4 flex flex-wrap items-center gap-4 border-t border-slate-200 pt-4">
      <button
        type="submit"
        disabled={pending || !dirty}
        className="rounded-md bg-blue-700 px-5 py-2 text-base font-semibold text-white hover:bg-blue-800 disabled:bg-slate-400"
      >
        {pending ? "Saving…" : label}
      </button>
      {!dirty && !pending && <span className="text-sm text-slate-600">{idleText}</span>}
      {message && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {message}
        </p>
      )}
    </div>
  );
}

/** A section of the page: a card with its heading and a one-line purpose. */
export function SettingsSection({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="mt-6 rounded-lg border border-slate-300 bg-white p-5">
      <h2 id={`${id}-heading`} className="text-xl font-bold text-slate-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{intro}</p>
      {children}
    </section>
  );
}
