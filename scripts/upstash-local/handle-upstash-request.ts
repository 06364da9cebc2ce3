import { timingSafeEqual } from "node:crypto";
import { encodeUpstashResult, toRedisArgs, type UpstashJson } from "./encode-upstash-result";
import type { RedisConnection } from "./redis-connection";
import { RespError, type RespValue } from "./resp";
import { rewriteScriptCommand, type ScriptShaMap } from "./rewrite-script-flags";

export type UpstashRequest = {
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
};
export type UpstashResponse = { status: number; body: unknown };
export type UpstashContext = { redis: RedisConnection; token: string; shas: ScriptShaMap };

type Item = { result: UpstashJson } | { error: string };
type Prepared = { args: string[]; mapResult?: (result: unknown) => unknown };

/**
 * The Upstash REST protocol as @upstash/redis 1.x speaks it: POST `/` with one command as a JSON array,
 * `/pipeline` and `/multi-exec` with an array of commands (answered with an array of `{result}`/`{error}`),
 * and the path form `/set/key/value`. One failed command is HTTP 400 `{error}`; a bad token is 401.
 */
export async function handleUpstashRequest(req: UpstashRequest, ctx: UpstashContext): Promise<UpstashResponse> {
  if (!isAuthorized(req.headers.authorization, ctx.token)) return { status: 401, body: { error: "Unauthorized" } };
  const base64 = req.headers["upstash-encoding"]?.toLowerCase() === "base64";
  const path = req.path.replace(/\/+$/, "") || "/";
  const parsed = parseBody(req.body);
  try {
    if (path === "/pipeline" || path === "/multi-exec") {
      const commands = Array.isArray(parsed) ? parsed.map(toRedisArgs) : undefined;
      if (!commands?.length || commands.some((c) => c === undefined)) return badRequest("ERR invalid pipeline body");
      const prepared = (commands as string[][]).map((args) => rewriteScriptCommand(args, ctx.shas));
      return path === "/pipeline" ? await runPipeline(prepared, ctx, base64) : await runMulti(prepared, ctx, base64);
    }
    const args = path === "/" ? toRedisArgs(parsed) : pathCommand(path, req.body);
    if (!args) return badRequest("ERR invalid command");
    const prepared = rewriteScriptCommand(args, ctx.shas);
    const [reply] = await ctx.redis.send([prepared.args]);
    const item = toItem(reply ?? null, prepared, base64);
    return "error" in item ? { status: 400, body: item } : { status: 200, body: item };
  } catch (error) {
    return { status: 502, body: { error: `ERR redis unavailable: ${(error as Error).message}` } };
  }
}

async function runPipeline(prepared: Prepared[], ctx: UpstashContext, base64: boolean): Promise<UpstashResponse> {
  const replies = await ctx.redis.send(prepared.map((p) => p.args));
  return { status: 200, body: replies.map((reply, i) => toItem(reply, prepared[i], base64)) };
}

async function runMulti(prepared: Prepared[], ctx: UpstashContext, base64: boolean): Promise<UpstashResponse> {
  const replies = await ctx.redis.send([["MULTI"], ...prepared.map((p) => p.args), ["EXEC"]]);
  const exec = replies.at(-1);
  if (exec instanceof RespError) {
    const queueError = replies.slice(1, -1).find((r) => r instanceof RespError);
    const detail = queueError instanceof RespError ? `: ${queueError.message}` : "";
    return badRequest(`${exec.message}${detail}`);
  }
  if (!Array.isArray(exec)) return badRequest("ERR transaction aborted");
  return { status: 200, body: exec.map((reply, i) => toItem(reply, prepared[i], base64)) };
}

function toItem(reply: RespValue, prepared: Prepared | undefined, base64: boolean): Item {
  if (reply instanceof RespError) return { error: reply.message };
  const mapped = prepared?.mapResult ? (prepared.mapResult(reply) as RespValue) : reply;
  return { result: encodeUpstashResult(mapped, base64) };
}

/** `/set/key/value` → ["set", "key", "value"]; a POST body becomes the last argument. */
function pathCommand(path: string, body: string): string[] | undefined {
  const args = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (body !== "") args.push(body);
  return args.length > 0 ? args : undefined;
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function isAuthorized(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function badRequest(error: string): UpstashResponse {
  return { status: 400, body: { error } };
}
