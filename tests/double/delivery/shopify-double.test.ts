import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { startShopifyDouble, type DoubleListener, type ShopifyDouble, type StoreChange } from "../../support/shopify/index.js";
import { signWebhook } from "../../support/shopify/webhook-sender.js";
import { startRecordingApp, type RecordingApp } from "./recording-app.js";
import { API_KEY, API_SECRET } from "./shopify-library.js";

const SHOP = "demo.myshopify.com";
const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  while (opened.length) await opened.pop()?.close();
});

async function start(extra: Partial<Parameters<typeof startShopifyDouble>[0]> = {}): Promise<{ app: RecordingApp; double: ShopifyDouble }> {
  const app = await startRecordingApp();
  opened.push(app);
  const double = await startShopifyDouble({ appUrl: app.url, apiKey: API_KEY, apiSecret: API_SECRET, ...extra });
  opened.push(double);
  return { app, double };
}

describe("startShopifyDouble", () => {
  it("listens on a free local port and answers 404 for unknown routes", async () => {
    const { double } = await start();
    expect(double.port).toBeGreaterThan(0);
    expect(double.url).toBe(`http://127.0.0.1:${double.port}`);
    const response = await fetch(`${double.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("GET /nowhere");
  });

  it("tries the Admin API first, then its own parts, then the extra listeners", async () => {
    const adminApi: DoubleListener = async (req, res) => {
      if (!req.url?.startsWith("/admin/api/")) return false;
      res.writeHead(200).end("admin");
      return true;
    };
    const storefront: DoubleListener = async (req, res) => {
      if (!req.url?.startsWith("/shops/demo.myshopify.com/products")) return false;
      res.writeHead(200).end("storefront");
      return true;
    };
    const { double } = await start({ adminApi, listeners: [storefront] });
    expect(await (await fetch(`${double.url}/admin/api/2026-10/graphql.json`, { method: "POST" })).text()).toBe("admin");
    expect(await (await fetch(`${double.url}/shops/${SHOP}/products/mug`)).text()).toBe("storefront");
    expect((await fetch(`${double.url}/app-bridge.js`)).status).toBe(200);
  });

  it("delivers store changes to the app as signed webhooks when asked to", async () => {
    const store = new EventEmitter();
    const adminApi = async () => false;
    const { app, double } = await start({ store, adminApi, deliverWebhooks: true, webhooks: { retries: 0 } });
    const change: StoreChange = { shop: SHOP, topic: "orders/paid", payload: '{"id":820982911946154508}' };
    store.emit("change", change);
    await Promise.all(double.deliveries);

    expect(app.requests).toHaveLength(1);
    const [request] = app.requests;
    expect(request.url).toBe("/webhooks");
    expect(request.headers["x-shopify-topic"]).toBe("orders/paid");
    expect(request.body).toBe('{"id":820982911946154508}');
    expect(request.headers["x-shopify-hmac-sha256"]).toBe(signWebhook(request.body, API_SECRET));
    expect(double.sender.history).toHaveLength(1);
  });

  it("does not deliver store changes unless asked to", async () => {
    const store = new EventEmitter();
    const { app, double } = await start({ store, adminApi: async () => false });
    store.emit("change", { shop: SHOP, topic: "orders/paid", payload: "{}" });
    expect(double.deliveries).toHaveLength(0);
    expect(app.requests).toHaveLength(0);
  });
});
