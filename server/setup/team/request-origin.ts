/**
 * The origin the browser addressed (behind a proxy the forwarded one): where links in emails must point. Not
 * request.url's, which Next.js builds from its own configured hostname.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host =
    request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || url.host;
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(":", "");
  return `${proto}://${host}`;
}
