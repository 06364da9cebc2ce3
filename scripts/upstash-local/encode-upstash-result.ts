import { RespError, type RespValue } from "./resp";

export type UpstashJson = string | number | null | UpstashJson[];

/**
 * Redis reply → Upstash REST JSON. With `Upstash-Encoding: base64` (what @upstash/redis sends by default) every
 * string is base64, except the simple string "OK", which the client expects verbatim; integers stay numbers.
 * Errors nested in arrays (EVAL can return them) become their message.
 */
export function encodeUpstashResult(value: RespValue, base64: boolean): UpstashJson {
  if (value === null || typeof value === "number") return value;
  if (value instanceof RespError) return value.message;
  if (Array.isArray(value)) return value.map((item) => encodeUpstashResult(item, base64));
  if (typeof value === "string") {
    return base64 && value !== "OK" ? Buffer.from(value, "utf8").toString("base64") : value;
  }
  return base64 ? value.toString("base64") : value.toString("utf8");
}

/** JSON command arguments → Redis arguments (Upstash accepts numbers and booleans as well as strings). */
export function toRedisArgs(command: unknown): string[] | undefined {
  if (!Array.isArray(command) || command.length === 0) return undefined;
  return command.map((arg: unknown) => (typeof arg === "string" ? arg : JSON.stringify(arg)));
}
