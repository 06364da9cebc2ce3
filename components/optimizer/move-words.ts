import type { TOptimizerRunMove } from "@/server/optimizer/optimizer-run-schema";
import { formatTime } from "../ui/time";

const names = (tables: TOptimizerRunMove["toTables"]) => tables.map((t) => t.name).join("+");

/** A move in words: who, how many, when, from which tables to which (a booking without tables "gets" some). */
export function moveWords(move: TOptimizerRunMove, timezone: string) {
  const time =
    move.startsAt && move.endsAt ? `${formatTime(move.startsAt, timezone)}–${formatTime(move.endsAt, timezone)}` : "";
  const tables =
    move.change === "moved"
      ? `from ${names(move.fromTables)} to ${names(move.toTables)}`
      : `seated at ${names(move.toTables)} (now without a table)`;
  return { time, tables, to: names(move.toTables), from: names(move.fromTables) };
}
