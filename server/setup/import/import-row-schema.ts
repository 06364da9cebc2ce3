import { z } from "zod";
import { IMPORT_BOOKING_STATUSES } from "./import-schema";

/**
 * One row of each kind, as read from a CSV line (every value a string) or a JSON item (numbers and booleans
 * allowed). Empty cells mean "not given": optional columns take their defaults (docs/import/README.md), and an
 * existing table keeps the values of the columns a row leaves out.
 */

const blankToUndefined = (value: unknown) =>
  value === null || (typeof value === "string" && value.trim() === "") ? undefined : value;

const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `at most ${max} characters`).optional());

const requiredText = (max: number, what: string) =>
  z.preprocess(
    (v) => blankToUndefined(v) ?? "",
    z.string().trim().min(1, `${what} is needed`).max(max, `at most ${max} characters`),
  );

const toNumber = (value: unknown) => {
  const v = blankToUndefined(value);
  if (typeof v !== "string") return v;
  const n = Number(v.trim().replace(",", "."));
  return Number.isFinite(n) ? n : v;
};

/** An optional number column (empty = not given). */
const number = (schema: z.ZodNumber) => z.preprocess(toNumber, schema.optional());

const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const integer = (min: number, max: number) => z.preprocess(toNumber, wholeNumber(min, max).optional());
const requiredInteger = (min: number, max: number) => z.preprocess(toNumber, wholeNumber(min, max));

const TRUE = new Set(["true", "yes", "y", "1"]);
const FALSE = new Set(["false", "no", "n", "0"]);
const flag = z.preprocess((value) => {
  const v = blankToUndefined(value);
  if (typeof v === "number") return v === 1 ? true : v === 0 ? false : v;
  if (typeof v !== "string") return v;
  const word = v.trim().toLowerCase();
  return TRUE.has(word) ? true : FALSE.has(word) ? false : v;
}, z.boolean({ error: "must be true or false (yes/no, 1/0)" }).optional());

/** "T1;T2" or ["T1", "T2"]. */
const labelList = z.preprocess(
  (value) => {
    const v = blankToUndefined(value);
    if (v === undefined) return [];
    if (typeof v === "string")
      return v
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean);
    return v;
  },
  z.array(z.string().trim().min(1).max(40, "a table label has at most 40 characters")).max(12, "at most 12 tables"),
);

const tagList = z.preprocess(
  (value) => {
    const v = blankToUndefined(value);
    if (v === undefined) return [];
    if (typeof v === "string")
      return v
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean);
    return v;
  },
  z.array(z.string().trim().min(1).max(40, "a tag has at most 40 characters")).max(20, "at most 20 tags"),
);

export const ZZoneRowSchema = z.object({
  name: requiredText(40, "a zone name"),
  color: z.preprocess(
    (v) => (typeof blankToUndefined(v) === "string" ? String(v).trim().toLowerCase() : blankToUndefined(v)),
    z
      .string()
      .regex(/^#[0-9a-f]{6}$/, "a colour is #rrggbb, e.g. #3b82f6")
      .optional(),
  ),
  sort_order: integer(0, 1000),
});

export const ZTableRowSchema = z
  .object({
    label: requiredText(40, "a table label"),
    zone: optionalText(40),
    capacity: integer(1, 40),
    min_party: integer(1, 40),
    mergeable: flag,
    online_bookable: flag,
    active: flag,
    priority: integer(-1000, 1000),
    x: number(z.number({ error: "must be a number (metres)" }).min(-1000).max(1000)),
    y: number(z.number({ error: "must be a number (metres)" }).min(-1000).max(1000)),
    width: number(z.number({ error: "must be a number (metres)" }).positive("must be above 0").max(50)),
    height: number(z.number({ error: "must be a number (metres)" }).positive("must be above 0").max(50)),
    rotation: number(z.number({ error: "must be a number of degrees" }).min(0).lt(360, "must be below 360")),
    shape: z.preprocess(
      (v) => (typeof blankToUndefined(v) === "string" ? String(v).trim().toLowerCase() : blankToUndefined(v)),
      z.enum(["rect", "round"], { error: "must be rect or round" }).optional(),
    ),
  })
  .refine((t) => t.min_party === undefined || t.capacity === undefined || t.min_party <= t.capacity, {
    message: "min party cannot exceed capacity",
    path: ["min_party"],
  });

export const ZAdjacencyRowSchema = z
  .object({ table_a: requiredText(40, "a table label"), table_b: requiredText(40, "a table label") })
  .refine((r) => r.table_a !== r.table_b, { message: "a table cannot link to itself", path: ["table_b"] });

const TIME = /^([01]?\d|2[0-3]):[0-5]\d$/;

export const ZBookingRowSchema = z
  .object({
    reference: z.preprocess(
      (v) => (typeof blankToUndefined(v) === "string" ? String(v).trim().toUpperCase() : blankToUndefined(v)),
      z
        .string()
        .regex(/^[A-Z0-9]{4,12}$/, "a reference is 4 to 12 letters and digits")
        .optional(),
    ),
    guest_name: requiredText(200, "a guest name"),
    guest_email: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^[^@\s]+@[^@\s]+$/, "not an email address")
        .max(320)
        .optional(),
    ),
    guest_phone: optionalText(40),
    party_size: requiredInteger(1, 100),
    date: z.preprocess(
      (v) => blankToUndefined(v) ?? "",
      z
        .string()
        .trim()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "a date is YYYY-MM-DD"),
    ),
    time: z.preprocess((v) => blankToUndefined(v) ?? "", z.string().trim().regex(TIME, "a time is HH:MM (24-hour)")),
    duration_minutes: integer(15, 720),
    end_time: z.preprocess(blankToUndefined, z.string().trim().regex(TIME, "a time is HH:MM (24-hour)").optional()),
    status: z.preprocess(
      (v) => (typeof blankToUndefined(v) === "string" ? String(v).trim().toLowerCase() : blankToUndefined(v)),
      z
        .enum(IMPORT_BOOKING_STATUSES, { error: `must be one of ${IMPORT_BOOKING_STATUSES.join(", ")}` })
        .default("confirmed"),
    ),
    tables: labelList,
    notes: optionalText(2000),
    tags: tagList,
    source: z.preprocess(
      (v) => (typeof blankToUndefined(v) === "string" ? String(v).trim().toLowerCase() : blankToUndefined(v)),
      z.enum(["online", "phone", "walk_in", "ops"], { error: "must be online, phone, walk_in or ops" }).default("ops"),
    ),
  })
  .refine((b) => b.duration_minutes === undefined || b.end_time === undefined, {
    message: "give duration_minutes or end_time, not both",
    path: ["end_time"],
  });

export type TZoneRow = z.infer<typeof ZZoneRowSchema>;
export type TTableRow = z.infer<typeof ZTableRowSchema>;
export type TAdjacencyRow = z.infer<typeof ZAdjacencyRowSchema>;
export type TBookingRow = z.infer<typeof ZBookingRowSchema>;

export const IMPORT_ROW_SCHEMAS = {
  zones: ZZoneRowSchema,
  tables: ZTableRowSchema,
  adjacency: ZAdjacencyRowSchema,
  bookings: ZBookingRowSchema,
} as const;
