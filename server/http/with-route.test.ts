import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "@/server/errors/domain-error";
import { withRoute } from "./with-route";

describe("withRoute", () => {
  const handler = withRoute(
    {
      name: "test.auth",
      auth: async (request) => {
        if (request.headers.get("authorization") !== "Bearer good") {
          throw new DomainError("UNAUTHENTICATED", "no valid key");
        }
        return { clientId: "client-1" };
      },
      body: z.object({ partySize: z.number().int().min(1) }),
    },
    async ({ auth, body }) => Response.json({ client: auth.clientId, partySize: body.partySize }),
  );
  const post = (body: string, authorization?: string) =>
    handler(
      new Request("http://localhost/api/test", {
        method: "POST",
        body,
        headers: authorization ? { authorization } : {},
      }),
    );

  it("authenticates before it reads the body: a stranger learns nothing about the inputs", async () => {
    const stranger = await post('{"partySize": 0}');
    expect(stranger.status).toBe(401);
    expect(await stranger.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(stranger.headers.get("x-request-id")).toBeTruthy();
  });

  it("hands the caller and the parsed body to the handler; invalid fields are 400 with their paths", async () => {
    const invalid = await post('{"partySize": 0}', "Bearer good");
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ errors: [{ path: "body.partySize" }] });
    const ok = await post('{"partySize": 2}', "Bearer good");
    expect(await ok.json()).toEqual({ client: "client-1", partySize: 2 });
  });
});
