"use client";

import { useId } from "react";
import type { TFloorTable, TFloorZone } from "@/server/setup/floor/floor-plan-schema";
import { NumberField } from "./number-field";

const cm = (metres: number) => Math.round(metres * 100);

/** The selected table's fields: name, seats, min party, zone, shape, size, rotation and its three switches. */
export function TablePanel({
  table,
  zones,
  onChange,
  onRemove,
  onClose,
}: {
  table: TFloorTable;
  zones: readonly TFloorZone[];
  onChange: (patch: Partial<TFloorTable>) => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`} className="rounded-lg border border-slate-300 bg-white p-4">
      <div className="flex items-center justify-between gap-2">
        <h2 id={`${id}-h`} className="text-lg font-semibold text-slate-900">
          Table {table.label}
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
        >
          Close
        </button>
      </div>
      <div className="mt-3 grid grid-cols-2 gap-3">
        <div className="col-span-2 flex flex-col gap-1">
          <label htmlFor={`${id}-name`} className="text-sm font-medium text-slate-800">
            Name
          </label>
          <input
            id={`${id}-name`}
            value={table.label}
            maxLength={40}
            onChange={(event) => onChange({ label: event.target.value })}
            className="h-10 rounded-md border border-slate-400 px-2 text-base"
          />
          {table.label.trim() === "" && <p className="text-sm text-red-700">A table needs a name.</p>}
        </div>
        <NumberField
          label="Seats"
          value={table.capacity}
          min={1}
          max={40}
          onValue={(capacity) => onChange({ capacity })}
        />
        <NumberField
          label="Min party"
          value={table.minParty}
          min={1}
          max={40}
          onValue={(minParty) => onChange({ minParty })}
        />
        {table.minParty > table.capacity && (
          <p className="col-span-2 text-sm text-red-700">Min party cannot be more than the seats.</p>
        )}
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-zone`} className="text-sm font-medium text-slate-800">
            Zone
          </label>
          <select
            id={`${id}-zone`}
            value={table.zoneId}
            onChange={(event) => onChange({ zoneId: event.target.value })}
            className="h-10 rounded-md border border-slate-400 bg-white px-2 text-base"
          >
            {zones.map((z) => (
              <option key={z.id} value={z.id}>
                {z.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-shape`} className="text-sm font-medium text-slate-800">
            Shape
          </label>
          <select
            id={`${id}-shape`}
            value={table.shape}
            onChange={(event) => onChange({ shape: event.target.value === "round" ? "round" : "rect" })}
            className="h-10 rounded-md border border-slate-400 bg-white px-2 text-base"
          >
            <option value="rect">Rectangle</option>
            <option value="round">Round</option>
          </select>
        </div>
        <NumberField
          label="Width"
          unit="cm"
          value={cm(table.width)}
          min={30}
          max={1000}
          step={10}
          onValue={(width) => onChange({ width: width / 100 })}
        />
        <NumberField
          label="Height"
          unit="cm"
          value={cm(table.height)}
          min={30}
          max={1000}
          step={10}
          onValue={(height) => onChange({ height: height / 100 })}
        />
        <NumberField
          label="Rotation"
          unit="degrees"
          value={table.rotation}
          min={0}
          max={359}
          step={15}
          onValue={(rotation) => onChange({ rotation })}
        />
      </div>
      <fieldset className="mt-4 flex flex-col gap-2">
        <legend className="sr-only">Table options</legend>
        <Switch
          label="Mergeable"
          hint="may be pushed together with linked tables"
          checked={table.mergeable}
          onChange={(mergeable) => onChange({ mergeable })}
        />
        <Switch
          label="Bookable online"
          hint="guests booking online may get it"
          checked={table.onlineBookable}
          onChange={(onlineBookable) => onChange({ onlineBookable })}
        />
        <Switch
          label="In service"
          hint="off: kept on the plan, never booked"
          checked={table.active}
          onChange={(active) => onChange({ active })}
        />
      </fieldset>
      <button
        type="button"
        onClick={onRemove}
        className="mt-4 rounded-md border border-red-300 px-3 py-2 text-sm font-semibold text-red-800 hover:bg-red-50"
      >
        Delete table {table.label}
      </button>
    </section>
  );
}

function Switch({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string;
  hint: string;
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
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={`${id}-hint`}
        className="mt-0.5 size-5 accent-slate-800"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-900">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      </div>
    </div>
  );
}
