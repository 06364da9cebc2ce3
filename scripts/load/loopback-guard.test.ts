import { describe, expect, it } from "vitest";
import { assertLoopbackUrls } from "./loopback-guard";

describe("assertLoopbackUrls", () => {
  it("accepts 127.0.0.1, localhost and ::1 and returns their origins", () => {
    expect(assertLoopbackUrls(["http://127.0.0.1:3000/", "http://localhost:3001/x", "http://[::1]:3002"])).toEqual([
      "http://127.0.0.1:3000",
      "http://localhost:3001",
      "http://[::1]:3002",
    ]);
  });

  it.each([
    "https://maitre.example.com",
    "http://10.0.0.5:3000",
    "http://192.168.1.2",
    "http://127.0.0.1.example.com",
    "http://localhost.evil.example",
    "http://0.0.0.0:3000",
  ])("refuses %s", (url) => {
    expect(() => assertLoopbackUrls(["http://127.0.0.1:3000", url])).toThrow(/only loopback addresses/);
  });

  it("refuses no URL, a non-URL and a non-http scheme", () => {
    expect(() => assertLoopbackUrls([])).toThrow(/at least one/);
    expect(() => assertLoopbackUrls(["127.0.0.1:3000"])).toThrow();
    expect(() => assertLoopbackUrls(["ftp://127.0.0.1"])).toThrow(/http/);
  });
});
