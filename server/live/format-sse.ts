/**
 * Server-Sent Events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html): fields one per
 * line, a blank line ends the message. Data with line breaks becomes several `data:` lines (the client joins
 * them with "\n"); ids and names must be single-line, so line breaks are refused there rather than smuggled.
 */
export function formatSseEvent({ id, event, data }: { id?: string; event?: string; data: string }): string {
  let frame = "";
  if (id !== undefined) frame += `id: ${singleLine(id, "id")}\n`;
  if (event !== undefined) frame += `event: ${singleLine(event, "event")}\n`;
  for (const line of data.split(/\r\n|\r|\n/)) frame += `data: ${line}\n`;
  return `${frame}\n`;
}

/** A comment: ignored by EventSource, but it keeps proxies and load balancers from closing an idle stream. */
export function formatSseComment(text: string): string {
  return `: ${singleLine(text, "comment")}\n\n`;
}

/**
 * A bare id: dispatches no event, but EventSource still records it as the last event id (the spec sets it before
 * discarding a message without data), so it sends it back as Last-Event-ID when it reconnects.
 */
export function formatSseId(id: string): string {
  return `id: ${singleLine(id, "id")}\n\n`;
}

/** How long EventSource waits before reconnecting after the stream drops. */
export function formatSseRetry(milliseconds: number): string {
  return `retry: ${Math.max(0, Math.round(milliseconds))}\n\n`;
}

function singleLine(value: string, field: string): string {
  if (/[\r\n]/.test(value)) throw new RangeError(`an SSE ${field} cannot contain a line break`);
  return value;
}
