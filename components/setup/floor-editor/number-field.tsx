"use client";

import { useEffect, useId, useState } from "react";

/**
 * A labelled whole-number field that lets the user clear it and type: the draft changes only on a valid number in
 * range; otherwise the field says what it needs, in words, beside it.
 */
export function NumberField({
  label,
  value,
  min,
  max,
  step = 1,
  unit,
  onValue,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  unit?: string;
  onValue: (value: number) => void;
}) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((current) => (Number(current) === value && current.trim() !== "" ? current : String(value)));
  }, [value]);
  const parsed = Number(text);
  const valid = text.trim() !== "" && Number.isFinite(parsed) && parsed >= min && parsed <= max;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
        {unit && <span className="font-normal text-slate-600"> ({unit})</span>}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={step}
        value={text}
        aria-invalid={!valid}
        aria-describedby={valid ? undefined : `${id}-error`}
        onChange={(event) => {
          setText(event.target.value);
          const next = Number(event.target.value);
          if (event.target.value.trim() !== "" && Number.isFinite(next) && next >= min && next <= max) onValue(next);
        }}
        className="h-10 w-full rounded-md border border-slate-400 px-2 text-base tabular-nums aria-[invalid=true]:border-red-600"
      />
      {!valid && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          Enter a number from {min} to {max}.
        </p>
      )}
    </div>
  );
}
