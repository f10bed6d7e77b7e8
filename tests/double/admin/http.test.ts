import http from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { createAdminApi, OFFLINE_TOKEN_TYPE, ONLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "../../support/shopify/admin";
import { SHOP, TOKEN, storeWithOrder } from "./factories";

const API_KEY = "test-api-key";
const API_SECRET = "test-api-secret";
const servers: http.Server[] = [];

async function serve(options: { clock?: () => number } = {}) {
  const { store } = storeWithOrder({ clock: options.clock });
  const api = createAdminApi(store, { apiKey: API_KEY, apiSecret: API_SECRET, clock: options.clock });
  const server = http.createServer(async (req, res) => {
    if (!(await api(req, res))) {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const graphql = (query: string, token: string | null = TOKEN) =>
    fetch(`${origin}/shops/${SHOP}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { "x-shopify-access-token": token } : {}) },
      body: JSON.stringify({ query }),
    });
  return { store, api, origin, graphql };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function sessionToken(overrides: { secret?: string; aud?: string; dest?: string } = {}) {
  return new SignJWT({ dest: overrides.dest ?? `https://${SHOP}`, sid: "session-1" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${SHOP}/admin`)
    .setAudience(overrides.aud ?? API_KEY)
    .setSubject("42")
    .setIssuedAt()
    .setExpirationTime("1m")
    .sign(new TextEncoder().encode(overrides.secret ?? API_SECRET));
}

describe("Admin double over HTTP", () => {
  it("answers 401 without a valid access token and 200 with one", async () => {
    const { graphql } = await serve();
    const missing = await graphql("{ shop { name } }", null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    expect((await graphql("{ shop { name } }", "shpat_wrong")).status).toBe(401);
    const ok = await graphql("{ shop { name myshopifyDomain currencyCode } }");
    expect(ok.status).toBe(200);
    expect((await ok.json()).data.shop).toEqual({ name: "Aftercare Test", myshopifyDomain: SHOP, currencyCode: "PLN" });
  });

  it("drains the bucket, answers THROTTLED, then restores at 100 points per second", async () => {
    let now = Date.parse("2026-03-01T10:00:00Z");
    const { graphql, store } = await serve({ clock: () => now });
    const variantId = Object.keys(store.shopData(SHOP).variants)[0];
    store.withoutEvents(() => {
      for (let i = 0; i < 260; i++) store.createOrder(SHOP, { lineItems: [{ variantId, quantity: 1 }] });
    });
    const expensive = `{ orders(first: 250) { nodes { id name } } }`;
    const costs: number[] = [];
    let throttled: any = null;
    for (let i = 0; i < 10 && !throttled; i++) {
      const body = await (await graphql(expensive)).json();
      if (body.errors) throttled = body;
      else costs.push(body.extensions.cost.throttleStatus.currentlyAvailable);
    }
    expect(costs.length).toBeGreaterThan(1);
    expect(costs[1]).toBeLessThan(costs[0]);
    expect(throttled.errors).toEqual([{ message: "Throttled", extensions: { code: "THROTTLED", documentation: expect.any(String) } }]);
    expect(throttled.extensions.cost.requestedQueryCost).toBe(252);
    expect(throttled.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(252);
    now += 3_000;
    const restored = await (await graphql(expensive)).json();
    expect(restored.errors).toBeUndefined();
    expect(restored.data.orders.nodes).toHaveLength(250);
  });

  it("injects faults through POST /_double/faults", async () => {
    const { origin, graphql } = await serve();
    const inject = (fault: object) =>
      fetch(`${origin}/_double/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fault) });
    expect((await inject({ mode: "error5xx", count: 2 })).status).toBe(200);
    expect((await graphql("{ shop { name } }")).status).toBe(502);
    expect((await graphql("{ shop { name } }")).status).toBe(502);
    expect((await graphql("{ shop { name } }")).status).toBe(200);

    await inject({ shop: SHOP, mode: "throttle" });
    expect((await (await graphql("{ shop { name } }")).json()).errors[0].extensions.code).toBe("THROTTLED");

    await inject({ mode: "slow", delayMs: 150 });
    const started = Date.now();
    expect((await graphql("{ shop { name } }")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    expect((await inject({ mode: "explode" })).status).toBe(400);
  });

  it("exchanges a valid session token for offline and online access tokens", async () => {
    const { origin, store } = await serve();
    const exchange = async (requested: string, subject: string) =>
      fetch(`${origin}/shops/new-shop.myshopify.com/admin/oauth/access_token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          client_id: API_KEY,
          client_secret: API_SECRET,
          grant_type: TOKEN_EXCHANGE_GRANT,
          subject_token: subject,
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          requested_token_type: requested,
        }),
      });
    const token = await new SignJWT({ dest: "https://new-shop.myshopify.com" })
      .setProtectedHeader({ alg: "HS256" })
      .setAudience(API_KEY)
      .setSubject("42")
      .setExpirationTime("1m")
      .sign(new TextEncoder().encode(API_SECRET));
    const offline = await exchange(OFFLINE_TOKEN_TYPE, token);
    expect(offline.status).toBe(200);
    const offlineBody = await offline.json();
    expect(offlineBody).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: expect.stringContaining("read_orders") });
    expect(store.findInstallation(offlineBody.access_token)?.shop).toBe("new-shop.myshopify.com");

    const online = await (await exchange(ONLINE_TOKEN_TYPE, token)).json();
    expect(online).toMatchObject({ access_token: expect.stringMatching(/^shpua_/), expires_in: 86399, associated_user: { id: 42 } });
    expect(online.associated_user_scope).toBe(online.scope);

    const shopName = await fetch(`${origin}/shops/new-shop.myshopify.com/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": offlineBody.access_token },
      body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
    });
    expect((await shopName.json()).data.shop.myshopifyDomain).toBe("new-shop.myshopify.com");
  });

  it.each([
    ["a wrong signature", { secret: "not-the-secret" }],
    ["a wrong audience", { aud: "another-app" }],
    ["another shop as destination", { dest: "https://elsewhere.myshopify.com" }],
  ])("refuses a session token with %s", async (_label, overrides) => {
    const { origin } = await serve();
    const response = await fetch(`${origin}/shops/${SHOP}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: API_KEY,
        client_secret: API_SECRET,
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: await sessionToken(overrides),
        requested_token_type: OFFLINE_TOKEN_TYPE,
      }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("invalid_subject_token");
  });
});
