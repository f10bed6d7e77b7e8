import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAppProxy, signAppProxyQuery } from "../../support/shopify/app-proxy.js";
import { startRecordingApp, type RecordingApp } from "./recording-app.js";
import { API_SECRET, shopifyLibrary } from "./shopify-library.js";

const SHOP = "demo.myshopify.com";

describe("signAppProxyQuery", () => {
  it("reproduces the signature in Shopify's app proxy documentation", () => {
    const query = new URLSearchParams(
      "extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555",
    );
    expect(signAppProxyQuery(query, "hush")).toBe("4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb");
  });

  it("is accepted by @shopify/shopify-api's app proxy validator, and a tampered query is not", async () => {
    const query = new URLSearchParams({
      shop: SHOP,
      logged_in_customer_id: "",
      path_prefix: "/apps/aftercare",
      timestamp: String(Math.floor(Date.now() / 1000)),
    });
    query.append("tag", "a");
    query.append("tag", "b");
    query.set("signature", signAppProxyQuery(query, API_SECRET));
    const shopify = shopifyLibrary();
    expect(await shopify.utils.validateHmac(query, { signator: "appProxy" })).toBe(true);
    // Both values of a repeated key are signed: a query that kept only the last "tag" no longer matches.
    expect(await shopify.utils.validateHmac(Object.fromEntries(query), { signator: "appProxy" })).toBe(false);
    query.set("logged_in_customer_id", "99");
    expect(await shopify.utils.validateHmac(query, { signator: "appProxy" })).toBe(false);
  });
});

describe("app proxy forwarding", () => {
  let app: RecordingApp;
  let proxy: Server;
  let proxyUrl: string;

  beforeEach(async () => {
    app = await startRecordingApp();
    app.handle(() => ({
      status: 201,
      headers: { "content-type": "application/liquid", "x-internal": "no" },
      body: "{{ shop.name }} returns",
    }));
    const listener = createAppProxy({ appUrl: app.url, apiSecret: API_SECRET });
    proxy = createServer(async (req, res) => {
      if (!(await listener(req, res))) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    proxy.closeAllConnections();
    proxy.close();
    await app.close();
  });

  it("forwards a logged-in customer's GET with Shopify's signed parameters and streams the answer back", async () => {
    const response = await fetch(`${proxyUrl}/shops/${SHOP}/apps/aftercare/returns/new?order=1001`, {
      headers: { cookie: "theme=dawn; double_customer_id=7" },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/liquid");
    expect(response.headers.get("x-internal")).toBeNull();
    expect(await response.text()).toBe("{{ shop.name }} returns");

    const [forwarded] = app.requests;
    const url = new URL(forwarded.url, app.url);
    expect(url.pathname).toBe("/proxy/returns/new");
    expect(url.searchParams.get("order")).toBe("1001");
    expect(url.searchParams.get("shop")).toBe(SHOP);
    expect(url.searchParams.get("logged_in_customer_id")).toBe("7");
    expect(url.searchParams.get("path_prefix")).toBe("/apps/aftercare");
    expect(Math.abs(Number(url.searchParams.get("timestamp")) - Date.now() / 1000)).toBeLessThan(5);
    expect(forwarded.headers.cookie).toBeUndefined();
    expect(await shopifyLibrary().utils.validateHmac(url.searchParams, { signator: "appProxy" })).toBe(true);
  });

  it("sends an empty customer id when logged out and forwards POST bodies", async () => {
    const response = await fetch(`${proxyUrl}/shops/${SHOP}/apps/aftercare`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "email=a%40example.com",
    });
    expect(response.status).toBe(201);
    const [forwarded] = app.requests;
    const url = new URL(forwarded.url, app.url);
    expect(forwarded.method).toBe("POST");
    expect(url.pathname).toBe("/proxy");
    expect(forwarded.body).toBe("email=a%40example.com");
    expect(forwarded.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(url.searchParams.get("logged_in_customer_id")).toBe("");
    expect(await shopifyLibrary().utils.validateHmac(url.searchParams, { signator: "appProxy" })).toBe(true);
  });

  it("replaces forged Shopify parameters from the storefront", async () => {
    await fetch(`${proxyUrl}/shops/${SHOP}/apps/aftercare/x?logged_in_customer_id=1&signature=forged&shop=evil.myshopify.com`);
    const url = new URL(app.requests[0].url, app.url);
    expect(url.searchParams.getAll("logged_in_customer_id")).toEqual([""]);
    expect(url.searchParams.getAll("shop")).toEqual([SHOP]);
    expect(await shopifyLibrary().utils.validateHmac(url.searchParams, { signator: "appProxy" })).toBe(true);
  });

  it("passes app redirects through instead of following them", async () => {
    app.handle(() => ({ status: 302, headers: { location: "/apps/aftercare/thanks" } }));
    const response = await fetch(`${proxyUrl}/shops/${SHOP}/apps/aftercare/submit`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/apps/aftercare/thanks");
  });

  it("leaves other paths to other listeners", async () => {
    expect((await fetch(`${proxyUrl}/shops/${SHOP}/apps/other/x`)).status).toBe(404);
    expect(app.requests).toHaveLength(0);
  });
});
