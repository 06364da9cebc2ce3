import { describe, expect, it } from "vitest";
import { formatSseComment, formatSseEvent, formatSseId, formatSseRetry } from "./format-sse";

describe("formatSseEvent", () => {
  it("writes id, event and data lines and ends the message with a blank line", () => {
    expect(formatSseEvent({ id: "42", event: "booking", data: '{"change":"created"}' })).toBe(
      'id: 42\nevent: booking\ndata: {"change":"created"}\n\n',
    );
  });

  it("omits the id and event when not given", () => {
    expect(formatSseEvent({ data: "x" })).toBe("data: x\n\n");
  });

  it("splits multi-line data into one data line each (CRLF, CR and LF)", () => {
    expect(formatSseEvent({ data: "a\nb\r\nc\rd" })).toBe("data: a\ndata: b\ndata: c\ndata: d\n\n");
  });

  it("refuses a line break in an id or event name (it would forge fields)", () => {
    expect(() => formatSseEvent({ id: "1\ndata: forged", data: "x" })).toThrow(RangeError);
    expect(() => formatSseEvent({ event: "a\rb", data: "x" })).toThrow(RangeError);
  });
});

describe("formatSseComment and formatSseRetry", () => {
  it("writes a comment line and a retry field", () => {
    expect(formatSseComment("keep-alive")).toBe(": keep-alive\n\n");
    expect(formatSseRetry(2500.4)).toBe("retry: 2500\n\n");
    expect(() => formatSseComment("a\nb")).toThrow(RangeError);
  });

  it("writes a bare id (no data: EventSource records it without dispatching an event)", () => {
    expect(formatSseId("17")).toBe("id: 17\n\n");
  });
});
