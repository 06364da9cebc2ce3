import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { TRouteMetadata } from "@/server/http/route-metadata";
import { DEFAULT_MAX_BODY_BYTES } from "@/server/http/with-route";
import { MAX_IMPORT_BYTES } from "@/server/setup/import/import-schema";
import type { TFixture } from "./route-access-types";

/**
 * Hostile and malformed variants of one VALID request (a fixture of the route table), each with what it must get:
 * - `schema`: the route's own zod schema refuses it (checked here, not assumed) → 400 VALIDATION_FAILED;
 * - `too_large`: a body over the route's limit → 413 PAYLOAD_TOO_LARGE;
 * - `refused`: the schema lets it through but it is impossible (an unknown or malformed id, a 30th of February, a
 *   negative count) → a 4xx problem with a code;
 * - `may_accept`: hostile but legitimate (SQL- or HTML-looking text, emoji, a duplicate id) → never 5xx; a 2xx
 *   must render the text back verbatim, a 4xx is a problem with a code.
 * Every 4xx must leave every table's row count unchanged.
 */
export type TExpectation = "schema" | "too_large" | "refused" | "may_accept";
export type TBadCase = {
  label: string;
  fixture: TFixture;
  expect: TExpectation;
  sent?: { field: string; value: string };
};

type TJsonSchema = {
  type?: string | string[];
  maxLength?: number;
  format?: string;
  anyOf?: TJsonSchema[];
  items?: TJsonSchema;
  properties?: Record<string, TJsonSchema>;
  required?: string[];
};

export const SQL_INJECTION = "'); drop table bookings; --";
export const HTML_INJECTION = '<script>alert("x")</script><img src=x onerror=alert(1)>';
export const UNICODE_TEXT = "Zoë Ñúñez 山田 😀🍽️ \u202eRTL";
const NULL_BYTE = "nul\u0000byte";
const HOSTILE_TEXT = [SQL_INJECTION, HTML_INJECTION, UNICODE_TEXT, NULL_BYTE];
const IMPOSSIBLE_DATES = ["2026-02-30", "2027-02-30T19:00", "2027-03-05T25:61", "2027-13-01"];
const BAD_IDS = ["not-a-uuid", "' OR 1=1 --", "😀", "..%2F..%2Fetc%2Fpasswd"];

function jsonSchemaOf(schema: z.ZodType | undefined): TJsonSchema {
  if (!schema) return {};
  return (schema as unknown as { toJSONSchema(o: object): TJsonSchema }).toJSONSchema({
    io: "input",
    unrepresentable: "any",
  });
}

function typesOf(property: TJsonSchema): string[] {
  const own = [property.type ?? []].flat();
  return [...own, ...(property.anyOf ?? []).flatMap(typesOf)];
}
const maxLengthOf = (p: TJsonSchema): number | undefined =>
  p.maxLength ?? p.anyOf?.map((a) => a.maxLength).find((m) => m !== undefined);
const isDateLike = (name: string, p: TJsonSchema) =>
  /(date|At|^from|^to)$/.test(name) || p.format === "date" || p.format === "date-time";
const isIdLike = (name: string, p: TJsonSchema) =>
  /Id$/.test(name) || p.format === "uuid" || p.anyOf?.some((a) => a.format === "uuid") === true;

/** Values for one field: [label, value, what it must get if the schema lets it through]. */
function variantsFor(name: string, property: TJsonSchema, valid: unknown): [string, unknown, TExpectation][] {
  const types = typesOf(property);
  const out: [string, unknown, TExpectation][] = [
    ["null", null, "may_accept"],
    ["a number", 42, "may_accept"],
    ["a boolean", true, "may_accept"],
    ["an object", { $gt: "" }, "may_accept"],
    ["an array", [], "may_accept"],
  ];
  if (types.includes("string") || typeof valid === "string") {
    const max = maxLengthOf(property) ?? 10_000;
    out.push(["over its maximum length", "x".repeat(max + 1), "may_accept"]);
    for (const text of HOSTILE_TEXT) out.push([`text ${JSON.stringify(text).slice(0, 24)}`, text, "may_accept"]);
    if (isDateLike(name, property)) {
      for (const date of IMPOSSIBLE_DATES) out.push([`impossible date ${date}`, date, "refused"]);
    }
    if (isIdLike(name, property)) {
      for (const id of BAD_IDS) out.push([`bad id ${id}`, id, "refused"]);
      out.push(["an unknown id", randomUUID(), "may_accept"]);
    }
  }
  if (types.includes("integer") || types.includes("number") || typeof valid === "number") {
    out.push(["negative", -1, "refused"], ["zero", 0, "may_accept"], ["fractional", 2.5, "may_accept"]);
    out.push(["huge", 1e308, "refused"], ["a numeric string", "NaN", "may_accept"]);
  }
  if (Array.isArray(valid) && valid.length > 0) {
    out.push(["a duplicated item", [valid[0], valid[0]], "may_accept"]);
    out.push(["1001 items", Array.from({ length: 1001 }, () => valid[0]), "may_accept"]);
  }
  return out;
}

/** What the route must answer to `input`: over the body limit first (nothing is parsed), then its own schema. */
function classify(
  schema: z.ZodType | undefined,
  input: unknown,
  intent: TExpectation,
  where: "query" | "body",
): TExpectation {
  if (where === "body" && Buffer.byteLength(JSON.stringify(input)) > DEFAULT_MAX_BODY_BYTES) return "too_large";
  return schema && !schema.safeParse(input).success ? "schema" : intent;
}

/** The cases of one route, from its valid fixture and its declared query and body schemas. */
export function badInputCases(metadata: TRouteMetadata, valid: TFixture, urlTemplate: string): TBadCase[] {
  const cases: TBadCase[] = [];
  const [path = "", search = ""] = valid.path.split("?");
  const query = Object.fromEntries(new URLSearchParams(search));
  const withQuery = (q: Record<string, string>): TFixture => ({
    ...valid,
    path: Object.keys(q).length ? `${path}?${new URLSearchParams(q)}` : path,
  });

  for (const [name, value] of Object.entries(valid.params ?? {})) {
    for (const bad of [...BAD_IDS, randomUUID()]) {
      const segment = encodeURIComponent(bad);
      const fixture = { ...valid, path: valid.path.replace(value, segment), params: { ...valid.params, [name]: bad } };
      cases.push({ label: `path ${name}=${bad}`, fixture, expect: "refused" });
    }
  }
  if (metadata.query) {
    const schema = jsonSchemaOf(metadata.query);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (schema.required?.includes(name)) {
        const { [name]: _, ...rest } = query;
        cases.push({
          label: `query without ${name}`,
          fixture: withQuery(rest),
          expect: classify(metadata.query, rest, "refused", "query"),
        });
      }
      for (const [label, value, intent] of variantsFor(name, property, query[name])) {
        if (value === null || typeof value === "object") continue; // a query string has no types
        const changed = { ...query, [name]: String(value) };
        const expect = classify(metadata.query, changed, intent, "query");
        cases.push({
          label: `query ${name}: ${label}`,
          fixture: withQuery(changed),
          expect,
          sent: { field: name, value: String(value) },
        });
      }
    }
  }
  const isImport = urlTemplate.endsWith("/import");
  if (metadata.body || isImport) {
    const limit = isImport ? MAX_IMPORT_BYTES : DEFAULT_MAX_BODY_BYTES;
    cases.push({
      label: `a body over ${limit} bytes`,
      fixture: { ...valid, body: `{"x":"${"y".repeat(limit)}"}` },
      expect: "too_large",
    });
  }
  if (isImport) {
    cases.push({
      label: "CSV of garbage",
      fixture: { ...valid, body: '\u0000\u0001,,,\n"unterminated' },
      expect: "refused",
    });
    cases.push({
      label: "CSV with injection",
      fixture: { ...valid, body: `name,color,sort_order\n${SQL_INJECTION},#zzzzzz,-1\n` },
      expect: "refused",
    });
  }
  if (!metadata.body) return cases;
  for (const raw of ['{"partySize": ', "{]", "not json", '"text"', "null", "[]"]) {
    cases.push({ label: `malformed JSON ${JSON.stringify(raw)}`, fixture: { ...valid, body: raw }, expect: "schema" });
  }
  const body = (valid.body ?? {}) as Record<string, unknown>;
  const schema = jsonSchemaOf(metadata.body);
  const huge = { ...body, unexpected: "z".repeat(60_000) };
  cases.push({
    label: "an unknown field of 60 000 characters",
    fixture: { ...valid, body: huge },
    expect: classify(metadata.body, huge, "may_accept", "body"),
  });
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (schema.required?.includes(name)) {
      const { [name]: _, ...rest } = body;
      cases.push({
        label: `body without ${name}`,
        fixture: { ...valid, body: rest },
        expect: classify(metadata.body, rest, "refused", "body"),
      });
    }
    for (const [label, value, intent] of variantsFor(name, property, body[name])) {
      const changed = { ...body, [name]: value };
      const sent = typeof value === "string" ? { field: name, value } : undefined;
      cases.push({
        label: `body ${name}: ${label}`,
        fixture: { ...valid, body: changed },
        expect: classify(metadata.body, changed, intent, "body"),
        sent,
      });
    }
  }
  return cases;
}
