import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors/domain-error";
import { type ErrorCode, errorHints } from "@/server/errors/error-codes";
import { type ErrorSpec, errorStatuses } from "./error-statuses";
import { problemResponse } from "./problem";

const STANDARD = ["type", "title", "status", "detail", "code", "hint", "instance", "requestId", "errors"];
const INTERNALS = {
  sqlstate: "23P01",
  stack: "Error: boom\n    at commit (/srv/server/assignment/commit-assignment.ts:42:7)",
  query: "select * from bookings where id = $1",
  conflicts: [{ bookingId: "b-other", guestName: "Another Guest" }],
  tableIds: ["t-1"],
  bookingId: "b-internal",
  currentVersion: 7,
};

describe("problem+json bodies publish only what each code allows", () => {
  const codes = Object.keys(errorStatuses) as ErrorCode[];

  it("every code has a status, a title and a hint that says what to do next", () => {
    expect(Object.keys(errorHints).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(errorStatuses[code].status).toBeGreaterThanOrEqual(400);
      expect(errorStatuses[code].title.length).toBeGreaterThan(5);
      expect(errorHints[code].length).toBeGreaterThan(10);
    }
  });

  it.each(codes)(
    "%s: a public body holds the standard fields and the code's public ones, nothing else",
    async (code) => {
      const response = problemResponse({ code, detail: "something happened", meta: INTERNALS, requestId: "r-1" });
      const body = await response.json();
      const spec: ErrorSpec = errorStatuses[code];
      const allowed = new Set([...STANDARD, ...(spec.public ?? [])]);
      expect(Object.keys(body).filter((k) => !allowed.has(k))).toEqual([]);
      const text = JSON.stringify(body);
      for (const leak of ["23P01", "commit-assignment.ts", "select * from", "Another Guest"]) {
        expect(text).not.toContain(leak);
      }
      expect(response.status).toBe(errorStatuses[code].status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    },
  );

  it("staff see the staff fields of a code (the conflicting bookings), booking clients do not", async () => {
    const staff = await problemResponse({
      code: "TABLE_CONFLICT",
      detail: "table T1 is held by booking ABC (Another Guest)",
      meta: INTERNALS,
      audience: "staff",
    }).json();
    expect(staff).toMatchObject({ conflicts: INTERNALS.conflicts, detail: expect.stringContaining("ABC") });
    expect(staff).not.toHaveProperty("sqlstate");
    const client = await problemResponse({
      code: "TABLE_CONFLICT",
      detail: "table T1 is held by booking ABC (Another Guest)",
      meta: INTERNALS,
    }).json();
    expect(client).not.toHaveProperty("conflicts");
    expect(client.detail).toBe("Table already taken.");
  });

  it("a DomainError without a hint of its own carries its code's hint", () => {
    expect(new DomainError("PACING_LIMIT", "full").hint).toBe(errorHints.PACING_LIMIT);
  });

  it("keeps `status` the HTTP status; the refused thing's state is published as currentStatus", async () => {
    const body = await problemResponse({
      code: "INVALID_TRANSITION",
      detail: "CHECK_IN is not possible while the booking is assigned",
      meta: { status: "assigned", event: "CHECK_IN" },
      audience: "staff",
    }).json();
    expect(body).toMatchObject({ status: 409, currentStatus: "assigned", event: "CHECK_IN" });
  });
});
