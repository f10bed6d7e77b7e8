import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signWebhook, WebhookSender } from "../../support/shopify/webhook-sender.js";
import { waitFor } from "../../support/wait.js";
import { startRecordingApp, type RecordingApp } from "./recording-app.js";
import { API_SECRET, shopifyLibrary } from "./shopify-library.js";
import { readText } from "../../../app/platform/request-body";

const SHOP = "demo.myshopify.com";
// Exact 64-bit ids: a float round-trip would turn ...508 into ...500.
const ORDER_JSON = '{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","total_price":"10.00"}';

let app: RecordingApp;
beforeEach(async () => {
  app = await startRecordingApp();
});
afterEach(() => app.close());

const sender = (extra: Partial<ConstructorParameters<typeof WebhookSender>[0]> = {}) =>
  new WebhookSender({ appUrl: app.url, apiSecret: API_SECRET, retries: 2, backoffMs: 5, ...extra });

describe("webhook delivery", () => {
  it("posts the raw body to /webhooks with Shopify's headers and a verifiable HMAC", async () => {
    const before = Date.now();
    const [result] = await sender().deliver(SHOP, "orders/paid", ORDER_JSON);

    expect(app.requests).toHaveLength(1);
    const [request] = app.requests;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/webhooks");
    expect(request.body).toBe(ORDER_JSON);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["x-shopify-topic"]).toBe("orders/paid");
    expect(request.headers["x-shopify-shop-domain"]).toBe(SHOP);
    expect(request.headers["x-shopify-api-version"]).toBe("2026-10");
    expect(request.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.headers["x-shopify-webhook-id"]).toBe(result.webhookId);
    expect(request.headers["x-shopify-event-id"]).toBe(result.eventId);
    const triggeredAt = Date.parse(String(request.headers["x-shopify-triggered-at"]));
    expect(triggeredAt).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(triggeredAt).toISOString()).toBe(request.headers["x-shopify-triggered-at"]);

    // Verification exactly as shopify.dev documents it: base64 HMAC-SHA256 of the raw body.
    const expected = createHmac("sha256", API_SECRET).update(request.body, "utf8").digest();
    const received = Buffer.from(String(request.headers["x-shopify-hmac-sha256"]), "base64");
    expect(timingSafeEqual(expected, received)).toBe(true);
    expect(result).toMatchObject({ status: 200, ok: true, copy: 0 });
  });

  it("serialises object payloads and signs them with signWebhook", async () => {
    await sender({ apiVersion: "2025-01" }).deliver(SHOP, "customers/create", { id: 1, email: "a@example.com" });
    const [request] = app.requests;
    expect(JSON.parse(request.body)).toEqual({ id: 1, email: "a@example.com" });
    expect(request.headers["x-shopify-hmac-sha256"]).toBe(signWebhook(request.body, API_SECRET));
    expect(request.headers["x-shopify-api-version"]).toBe("2025-01");
  });

  it("writes bigint ids in object payloads as exact JSON numbers", async () => {
    await sender().deliver(SHOP, "orders/paid", {
      id: 820982911946154508n,
      admin_graphql_api_id: "gid://shopify/Order/820982911946154508",
    });
    expect(app.requests[0].body).toBe('{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508"}');
  });

  it("is accepted by @shopify/shopify-api's webhook validation, and a wrong secret is not", async () => {
    const shopify = shopifyLibrary();
    const verdicts: unknown[] = [];
    const server = createServer(async (req, res) => {
      const verdict = await shopify.webhooks.validate({
        rawBody: await readText(req),
        rawRequest: req,
        rawResponse: res,
      });
      verdicts.push(verdict);
      res.writeHead(verdict.valid ? 200 : 401).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const [good] = await new WebhookSender({ appUrl: url, apiSecret: API_SECRET, retries: 0 }).deliver(SHOP, "orders/paid", ORDER_JSON);
      const [bad] = await new WebhookSender({ appUrl: url, apiSecret: "someone-else", retries: 0 }).deliver(
        SHOP,
        "orders/paid",
        ORDER_JSON,
      );
      expect(good.status).toBe(200);
      expect(verdicts[0]).toMatchObject({
        valid: true,
        topic: "ORDERS_PAID",
        domain: SHOP,
        apiVersion: "2026-10",
        webhookId: good.webhookId,
      });
      expect(bad.status).toBe(401);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("delivers duplicates with the same webhook id, body and signature", async () => {
    const results = await sender().deliver(SHOP, "orders/paid", ORDER_JSON, { duplicate: 2 });
    expect(results.map((r) => r.copy)).toEqual([0, 1, 2]);
    expect(app.requests).toHaveLength(3);
    const ids = new Set(app.requests.map((r) => r.headers["x-shopify-webhook-id"]));
    const signatures = new Set(app.requests.map((r) => r.headers["x-shopify-hmac-sha256"]));
    expect(ids.size).toBe(1);
    expect(signatures.size).toBe(1);
    expect(new Set(app.requests.map((r) => r.body))).toEqual(new Set([ORDER_JSON]));
  });

  it("waits delayMs before sending", async () => {
    const started = Date.now();
    await sender().deliver(SHOP, "orders/paid", ORDER_JSON, { delayMs: 120 });
    expect(app.requests[0].at - started).toBeGreaterThanOrEqual(110);
  });

  it("holds deliveries and releases them in reverse order", async () => {
    const s = sender();
    s.hold();
    const first = s.deliver(SHOP, "orders/create", '{"n":1}');
    const second = s.deliver(SHOP, "orders/paid", '{"n":2}');
    const third = s.deliver(SHOP, "fulfillments/create", '{"n":3}');
    // Held means queued and not sent: all three are waiting, and the app has seen none of them.
    await waitFor(() => s.pending === 3);
    expect(app.requests).toHaveLength(0);

    const released = await s.release({ order: "reverse" });
    expect(app.requests.map((r) => r.headers["x-shopify-topic"])).toEqual(["fulfillments/create", "orders/paid", "orders/create"]);
    expect(released.map((r) => r.topic)).toEqual(["fulfillments/create", "orders/paid", "orders/create"]);
    const [[a], [b], [c]] = await Promise.all([first, second, third]);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);

    await s.deliver(SHOP, "orders/paid", "{}");
    expect(app.requests).toHaveLength(4);
  });

  it("shuffles held deliveries with the given random source", async () => {
    const s = sender();
    s.hold();
    const topics = ["a/1", "a/2", "a/3", "a/4"];
    for (const topic of topics) void s.deliver(SHOP, topic, "{}");
    // Fisher–Yates with random() = 0 moves each item to the front in turn: [2,3,4,1].
    await s.release({ order: "shuffle", random: () => 0 });
    expect(app.requests.map((r) => r.headers["x-shopify-topic"])).toEqual(["a/2", "a/3", "a/4", "a/1"]);
  });

  it("retries non-2xx answers with the same webhook id and stops at the first success", async () => {
    app.respondWith(500, 503, 200);
    const [result] = await sender({ retries: 4 }).deliver(SHOP, "orders/paid", ORDER_JSON);
    expect(result.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(new Set(app.requests.map((r) => r.headers["x-shopify-webhook-id"])).size).toBe(1);
    expect(app.requests).toHaveLength(3);
  });

  it("gives up after the configured retries with backoff between attempts", async () => {
    app.respondWith(500);
    const [result] = await sender({ retries: 2, backoffMs: 40 }).deliver(SHOP, "orders/paid", ORDER_JSON);
    expect(result).toMatchObject({ ok: false, status: 500 });
    expect(app.requests).toHaveLength(3);
    // Backoff doubles: 40 ms then 80 ms.
    expect(app.requests[1].at - app.requests[0].at).toBeGreaterThanOrEqual(35);
    expect(app.requests[2].at - app.requests[1].at).toBeGreaterThanOrEqual(75);
  });

  it("records an unreachable app as failed attempts instead of throwing", async () => {
    await app.close();
    const [result] = await sender({ retries: 1 }).deliver(SHOP, "orders/paid", ORDER_JSON);
    expect(result.ok).toBe(false);
    expect(result.status).toBeNull();
    expect(result.attempts).toHaveLength(2);
    app = await startRecordingApp();
  });
});
