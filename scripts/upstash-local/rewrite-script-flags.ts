import { createHash } from "node:crypto";

const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);

/**
 * @upstash/ratelimit's Lua scripts start with `#!lua flags=allow-key-locking`, a flag only Upstash knows; Redis 7
 * rejects the whole script ("Unexpected flag in script shebang"). Drop Upstash-only flags; when none remain,
 * blank the shebang line (keeping line numbers in Redis error messages).
 */
export function stripUpstashScriptFlags(script: string): string {
  const newline = script.indexOf("\n");
  const firstLine = newline === -1 ? script : script.slice(0, newline);
  const rest = newline === -1 ? "" : script.slice(newline);
  const match = /^#!lua(?:\s+flags=(\S*))?\s*$/.exec(firstLine);
  if (!match?.[1]) return script;
  const flags = match[1].split(",").filter((flag) => flag !== "");
  const kept = flags.filter((flag) => !UPSTASH_ONLY_FLAGS.has(flag));
  if (kept.length === flags.length) return script;
  return kept.length === 0 ? rest : `#!lua flags=${kept.join(",")}${rest}`;
}

export function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

export type ScriptShaMap = Map<string, string>;

/**
 * Clients call EVALSHA with the SHA-1 of the script text THEY know (@upstash/ratelimit even ships precomputed
 * hashes), but Redis only knows the rewritten text. Remember original → rewritten so EVALSHA finds the script
 * instead of paying a NOSCRIPT round trip on every call; SCRIPT LOAD answers with the original's hash.
 */
export function rewriteScriptCommand(
  args: string[],
  shas: ScriptShaMap,
): { args: string[]; mapResult?: (result: unknown) => unknown } {
  const name = args[0]?.toUpperCase();
  if ((name === "EVAL" || name === "EVAL_RO") && args[1] !== undefined) {
    return { args: [args[0] ?? name, remember(args[1], shas), ...args.slice(2)] };
  }
  if ((name === "EVALSHA" || name === "EVALSHA_RO") && args[1] !== undefined) {
    const mapped = shas.get(args[1].toLowerCase());
    return mapped ? { args: [args[0] ?? name, mapped, ...args.slice(2)] } : { args };
  }
  if (name === "SCRIPT" && args[1]?.toUpperCase() === "LOAD" && args[2] !== undefined) {
    const original = args[2];
    const rewritten = remember(original, shas);
    if (rewritten === original) return { args };
    return { args: [args[0] ?? name, args[1], rewritten], mapResult: () => sha1(original) };
  }
  return { args };
}

function remember(script: string, shas: ScriptShaMap): string {
  const rewritten = stripUpstashScriptFlags(script);
  if (rewritten !== script) shas.set(sha1(script), sha1(rewritten));
  return rewritten;
}
