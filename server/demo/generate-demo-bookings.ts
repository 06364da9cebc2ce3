import type { BookingSource } from "@/server/infra/db/schema";
import { mulberry32 } from "@/server/random/mulberry32";
import type { DemoVenue } from "./demo-venues";

/** A booking request as a guest or host would make it: local time in the restaurant's zone. */
export type DemoBookingRequest = {
  localTime: string;
  partySize: number;
  source: BookingSource;
  guestName: string;
  guestEmail: string | null;
  guestPhone: string | null;
  notes: string | null;
  tags: string[];
  preferredZone: string | null;
  /** The order in which requests "arrive" (not their seating time): first come, first served. */
  arrival: number;
};

/** The demo's seeded random source (see mulberry32). */
export function createRandom(seed: number): () => number {
  return mulberry32(seed);
}

// Most parties are 2–4; a few are 7+ (weights are relative).
export const PARTY_MIX: Array<[number, number]> = [
  [1, 4],
  [2, 38],
  [3, 13],
  [4, 21],
  [5, 6],
  [6, 8],
  [7, 3],
  [8, 3],
  [10, 2],
  [12, 2],
];
const SOURCES: Array<[BookingSource, number]> = [
  ["online", 55],
  ["phone", 25],
  ["walk_in", 10],
  ["ops", 10],
];
const FIRST = [
  "Ava",
  "Noah",
  "Mia",
  "Liam",
  "Zoe",
  "Omar",
  "Ines",
  "Kai",
  "Lena",
  "Ravi",
  "Sofia",
  "Theo",
  "Yuki",
  "Amara",
  "Jonas",
  "Priya",
  "Mateo",
  "Elif",
  "Hugo",
  "Nia",
];
const LAST = [
  "Martin",
  "Okafor",
  "Schmidt",
  "Rossi",
  "Nguyen",
  "Haddad",
  "Silva",
  "Kowalski",
  "Dubois",
  "Patel",
  "Moreau",
  "Jensen",
  "Tanaka",
  "García",
  "O'Brien",
  "Novak",
  "Costa",
  "Ahmed",
  "Berg",
  "Laurent",
];
const NOTES = [
  "Birthday – candle with dessert",
  "Window seat if possible",
  "High chair needed",
  "Nut allergy",
  "Anniversary",
  "Wheelchair access",
];

function pickWeighted<T>(random: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return (items.at(-1) as [T, number])[0];
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
};
const toHhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/**
 * A realistic day of requests for one venue, the same for the same seed: times cluster around each
 * service's peaks on the slot grid (walk-ins arrive at any minute), party sizes follow PARTY_MIX.
 */
export function generateDemoBookings({
  venue,
  seed,
  slotMinutes = 15,
}: {
  venue: DemoVenue;
  seed: number;
  slotMinutes?: number;
}): DemoBookingRequest[] {
  const random = createRandom(seed);
  const requests: DemoBookingRequest[] = [];
  for (const service of venue.servicePeriods) {
    const count = Math.round(venue.bookingsPerDay * service.share);
    const open = toMinutes(service.opens);
    const last = toMinutes(service.lastSeating);
    for (let i = 0; i < count; i++) {
      const source = pickWeighted(random, SOURCES);
      const peak = toMinutes(pick(random, service.peaks));
      // Sum of three uniforms ≈ bell curve, ±90 minutes around the peak.
      const offset = ((random() + random() + random()) / 3 - 0.5) * 180;
      let minute = Math.round(peak + offset);
      if (source !== "walk_in") minute = Math.round(minute / slotMinutes) * slotMinutes;
      minute = Math.min(last, Math.max(open, minute));
      const first = pick(random, FIRST);
      const lastName = pick(random, LAST);
      const partySize = pickWeighted(random, PARTY_MIX);
      const zoneRoll = random();
      requests.push({
        localTime: toHhmm(minute),
        partySize,
        source,
        guestName: `${first} ${lastName}`,
        guestEmail:
          source === "walk_in" ? null : `${`${first}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, "")}@example.com`,
        guestPhone: source === "phone" ? `+44 20 7946 ${String(Math.floor(random() * 10000)).padStart(4, "0")}` : null,
        notes: random() < 0.12 ? pick(random, NOTES) : null,
        tags: random() < 0.06 ? ["vip"] : [],
        preferredZone: zoneRoll < 0.15 ? pick(random, venue.zones).name : null,
        arrival: 0,
      });
    }
  }
  // Requests arrive in random order, not sorted by seating time.
  const order = requests.map((_, i) => ({ i, key: random() })).sort((a, b) => a.key - b.key);
  return order.map(({ i }, arrival) => ({ ...(requests[i] as DemoBookingRequest), arrival }));
}
