/**
 * The caller's network address as the nearest proxy reports it: the last X-Forwarded-For entry (each proxy
 * appends the address it received from), else X-Real-IP, else "unknown". Next.js fills X-Forwarded-For with the
 * socket's address only when the header is absent, so a server exposed without a proxy in front trusts what the
 * client sends: production runs behind one (Vercel, a load balancer, nginx), which sets the header itself.
 */
export function clientAddressOf(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  if (last) return last;
  return headers.get("x-real-ip")?.trim() || "unknown";
}
