import { describe, expect, it } from "vitest";
import type { TInsights } from "@/server/insights/insights-schema";
import {
  attendanceReading,
  coversReading,
  coversTable,
  csvFileName,
  humanize,
  latencyReading,
  latencyTable,
  outcomesReading,
  outcomesTable,
  reviewsReading,
  toCsv,
  utilisationByHour,
  utilisationReading,
  wasteReading,
} from "./insight-series";

const base: TInsights = {
  restaurantId: "00000000-0000-4000-8000-000000000001",
  timezone: "Europe/London",
  from: "2027-04-14",
  to: "2027-04-15",
  days: 2,
  slotMinutes: 15,
  totalSeats: 20,
  coversBySlot: [
    {
      time: "19:00",
      totalCovers: 7,
      averageCovers: 3.5,
      peakCovers: 5,
      peakDate: "2027-04-14",
      cap: 10,
      peakShareOfCap: 0.5,
    },
    {
      time: "20:00",
      totalCovers: 12,
      averageCovers: 6,
      peakCovers: 11,
      peakDate: "2027-04-14",
      cap: 10,
      peakShareOfCap: 1.1,
    },
  ],
  utilisation: [
    {
      zoneId: "00000000-0000-4000-8000-00000000000a",
      zone: "Main",
      hour: 19,
      usedSeatMinutes: 720,
      availableSeatMinutes: 1440,
      utilisation: 0.5,
    },
    {
      zoneId: "00000000-0000-4000-8000-00000000000b",
      zone: "Terrace",
      hour: 19,
      usedSeatMinutes: 0,
      availableSeatMinutes: 960,
      utilisation: 0,
    },
    {
      zoneId: "00000000-0000-4000-8000-00000000000a",
      zone: "Main",
      hour: 20,
      usedSeatMinutes: 1210,
      availableSeatMinutes: 1440,
      utilisation: 0.8403,
    },
    {
      zoneId: "00000000-0000-4000-8000-00000000000b",
      zone: "Terrace",
      hour: 20,
      usedSeatMinutes: 480,
      availableSeatMinutes: 960,
      utilisation: 0.5,
    },
  ],
  outcomesByDay: [
    { date: "2027-04-14", outcomes: { assigned: 2, no_plan: 1 } },
    { date: "2027-04-15", outcomes: { assigned: 1, conflict: 1 } },
  ],
  reviewsByDay: [
    { date: "2027-04-14", reasons: { NO_PLAN: 2 } },
    { date: "2027-04-15", reasons: { PARTY_TOO_LARGE: 1 } },
  ],
  wasteByDay: [
    { date: "2027-04-14", assignedBookings: 3, seatsAssigned: 18, covers: 9, seatsWasted: 9 },
    { date: "2027-04-15", assignedBookings: 1, seatsAssigned: 2, covers: 2, seatsWasted: 0 },
  ],
  attendanceByDay: [
    { date: "2027-04-14", bookings: 4, covers: 11, noShows: 1, noShowCovers: 4, cancellations: 1, cancelledCovers: 2 },
    { date: "2027-04-15", bookings: 1, covers: 2, noShows: 0, noShowCovers: 0, cancellations: 0, cancelledCovers: 0 },
  ],
  latency: {
    planner: [{ date: "2027-04-14", attempts: 3, p50Ms: 6, p95Ms: 7.8 }],
    decision: [
      { date: "2027-04-14", attempts: 3, p50Ms: 20, p95Ms: 29 },
      { date: "2027-04-15", attempts: 1, p50Ms: 12, p95Ms: 12 },
    ],
    commit: null,
    commitReason: "not stored",
  },
};

describe("insight readings", () => {
  it("reads each chart in one line a manager understands", () => {
    expect(coversReading(base)).toBe(
      "Busiest: 20:00, 11 covers on Wed 14 Apr, 110 % of the cap (10); 20 seats in all.",
    );
    expect(utilisationReading(base)).toBe("Fullest: Main at 20:00, 84 % of its seats in use.");
    expect(outcomesReading(base)).toBe("60 % of 5 attempts seated the party; 1 found no plan.");
    expect(reviewsReading(base)).toBe("3 bookings went to review; most often: No plan (2).");
    expect(wasteReading(base)).toBe("9 empty seats at 4 seated bookings' tables (45 % of the seats given).");
    expect(attendanceReading(base)).toBe("1 no-show (20 % of bookings) and 1 cancellation.");
    expect(latencyReading(base)).toBe(
      "Slowest planner day: Wed 14 Apr, 95 % of plans within 7.8 ms. Commit time is not recorded.",
    );
  });

  it("says so when a range is empty", () => {
    const empty: TInsights = {
      ...base,
      coversBySlot: [],
      utilisation: [],
      outcomesByDay: [],
      reviewsByDay: [],
      wasteByDay: [],
      attendanceByDay: [],
      latency: { ...base.latency, planner: [], decision: [] },
    };
    expect(coversReading(empty)).toBe("No covers booked in this range.");
    expect(utilisationReading(empty)).toBe("No tables were in use in this range.");
    expect(outcomesReading(empty)).toBe("No automatic assignment attempts in this range.");
    expect(reviewsReading(empty)).toBe("No booking went to manual review in this range.");
    expect(wasteReading(empty)).toBe("No bookings were seated at tables in this range.");
    expect(attendanceReading(empty)).toBe("No bookings in this range.");
    expect(latencyReading(empty)).toContain("No planner timings");
  });

  it("pivots utilisation to one row per hour with a column per zone (percent)", () => {
    expect(utilisationByHour(base)).toEqual({
      zones: ["Main", "Terrace"],
      rows: [
        { hour: "19:00", Main: 50, Terrace: 0 },
        { hour: "20:00", Main: 84, Terrace: 50 },
      ],
    });
  });

  it("builds the CSV tables from the same answer", () => {
    expect(outcomesTable(base)).toEqual({
      columns: ["date", "assigned", "no_plan", "conflict"],
      rows: [
        ["2027-04-14", 2, 1, 0],
        ["2027-04-15", 1, 0, 1],
      ],
    });
    expect(latencyTable(base).rows).toEqual([
      ["2027-04-14", 3, 6, 7.8, 20, 29],
      ["2027-04-15", 1, null, null, 12, 12],
    ]);
    expect(toCsv(coversTable(base))).toBe(
      "time,average_covers,peak_covers,peak_date,pacing_cap,peak_share_of_cap,total_seats\r\n" +
        "19:00,3.5,5,2027-04-14,10,0.5,20\r\n20:00,6,11,2027-04-14,10,1.1,20\r\n",
    );
    expect(csvFileName("covers", base)).toBe("insights-covers-2027-04-14-to-2027-04-15.csv");
  });

  it("quotes CSV cells that need it and humanizes codes", () => {
    expect(toCsv({ columns: ["a"], rows: [['say "hi", then go'], [null]] })).toBe('a\r\n"say ""hi"", then go"\r\n\r\n');
    expect(humanize("NO_PLAN")).toBe("No plan");
    expect(humanize("lock_busy")).toBe("Lock busy");
  });
});
