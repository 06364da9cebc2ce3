import type { DemoTable, DemoVenue } from "./demo-venues";

/**
 * The large demo venue (MAITRE_DEMO_LARGE_VENUE=1): the dashboard's performance target — 60 tables in five zones
 * and 250+ bookings a day (262 requests: about 225 on tables, the rest in manual review on a day this full) — on
 * the same demo staff and the same seeding path as the two small restaurants. It has no demo API key (nothing
 * books into it from outside) and is off by default, so the README's demo stays the two restaurants it describes.
 */
export const LARGE_DEMO_VENUE_SLUG = "grand-hall-manchester";

const t = (capacity: number, extra: Omit<DemoTable, "capacity"> = {}): DemoTable => ({ capacity, ...extra });
const fixed = (capacity: number): DemoTable => ({ capacity, mergeable: false });
const row = (capacity: number, count: number): DemoTable[] => Array.from({ length: count }, () => t(capacity));
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7];

export const LARGE_DEMO_VENUE: DemoVenue = {
  slug: LARGE_DEMO_VENUE_SLUG,
  name: "The Grand Hall",
  timezone: "Europe/London",
  // One day of requests stays under the default RATE_LIMIT_ASSIGNMENT_PER_MINUTE (300 per restaurant), which the
  // seed's assignments spend like any other.
  bookingsPerDay: 262,
  zones: [
    { name: "Main Hall", prefix: "H", rows: [row(4, 8), row(2, 8), [t(6), t(6), t(4), t(4), t(4), t(4)]] },
    { name: "Gallery", prefix: "G", rows: [row(2, 6), row(4, 6)] },
    { name: "Conservatory", prefix: "C", rows: [row(4, 6), [t(6), t(6), t(4), t(4)]] },
    { name: "Bar", prefix: "B", rows: [Array.from({ length: 8 }, () => fixed(2))] },
    {
      name: "Garden",
      prefix: "Y",
      rows: [
        [t(4), t(4), t(6), t(6)],
        [t(2), t(2), t(8, { minParty: 4 }), t(8)],
      ],
    },
  ],
  servicePeriods: [
    {
      name: "Lunch",
      days: ALL_WEEK,
      opens: "11:00",
      lastSeating: "15:15",
      closes: "17:00",
      pacingCovers: 120,
      pacingOnlineCovers: 100,
      share: 0.4,
      peaks: ["11:30", "12:30", "13:30", "14:30", "15:15"],
    },
    {
      name: "Dinner",
      days: ALL_WEEK,
      opens: "17:00",
      lastSeating: "22:30",
      closes: "23:59",
      pacingCovers: 140,
      pacingOnlineCovers: 110,
      share: 0.6,
      peaks: ["17:15", "18:15", "19:15", "20:15", "21:15", "22:15"],
    },
  ],
};
