import http from "node:http";

/** One answer read to its last byte. */
export type THttpAnswer = { status: number; headers: Headers; text: string };

/**
 * One request over node:http (with a keep-alive agent): the load tools' client. Lighter than fetch (undici) — on two
 * shared cores the load generator's own CPU is taken from the server it measures (measured: node:http took enough CPU
 * off the cores to lower every p95 of bench:api by 15–25 %). No Accept-Encoding: answers come uncompressed. Rejects on
 * a connection error or when `signal` aborts (with the signal's reason), the request then destroyed.
 */
export function nodeHttpRequest(
  url: string,
  {
    method = "GET",
    headers = {},
    body,
    agent,
    signal,
  }: { method?: string; headers?: Record<string, string>; body?: string; agent: http.Agent; signal?: AbortSignal },
): Promise<THttpAnswer> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const target = new URL(url);
    const request = http.request(
      {
        host: target.hostname.replace(/^\[|\]$/g, ""),
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method,
        agent,
        headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          signal?.removeEventListener("abort", onAbort);
          const answerHeaders = new Headers();
          const raw = response.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) answerHeaders.append(raw[i] as string, raw[i + 1] as string);
          resolve({
            status: response.statusCode ?? 0,
            headers: answerHeaders,
            text: Buffer.concat(chunks).toString("utf8"),
          });
        });
        response.on("error", fail);
      },
    );
    function fail(error: unknown) {
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    }
    function onAbort() {
      request.destroy();
      reject(signal?.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    request.on("error", fail);
    request.end(body);
  });
}
