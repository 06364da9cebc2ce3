/**
 * The load generator writes bookings as fast as it is told to: it must never be pointed at a real restaurant's
 * server by mistake, so it accepts loopback addresses only.
 */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Each URL normalised to its origin (`http://127.0.0.1:3000`); throws naming the first URL that is not loopback. */
export function assertLoopbackUrls(urls: readonly string[]): string[] {
  if (urls.length === 0) throw new Error("at least one --url is needed");
  return urls.map((raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`not a URL: ${raw}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`not an http(s) URL: ${raw}`);
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      throw new Error(
        `refusing to load ${raw}: only loopback addresses (127.0.0.1, localhost, ::1) may be targeted by the load generator`,
      );
    }
    return url.origin;
  });
}
