import { describe, expect, it } from "vitest";
import { exceedsPacing } from "./exceeds-pacing";

const slot = { slotStart: "2027-03-05T19:00:00.000Z", slotEnd: "2027-03-05T19:15:00.000Z" };
const at = (iso: string) => Date.parse(iso);
// 4 covers (1 online) at 19:00, 3 online at 19:10 — in the slot; 5 at 19:15 and 6 at 18:55 — outside it.
const covers = [
  { start: at("2027-03-05T18:55:00Z"), covers: 6, online: 6 },
  { start: at("2027-03-05T19:00:00Z"), covers: 4, online: 1 },
  { start: at("2027-03-05T19:10:00Z"), covers: 3, online: 3 },
  { start: at("2027-03-05T19:15:00Z"), covers: 5, online: 5 },
];

describe("exceedsPacing", () => {
  it.each([
    ["within both caps", { cap: 10, onlineCap: 6 }, 2, "online", false],
    ["exactly at the cap (create_booking refuses only beyond it)", { cap: 10, onlineCap: null }, 3, "online", false],
    ["beyond the cap", { cap: 10, onlineCap: null }, 4, "online", true],
    ["beyond the online cap", { cap: null, onlineCap: 6 }, 3, "online", true],
    ["beyond the online cap, for a phone booking", { cap: null, onlineCap: 6 }, 3, "phone", false],
  ] as const)("%s", (_, caps, partySize, source, expected) => {
    expect(exceedsPacing({ pacing: { ...slot, ...caps }, covers, partySize, source })).toBe(expected);
  });
});
