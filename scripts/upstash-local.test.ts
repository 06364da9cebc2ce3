import { describe, expect, it } from "vitest";
import { encodeUpstashResult, toRedisArgs } from "./upstash-local/encode-upstash-result";
import { encodeCommand, RespError, RespParser } from "./upstash-local/resp";
import { rewriteScriptCommand, sha1, stripUpstashScriptFlags } from "./upstash-local/rewrite-script-flags";

describe("RESP codec", () => {
  it("encodes a command as an array of bulk strings, byte lengths not character lengths", () => {
    expect(encodeCommand(["SET", "k", "é"]).toString("utf8")).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n");
  });

  it("parses every reply type, including replies split across chunks", () => {
    const wire = "+OK\r\n-ERR wrong\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n*3\r\n:1\r\n*1\r\n$0\r\n\r\n$-1\r\n";
    const parser = new RespParser();
    const bytes = Buffer.from(wire);
    const values = [];
    // One byte at a time: the worst case for a streaming parser.
    for (let i = 0; i < bytes.length; i++) values.push(...parser.push(bytes.subarray(i, i + 1)));
    expect(values).toHaveLength(7);
    expect(values[0]).toBe("OK");
    expect(values[1]).toEqual(new RespError("ERR wrong"));
    expect(values[2]).toBe(42);
    expect(values[3]).toEqual(Buffer.from("hello"));
    expect(values[4]).toBeNull();
    expect(values[5]).toBeNull();
    expect(values[6]).toEqual([1, [Buffer.alloc(0)], null]);
  });

  it("keeps bulk strings binary-safe (CRLF inside a value)", () => {
    const [value] = new RespParser().push(Buffer.from("$4\r\na\r\nb\r\n"));
    expect(value).toEqual(Buffer.from("a\r\nb"));
  });
});

describe("Upstash-only script flags", () => {
  const body = "\n  return redis.call('GET', KEYS[1])\n";

  it.each([
    ["drops the shebang when allow-key-locking was its only flag", `#!lua flags=allow-key-locking${body}`, body],
    ["keeps the other flags", `#!lua flags=no-writes,allow-key-locking${body}`, `#!lua flags=no-writes${body}`],
    ["leaves scripts without the flag alone", `#!lua flags=no-writes${body}`, `#!lua flags=no-writes${body}`],
    ["leaves scripts without a shebang alone", `return 1${body}`, `return 1${body}`],
  ])("%s", (_name, script, expected) => {
    expect(stripUpstashScriptFlags(script)).toBe(expected);
  });

  it("maps the client's hash to the rewritten script's hash for EVALSHA and SCRIPT LOAD", () => {
    const shas = new Map<string, string>();
    const script = `#!lua flags=allow-key-locking${body}`;
    const evaluated = rewriteScriptCommand(["EVAL", script, "1", "k"], shas);
    expect(evaluated.args).toEqual(["EVAL", body, "1", "k"]);
    expect(rewriteScriptCommand(["evalsha", sha1(script), "1", "k"], shas).args).toEqual([
      "evalsha",
      sha1(body),
      "1",
      "k",
    ]);
    const loaded = rewriteScriptCommand(["SCRIPT", "LOAD", script], shas);
    expect(loaded.args).toEqual(["SCRIPT", "LOAD", body]);
    expect(loaded.mapResult?.(Buffer.from(sha1(body)))).toBe(sha1(script));
    expect(rewriteScriptCommand(["EVALSHA", "unknown", "0"], shas).args).toEqual(["EVALSHA", "unknown", "0"]);
  });
});

describe("Upstash REST encoding", () => {
  it("base64-encodes strings except the simple string OK; numbers and nulls stay", () => {
    const reply = [Buffer.from("héllo"), "PONG", "OK", 7, null, new RespError("ERR x")];
    expect(encodeUpstashResult(reply, true)).toEqual([
      Buffer.from("héllo").toString("base64"),
      Buffer.from("PONG").toString("base64"),
      "OK",
      7,
      null,
      "ERR x",
    ]);
    expect(encodeUpstashResult(reply, false)).toEqual(["héllo", "PONG", "OK", 7, null, "ERR x"]);
  });

  it("turns JSON arguments into Redis arguments", () => {
    expect(toRedisArgs(["SET", "k", 1, true, null, { a: 1 }])).toEqual(["SET", "k", "1", "true", "null", '{"a":1}']);
    expect(toRedisArgs([])).toBeUndefined();
    expect(toRedisArgs("GET k")).toBeUndefined();
  });
});
