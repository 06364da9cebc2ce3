/** One Server-Sent Events message as a client parses it: fields, or a comment line. */
export type TSseMessage = { id?: string; event?: string; data?: string; comment?: string; retry?: string };

/**
 * Test reader of a text/event-stream body: `waitFor(predicate)` waits (up to `timeoutMs`) for the first message
 * received that matches (from the start of the stream), returning it and everything received before it; `ended`
 * resolves when the server closes the stream.
 */
export function readSse(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const received: TSseMessage[] = [];
  let buffer = "";
  let done = false;
  let wake: (() => void) | undefined;

  const pump = (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          received.push(parseMessage(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
        wake?.();
      }
    } catch {
      // The request was aborted: the body errors or ends; either way the stream is over.
    } finally {
      done = true;
      wake?.();
    }
  })();

  return {
    /** Everything received so far, from the start. */
    received,
    async waitFor(
      predicate: (message: TSseMessage) => boolean,
      timeoutMs = 5_000,
    ): Promise<{ message: TSseMessage; before: TSseMessage[] }> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = received.findIndex(predicate);
        if (index !== -1) return { message: received[index] as TSseMessage, before: received.slice(0, index) };
        if (done) throw new Error(`stream ended; received ${JSON.stringify(received)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out; received ${JSON.stringify(received)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 100));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    ended: pump,
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

function parseMessage(block: string): TSseMessage {
  const message: TSseMessage = {};
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) {
      message.comment = line.slice(1).trim();
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "data") message.data = message.data === undefined ? value : `${message.data}\n${value}`;
    else if (field === "id" || field === "event" || field === "retry") message[field] = value;
  }
  return message;
}
