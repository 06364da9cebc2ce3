/**
 * The two demo restaurants, as data. Each zone is a set of rows; tables in a row stand side by side
 * (adjacent, so mergeable neighbours can be pushed together), rows are laid out top to bottom on the floor
 * plan. Fixed tables (bar two-tops, the round ten-top) keep their neighbours but never merge.
 */
export type DemoTable = {
  capacity: number;
  mergeable?: boolean;
  minParty?: number;
  shape?: "rect" | "round";
  online?: boolean;
};
export type DemoZone = { name: string; prefix: string; rows: DemoTable[][] };
export type DemoServicePeriod = {
  name: string;
  days: number[];
  opens: string;
  lastSeating: string;
  closes: string;
  pacingCovers: number;
  pacingOnlineCovers: number;
  /** Share of the day's bookings in this service, and the local times (HH:MM) around which they peak. */
  share: number;
  peaks: string[];
};
export type DemoVenue = {
  slug: string;
  name: string;
  timezone: string;
  bookingsPerDay: number;
  zones: DemoZone[];
  servicePeriods: DemoServicePeriod[];
};

const t = (capacity: number, extra: Omit<DemoTable, "capacity"> = {}): DemoTable => ({ capacity, ...extra });
const fixed = (capacity: number, extra: Omit<DemoTable, "capacity" | "mergeable"> = {}): DemoTable => ({
  capacity,
  mergeable: false,
  ...extra,
});
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7];

export const TURN_TIMES = [
  { maxPartySize: 2, minutes: 90 },
  { maxPartySize: 4, minutes: 105 },
  { maxPartySize: 6, minutes: 120 },
  { maxPartySize: 8, minutes: 135 },
  { maxPartySize: 12, minutes: 150 },
  { maxPartySize: 20, minutes: 180 },
] as const;

export const DEMO_VENUES: DemoVenue[] = [
  {
    slug: "lumiere-london",
    name: "Bistro Lumière",
    timezone: "Europe/London",
    bookingsPerDay: 72,
    zones: [
      {
        name: "Main Dining",
        prefix: "M",
        rows: [
          [t(4), t(4), t(4), t(4), t(4)],
          [t(2), t(2), t(2), t(2), t(2), t(2)],
          [t(6), t(6), t(4), t(4)],
        ],
      },
      {
        name: "Window",
        prefix: "W",
        rows: [[t(2), t(2), t(2), t(2), t(2), t(2), t(2), t(2)]],
      },
      {
        name: "Terrace",
        prefix: "T",
        rows: [
          [t(4), t(4), t(4), t(2), t(2)],
          [t(6), t(8), t(2, { online: false })],
        ],
      },
      {
        name: "Private Room",
        prefix: "P",
        rows: [[fixed(10, { shape: "round", minParty: 6, online: false }), t(8, { minParty: 4 }), t(4)]],
      },
    ],
    servicePeriods: [
      {
        name: "Lunch",
        days: ALL_WEEK,
        opens: "12:00",
        lastSeating: "14:30",
        closes: "16:30",
        pacingCovers: 40,
        pacingOnlineCovers: 30,
        share: 0.35,
        peaks: ["12:30", "13:15"],
      },
      {
        name: "Dinner",
        days: ALL_WEEK,
        opens: "17:30",
        lastSeating: "21:45",
        closes: "23:59",
        pacingCovers: 48,
        pacingOnlineCovers: 36,
        share: 0.65,
        peaks: ["18:30", "20:30"],
      },
    ],
  },
  {
    slug: "harbor-nyc",
    name: "Harbor & Vine",
    timezone: "America/New_York",
    bookingsPerDay: 95,
    zones: [
      {
        name: "Dining Room",
        prefix: "D",
        rows: [
          [t(4), t(4), t(4), t(4), t(4), t(4)],
          [t(2), t(2), t(2), t(2), t(2), t(2)],
          [t(6), t(6), t(6), t(4)],
          [t(4), t(4), t(2), t(2)],
        ],
      },
      {
        name: "Bar",
        prefix: "B",
        rows: [
          [fixed(2), fixed(2), fixed(2), fixed(2), fixed(2), fixed(2)],
          [fixed(4), fixed(4)],
        ],
      },
      {
        name: "Patio",
        prefix: "O",
        rows: [
          [t(4), t(4), t(4), t(4)],
          [t(2), t(2), t(2), t(6), t(6)],
        ],
      },
      {
        name: "Mezzanine",
        prefix: "Z",
        rows: [[t(8), t(8), t(10, { minParty: 6 })], [fixed(10, { shape: "round", minParty: 7, online: false })]],
      },
    ],
    servicePeriods: [
      {
        name: "Lunch",
        days: ALL_WEEK,
        opens: "11:30",
        lastSeating: "14:30",
        closes: "16:00",
        pacingCovers: 50,
        pacingOnlineCovers: 40,
        share: 0.3,
        peaks: ["12:15", "13:00"],
      },
      {
        name: "Dinner",
        days: ALL_WEEK,
        opens: "17:00",
        lastSeating: "22:00",
        closes: "23:59",
        pacingCovers: 60,
        pacingOnlineCovers: 45,
        share: 0.7,
        peaks: ["18:15", "20:30"],
      },
    ],
  },
];
