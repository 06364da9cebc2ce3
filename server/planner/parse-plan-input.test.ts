import { describe, expect, it } from "vitest";
import { formatPath, parsePlanInput } from "./parse-plan-input";

const minimal = {
  venue: { tables: [{ id: "A", zone: "main", capacity: 4 }] },
  request: { partySize: 2, start: "2026-03-06T19:00:00+01:00", end: "2026-03-06T20:30:00+01:00" },
};

describe("parsePlanInput", () => {
  it("fills defaults and turns ISO instants (any offset) into epoch ms", () => {
    const parsed = parsePlanInput(minimal);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(parsed.value.request).toMatchObject({
      start: Date.parse("2026-03-06T18:00:00Z"),
      end: Date.parse("2026-03-06T19:30:00Z"),
      avoidTables: [],
      limit: 5,
    });
    expect(parsed.value.occupied).toEqual([]);
    expect(parsed.value.upcoming).toEqual([]);
    expect(parsed.value.venue.adjacency).toEqual([]);
    expect(parsed.value.service).toBeUndefined();
  });

  it("passes the optional service, upcoming bookings, party mix and statistics through", () => {
    const parsed = parsePlanInput({
      ...minimal,
      venue: {
        ...minimal.venue,
        service: { start: "2026-03-06T17:00:00Z", lastSeating: "2026-03-06T21:30:00Z", slotMinutes: 15 },
        weights: { futureFit: 0 },
      },
      upcoming: [{ partySize: 8, start: "2026-03-06T20:00:00Z", end: "2026-03-06T22:00:00Z" }],
      partyMix: { "2": 0.6, "4": 0.4 },
      stats: [{ tableId: "A", partySize: 2, successes: 3, failures: 1 }],
    });
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(parsed.value.service?.slotMinutes).toBe(15);
    expect(parsed.value.upcoming[0]?.partySize).toBe(8);
    expect(parsed.value.partyMix).toEqual({ 2: 0.6, 4: 0.4 });
    expect(parsed.value.stats).toHaveLength(1);
    expect(parsed.value.config.weights).toMatchObject({ futureFit: 0, optimalFit: 10 });
  });

  it("reports every problem with its path", () => {
    const parsed = parsePlanInput({
      venue: {
        tables: [
          { id: "A", zone: "main", capacity: 4, minParty: 6 },
          { id: "A", zone: "main", capacity: 2 },
        ],
        service: { start: "2026-03-06T22:00:00Z", lastSeating: "2026-03-06T21:30:00Z", slotMinutes: 15 },
      },
      request: { partySize: 2, start: "2026-03-06T19:00:00", end: "2026-03-06T20:30:00Z", avoidTables: ["Z"] },
      partyMix: { two: 1 },
    });
    expect(parsed.ok).toBe(false);
    const fields = parsed.ok ? [] : parsed.errors.map((e) => e.slice(0, e.indexOf(":")));
    expect(fields).toEqual(expect.arrayContaining(["request.start", "partyMix.two"]));
    const refined = parsePlanInput({
      ...minimal,
      venue: { ...minimal.venue, tables: [minimal.venue.tables[0], minimal.venue.tables[0]] },
    });
    expect(refined.ok ? [] : refined.errors).toEqual(['venue.tables[1].id: duplicate id "A"']);
  });

  it("formats paths like code", () => {
    expect(formatPath(["venue", "adjacency", 3, 1])).toBe("venue.adjacency[3][1]");
    expect(formatPath([])).toBe("(input)");
  });
});
