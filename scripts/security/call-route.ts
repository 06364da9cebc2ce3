import { randomUUID } from "node:crypto";
import { TEST_ORIGIN } from "@/server/testing/staff-test-kit";
import type { THandler } from "./list-route-handlers";
import type { TFixture } from "./route-access-types";

export type TAnswer = { status: number; contentType: string; text: string };

/**
 * Calls a route handler in-process as Next.js would: the fixture's path, query, body and Idempotency-Key, the
 * caller's headers. A JSON body is encoded unless it is already text (raw: malformed JSON, CSV, huge bodies). An
 * event stream is not read (it never ends): its body is cancelled and the answer's text is empty.
 */
export async function callRoute({
  handler,
  method,
  fixture,
  headers,
}: {
  handler: THandler;
  method: string;
  fixture: TFixture;
  headers: Record<string, string>;
}): Promise<TAnswer> {
  const hasBody = fixture.body !== undefined;
  const request = new Request(`${TEST_ORIGIN}${fixture.path}`, {
    method,
    headers: {
      ...(hasBody ? { "content-type": fixture.contentType ?? "application/json" } : {}),
      ...(fixture.idempotencyKey ? { "idempotency-key": randomUUID() } : {}),
      ...headers,
    },
    body: !hasBody ? undefined : typeof fixture.body === "string" ? fixture.body : JSON.stringify(fixture.body),
  });
  const response = await handler(request, { params: Promise.resolve(fixture.params ?? {}) });
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.startsWith("text/event-stream")) {
    await response.body?.cancel();
    return { status: response.status, contentType, text: "" };
  }
  return { status: response.status, contentType, text: await response.text() };
}

/** The `code` of a problem+json answer (undefined for anything else). */
export function problemCode(answer: TAnswer): string | undefined {
  if (!answer.contentType.startsWith("application/problem+json")) return undefined;
  try {
    return (JSON.parse(answer.text) as { code?: string }).code;
  } catch {
    return undefined;
  }
}
