import type { TOptimizerRunMove } from "@/server/optimizer/optimizer-run-schema";
import { moveWords } from "./move-words";

/** The plan's moves, each with a checkbox (a manager may leave some out), in words a host reads aloud. */
export function MoveList({
  moves,
  timezone,
  selected,
  onToggle,
  onAll,
  disabled,
  applied,
}: {
  moves: readonly TOptimizerRunMove[];
  timezone: string;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onAll: (all: boolean) => void;
  disabled: boolean;
  applied: boolean;
}) {
  return (
    <fieldset className="min-w-0 rounded-md border border-slate-300 p-3" disabled={disabled}>
      <legend className="px-1 text-base font-semibold text-slate-900">
        {applied
          ? `Moves applied (${selected.size} of ${moves.length})`
          : `Moves (${selected.size} of ${moves.length} selected)`}
      </legend>
      <div className={applied ? "hidden" : "mb-2 flex gap-2"}>
        <button type="button" className={SMALL} onClick={() => onAll(true)}>
          Select all
        </button>
        <button type="button" className={SMALL} onClick={() => onAll(false)}>
          Select none
        </button>
      </div>
      <ul className="m-0 flex list-none flex-col gap-1 p-0">
        {moves.map((move) => {
          const words = moveWords(move, timezone);
          return (
            <li key={move.id}>
              <label className="flex cursor-pointer items-start gap-3 rounded px-2 py-1.5 hover:bg-slate-50">
                <input
                  type="checkbox"
                  className="mt-1 size-5 shrink-0 accent-violet-700"
                  checked={selected.has(move.id)}
                  onChange={() => onToggle(move.id)}
                />
                <span className="min-w-0 text-base leading-snug">
                  <span className="font-semibold text-slate-900">{move.guestName}</span>
                  <span className="text-slate-800">
                    {" "}
                    · party of {move.partySize} · <span className="tabular-nums">{words.time}</span> ·{" "}
                  </span>
                  <span className="font-semibold text-violet-900">{words.tables}</span>
                  <span className="text-sm text-slate-700"> · ref {move.reference}</span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

const SMALL =
  "rounded border border-slate-400 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700";
