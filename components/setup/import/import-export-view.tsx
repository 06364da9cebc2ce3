"use client";

import { useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, useId, useState } from "react";
import { useOpsLocation } from "@/components/ops/use-ops-location";
import { ApiProblem } from "@/components/ui/api-fetch";
import { STAFF_ROLE_RANK } from "@/server/auth/staff-session-types";
import {
  IMPORT_KINDS,
  MAX_IMPORT_BYTES,
  type TImportFormat,
  type TImportKind,
  type TImportRowError,
  type TImportSummary,
  ZImportSummarySchema,
} from "@/server/setup/import/import-schema";

const KIND_TEXT: Record<TImportKind, { label: string; help: string; plural: string }> = {
  zones: { label: "Zones", help: "name, colour and order of the rooms", plural: "zones" },
  tables: { label: "Tables", help: "label, zone, seats, position on the floor plan", plural: "tables" },
  adjacency: { label: "Links", help: "which tables can be pushed together", plural: "links" },
  bookings: { label: "Bookings", help: "guests, times, status and tables", plural: "bookings" },
};

const SAMPLES = ["zones.csv", "tables.csv", "adjacency.csv", "bookings.csv", "tables.json", "bookings.json"];

/** Import & export (manager+): a file (or pasted text) of one kind, checked then imported all or nothing. */
export function ImportExportView() {
  const { restaurant } = useOpsLocation();
  if (STAFF_ROLE_RANK[restaurant.role] < STAFF_ROLE_RANK.manager) {
    return (
      <div className="p-6">
        <h1 className="text-2xl font-bold">Import &amp; export</h1>
        <p className="mt-2 text-slate-700">Imports and exports are for a manager or owner of {restaurant.name}.</p>
      </div>
    );
  }
  return (
    <div className="mx-auto w-full max-w-5xl p-6">
      <h1 className="text-2xl font-bold text-slate-900">Import &amp; export</h1>
      <p className="mt-1 text-slate-700">
        Bring in your room and your bookings from a spreadsheet (CSV) or JSON, or take them out in the same columns. An
        import is all or nothing: one wrong line and nothing changes, and every wrong line is listed.
      </p>
      <ImportSection restaurantId={restaurant.restaurantId} />
      <ExportSection restaurantId={restaurant.restaurantId} />
    </div>
  );
}

type TOutcome =
  | { type: "summary"; summary: TImportSummary }
  | { type: "errors"; errors: TImportRowError[]; total: number; format: TImportFormat; detail: string }
  | { type: "problem"; message: string; hint: string };

function ImportSection({ restaurantId }: { restaurantId: string }) {
  const queryClient = useQueryClient();
  const ids = { file: useId(), paste: useId(), format: useId(), outcome: useId() };
  const [kind, setKind] = useState<TImportKind>("tables");
  const [format, setFormat] = useState<TImportFormat>("csv");
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState<"check" | "import" | null>(null);
  const [outcome, setOutcome] = useState<TOutcome | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setOutcome(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setOutcome({
        type: "problem",
        message: `${file.name} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
        hint: "Split it into several files (by date, for bookings) and import them one after the other.",
      });
      return;
    }
    setFileName(file.name);
    setFormat(file.name.toLowerCase().endsWith(".json") ? "json" : "csv");
    setText(await file.text());
  };

  const send = async (dryRun: boolean) => {
    setBusy(dryRun ? "check" : "import");
    setOutcome(null);
    try {
      const response = await fetch(
        `/api/ops/restaurants/${restaurantId}/import?kind=${kind}&format=${format}${dryRun ? "&dryRun=true" : ""}`,
        {
          method: "POST",
          headers: { "content-type": format === "json" ? "application/json" : "text/csv", accept: "application/json" },
          body: text,
        },
      );
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (!response.ok) {
        const problem = new ApiProblem(response.status, body);
        if (problem.code === "IMPORT_INVALID") {
          setOutcome({
            type: "errors",
            errors: (body.rowErrors as TImportRowError[]) ?? [],
            total: Number(body.totalErrors ?? 0),
            format,
            detail: problem.message,
          });
        } else setOutcome({ type: "problem", message: problem.message, hint: problem.hint });
        return;
      }
      const summary = ZImportSummarySchema.parse(body);
      setOutcome({ type: "summary", summary });
      // The result is said on the page (next to the buttons), not in a toast that vanishes.
      if (!dryRun) await queryClient.invalidateQueries();
    } catch {
      setOutcome({ type: "problem", message: "The server could not be reached.", hint: "Try again in a moment." });
    } finally {
      setBusy(null);
    }
  };

  const empty = text.trim() === "";
  return (
    <section aria-labelledby="import-heading" className="mt-6 rounded-lg border border-slate-300 bg-white p-5">
      <h2 id="import-heading" className="text-lg font-semibold text-slate-900">
        Import
      </h2>
      <fieldset className="mt-3">
        <legend className="text-sm font-semibold text-slate-800">What to import</legend>
        <div className="mt-2 grid grid-cols-2 gap-2 md:grid-cols-4">
          {IMPORT_KINDS.map((k) => (
            <label
              key={k}
              className={`flex cursor-pointer flex-col rounded border px-3 py-2 ${
                kind === k ? "border-blue-700 bg-blue-50" : "border-slate-300 hover:bg-slate-50"
              }`}
            >
              <span className="flex items-center justify-start gap-2 font-medium text-slate-900">
                <input
                  className="h-4 w-4 shrink-0"
                  type="radio"
                  name="import-kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k);
                    setOutcome(null);
                  }}
                />
                {KIND_TEXT[k].label}
              </span>
              <span className="text-xs text-slate-700">{KIND_TEXT[k].help}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {kind === "bookings" && (
        <p className="mt-2 text-sm text-slate-700">
          Import the tables first: a booking names its tables by label. Bookings without tables that have not started
          are assigned automatically; guests are not emailed.
        </p>
      )}

      <div className="mt-4 grid gap-4 md:grid-cols-[1fr_10rem]">
        <div>
          <label htmlFor={ids.file} className="block text-sm font-semibold text-slate-800">
            File
          </label>
          <input
            id={ids.file}
            type="file"
            accept=".csv,.json,.txt,text/csv,application/json"
            onChange={onFile}
            className="mt-1 block w-full text-sm text-slate-800 file:mr-3 file:rounded file:border file:border-slate-400 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium"
          />
          {fileName && <p className="mt-1 text-xs text-slate-700">Loaded {fileName}; you can edit it below.</p>}
        </div>
        <div>
          <label htmlFor={ids.format} className="block text-sm font-semibold text-slate-800">
            Format
          </label>
          <select
            id={ids.format}
            value={format}
            onChange={(e) => setFormat(e.target.value as TImportFormat)}
            className="mt-1 w-full rounded border border-slate-400 bg-white px-2 py-1.5"
          >
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </select>
        </div>
      </div>
      <label htmlFor={ids.paste} className="mt-4 block text-sm font-semibold text-slate-800">
        Or paste the file
      </label>
      <textarea
        id={ids.paste}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOutcome(null);
        }}
        rows={8}
        spellCheck={false}
        placeholder={
          format === "csv"
            ? "label,zone,capacity\nT1,Dining room,4"
            : '[{"label": "T1", "zone": "Dining room", "capacity": 4}]'
        }
        className="mt-1 w-full rounded border border-slate-400 p-2 font-mono text-sm"
        aria-describedby={outcome ? ids.outcome : undefined}
      />
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => send(true)}
          disabled={empty || busy !== null}
          className="rounded border border-slate-500 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100 disabled:opacity-50"
        >
          {busy === "check" ? "Checking…" : "Check file"}
        </button>
        <button
          type="button"
          onClick={() => send(false)}
          disabled={empty || busy !== null}
          className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-50"
        >
          {busy === "import" ? "Importing…" : "Import"}
        </button>
        <span className="text-sm text-slate-700">Sample files:</span>
        {SAMPLES.map((file) => (
          <a
            key={file}
            href={`/api/ops/restaurants/${restaurantId}/import/samples/${file}`}
            download={`maitre-sample-${file}`}
            className="text-sm text-blue-800 underline"
          >
            {file}
          </a>
        ))}
      </div>
      <div id={ids.outcome} aria-live="polite" className="mt-4">
        {outcome && <Outcome outcome={outcome} kind={kind} />}
      </div>
    </section>
  );
}

function Outcome({ outcome, kind }: { outcome: TOutcome; kind: TImportKind }) {
  if (outcome.type === "problem") {
    return (
      <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
        <p className="font-semibold">{outcome.message}</p>
        <p className="text-sm">{outcome.hint}</p>
      </div>
    );
  }
  if (outcome.type === "errors") {
    const unit = outcome.format === "json" ? "Item" : "Line";
    return (
      <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
        <p className="font-semibold">
          {outcome.detail}. Fix {outcome.total === 1 ? "this line" : "these lines"} and check the file again.
        </p>
        <ul aria-label="Errors in the file" className="mt-2 max-h-80 overflow-auto text-sm">
          {outcome.errors.map((e) => (
            <li key={`${e.line}-${e.field}-${e.message}`} className="border-t border-red-200 py-1 first:border-t-0">
              <span className="font-semibold tabular-nums">
                {e.line === 0 ? "File" : `${unit} ${e.line}`}
                {e.field ? ` · ${e.field}` : ""}
              </span>
              : {e.message}
            </li>
          ))}
        </ul>
        {outcome.total > outcome.errors.length && (
          <p className="mt-1 text-sm">… and {outcome.total - outcome.errors.length} more.</p>
        )}
      </div>
    );
  }
  const s = outcome.summary;
  const parts = [
    `${s.created} new`,
    ...(s.updated ? [`${s.updated} updated`] : []),
    ...(s.unchanged ? [`${s.unchanged} unchanged`] : []),
  ];
  return (
    <div role="status" className="rounded border border-green-300 bg-green-50 p-3 text-green-950">
      <p className="font-semibold">
        {s.dryRun ? "The file is fine: nothing was imported yet." : "Imported."} {s.rows} {KIND_TEXT[kind].plural}:{" "}
        {parts.join(", ")}.
      </p>
      {s.zonesCreated && s.zonesCreated.length > 0 && (
        <p className="text-sm">New zones: {s.zonesCreated.join(", ")}.</p>
      )}
      {s.byStatus && (
        <p className="text-sm">
          By status:{" "}
          {Object.entries(s.byStatus)
            .map(([status, n]) => `${status.replaceAll("_", " ")} ${n}`)
            .join(", ")}
          .
        </p>
      )}
      {!!s.waitingForTables && (
        <p className="text-sm">{s.waitingForTables} without tables will be assigned automatically.</p>
      )}
      {!!s.sentToReview && <p className="text-sm">{s.sentToReview} without tables are in Manual review.</p>}
      {s.renamedReferences && s.renamedReferences.length > 0 && (
        <p className="text-sm">
          {s.renamedReferences.length} reference(s) belonged to another restaurant and were replaced (e.g. line{" "}
          {s.renamedReferences[0]?.line}: {s.renamedReferences[0]?.from} → {s.renamedReferences[0]?.to}).
        </p>
      )}
    </div>
  );
}

function ExportSection({ restaurantId }: { restaurantId: string }) {
  const ids = { format: useId(), from: useId(), to: useId() };
  const [format, setFormat] = useState<TImportFormat>("csv");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const href = (kind: TImportKind) => {
    const params = new URLSearchParams({ kind, format });
    if (kind === "bookings" && from) params.set("from", from);
    if (kind === "bookings" && to) params.set("to", to);
    return `/api/ops/restaurants/${restaurantId}/export?${params}`;
  };
  return (
    <section aria-labelledby="export-heading" className="mt-6 rounded-lg border border-slate-300 bg-white p-5">
      <h2 id="export-heading" className="text-lg font-semibold text-slate-900">
        Export
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        The same columns as the import, so an export imports again as it is (into this restaurant or another).
      </p>
      <div className="mt-3 flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor={ids.format} className="block text-sm font-semibold text-slate-800">
            Export format
          </label>
          <select
            id={ids.format}
            value={format}
            onChange={(e) => setFormat(e.target.value as TImportFormat)}
            className="mt-1 rounded border border-slate-400 bg-white px-2 py-1.5"
          >
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </select>
        </div>
        <div>
          <label htmlFor={ids.from} className="block text-sm font-semibold text-slate-800">
            Bookings from
          </label>
          <input
            id={ids.from}
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            className="mt-1 rounded border border-slate-400 px-2 py-1"
          />
        </div>
        <div>
          <label htmlFor={ids.to} className="block text-sm font-semibold text-slate-800">
            Bookings until
          </label>
          <input
            id={ids.to}
            type="date"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            className="mt-1 rounded border border-slate-400 px-2 py-1"
          />
        </div>
      </div>
      <div className="mt-4 flex flex-wrap gap-3">
        {IMPORT_KINDS.map((kind) => (
          <a
            key={kind}
            href={href(kind)}
            download
            className="rounded border border-slate-500 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100"
          >
            Export {KIND_TEXT[kind].plural}
          </a>
        ))}
      </div>
      <p className="mt-2 text-xs text-slate-700">Without dates, every booking is exported.</p>
    </section>
  );
}
