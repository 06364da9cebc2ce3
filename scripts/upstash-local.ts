import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { handleUpstashRequest } from "./upstash-local/handle-upstash-request";
import { RedisConnection } from "./upstash-local/redis-connection";

/**
 * `npm run upstash:local` — a local stand-in for Upstash Redis: speaks the Upstash REST protocol and forwards to
 * a real Redis, so the unmodified @upstash/redis and @upstash/ratelimit clients run in development and tests.
 * A dev/test tool, never a production path.
 *
 *   npm run upstash:local -- [--port 8079] [--token local-dev-token] [--redis-url redis://127.0.0.1:6379]
 *   export UPSTASH_REDIS_REST_URL=http://127.0.0.1:8079 UPSTASH_REDIS_REST_TOKEN=local-dev-token
 */
export type UpstashLocalOptions = {
  port?: number;
  host?: string;
  redisUrl?: string;
  token?: string;
  connectTimeoutMs?: number;
};
export type UpstashLocal = { url: string; port: number; token: string; close(): Promise<void> };

export const UPSTASH_LOCAL_DEFAULTS = {
  port: 8079,
  host: "127.0.0.1",
  redisUrl: "redis://127.0.0.1:6379",
  token: "local-dev-token",
} as const;

/** Starts the proxy in this process; `port: 0` picks a free port (tests). */
export async function startUpstashLocal(options: UpstashLocalOptions = {}): Promise<UpstashLocal> {
  const { port, host, redisUrl, token } = { ...UPSTASH_LOCAL_DEFAULTS, ...options };
  const redis = new RedisConnection({ url: redisUrl, connectTimeoutMs: options.connectTimeoutMs });
  const ctx = { redis, token, shas: new Map<string, string>() };
  let syncToken = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const response = await readBody(req).then(
      (body) => handleUpstashRequest({ path: url.pathname, headers: flattenHeaders(req), body }, ctx),
      (error: unknown) => ({ status: 400, body: { error: `ERR could not read request: ${String(error)}` } }),
    );
    syncToken += 1;
    res.writeHead(response.status, { "content-type": "application/json", "upstash-sync-token": String(syncToken) });
    res.end(JSON.stringify(response.body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    token,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // fetch keeps connections alive; without this close() would wait for them to idle out.
      server.closeAllConnections();
      await closed;
      await redis.close();
    },
  };
}

function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: String(UPSTASH_LOCAL_DEFAULTS.port) },
      token: { type: "string", default: UPSTASH_LOCAL_DEFAULTS.token },
      "redis-url": { type: "string" },
      host: { type: "string", default: UPSTASH_LOCAL_DEFAULTS.host },
    },
  });
  // A script, not app config: REDIS_URL is read here rather than through server/env.ts.
  const redisUrl = values["redis-url"] ?? process.env.REDIS_URL ?? UPSTASH_LOCAL_DEFAULTS.redisUrl;
  const proxy = await startUpstashLocal({
    port: Number(values.port),
    host: values.host,
    token: values.token,
    redisUrl,
  });
  const probe = await fetch(proxy.url, {
    method: "POST",
    headers: { authorization: `Bearer ${proxy.token}` },
    body: JSON.stringify(["PING"]),
  });
  if (!probe.ok) {
    console.error(`Redis at ${redisUrl} does not answer: ${await probe.text()}`);
    await proxy.close();
    process.exit(1);
  }
  console.log(`Upstash-compatible proxy on ${proxy.url} → ${redisUrl.replace(/\/\/[^@]*@/, "//***@")}`);
  console.log(`  export UPSTASH_REDIS_REST_URL=${proxy.url} UPSTASH_REDIS_REST_TOKEN=${proxy.token}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      proxy.close().finally(() => process.exit(0));
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
