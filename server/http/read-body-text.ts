import { DomainError } from "@/server/errors/domain-error";

/**
 * The request body as text, refusing with PAYLOAD_TOO_LARGE as soon as it passes `maxBytes`: a declared
 * Content-Length over the limit is refused before a byte is read, and a chunked or lying body is cut off while
 * streaming, so an oversized body never sits in memory whole.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw clientWentAway();
    });
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * The client closed the connection before its body arrived (a timeout on its side, a dropped phone). Its socket's
 * ECONNRESET must not read as a database outage (it would count against the database's circuit breaker and turn
 * everyone's requests into 503s under load): a 400 nobody will read, and nothing was written. The socket error is
 * deliberately not kept as the cause, since the breaker looks down the cause chain.
 */
function clientWentAway(): DomainError {
  return new DomainError("VALIDATION_FAILED", "the client closed the connection before the body arrived", {
    errors: [{ path: "body", message: "incomplete: the connection closed while it was being read" }],
  });
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError("PAYLOAD_TOO_LARGE", `the body is larger than ${maxBytes} bytes`, {
    meta: { limitBytes: maxBytes },
  });
}
