// Bad input at the webhook door, from a fuzzing run: every refusal is a 4xx with a message, an
// oversized body is answered 413 (not a reset connection), empty or oversized headers are refused,
// and a signed body that can never be processed is dead after one attempt with a short reason.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhookBody } from "~/webhooks/hmac";
import { startHarness, TEST_SECRET, type Harness } from "../support/app-harness";
import { orderPayload } from "../support/payloads";

const SHOP = "anna-ceramics.myshopify.com";
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h.stop());

function headers(body: string | Buffer, over: Record<string, string> = {}) {
  return {
    "content-type": "application/json",
    "x-shopify-topic": "orders/create",
    "x-shopify-shop-domain": SHOP,
    "x-shopify-webhook-id": crypto.randomUUID(),
    "x-shopify-api-version": "2026-10",
    "x-shopify-hmac-sha256": signWebhookBody(body, TEST_SECRET),
    ...over,
  };
}

async function post(body: string, over: Record<string, string> = {}) {
  const hdrs = headers(body, over);
  const res = await fetch(`${h.url}/webhooks`, { method: "POST", headers: hdrs, body });
  return { status: res.status, text: await res.text(), webhookId: hdrs["x-shopify-webhook-id"] };
}

/** A POST whose body arrives in pieces with no Content-Length (chunked), as a streaming client sends it. */
function postChunked(chunks: Buffer[], hdrs: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${h.url}/webhooks`);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: hdrs }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    (async () => {
      for (const c of chunks) {
        if (!req.write(c)) await new Promise((r) => req.once("drain", r));
      }
      req.end();
    })().catch(reject);
  });
}

async function deliveryOf(webhookId: string) {
  await h.drain();
  return h.runtime.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
}

describe("bad webhooks", () => {
  it("answers 413 to a body over 5 MB, declared or streamed, and stores nothing", async () => {
    const big = JSON.stringify({ id: 1, note: "x".repeat(5 * 1024 * 1024) });
    const declared = await post(big);
    expect(declared).toMatchObject({ status: 413, text: expect.stringMatching(/over 5242880 bytes/) });
    const piece = Buffer.alloc(256 * 1024, 0x20);
    const streamed = await postChunked([Buffer.from("{"), ...Array.from({ length: 24 }, () => piece), Buffer.from("}")], {
      ...headers("{}"),
      "transfer-encoding": "chunked",
    });
    expect(streamed).toMatchObject({ status: 413, text: expect.stringMatching(/over 5242880 bytes/) });
    expect(await h.runtime.db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(0);
  });

  it.each([
    ["an empty webhook id", { "x-shopify-webhook-id": "" }, /Missing or empty X-Shopify-Webhook-Id/],
    ["an empty topic", { "x-shopify-topic": "" }, /Missing or empty X-Shopify-Topic/],
    ["an empty API version", { "x-shopify-api-version": "" }, /Missing or empty X-Shopify-API-Version/],
    ["an API version that is not one", { "x-shopify-api-version": "latest" }, /Invalid X-Shopify-API-Version/],
    ["a shop domain of 300 characters", { "x-shopify-shop-domain": `${"a".repeat(283)}.myshopify.com` }, /Invalid X-Shopify-Shop-Domain/],
    ["a webhook id of 300 characters", { "x-shopify-webhook-id": "w".repeat(300) }, /Invalid X-Shopify-Webhook-Id/],
    ["a topic that is a property of every object", { "x-shopify-topic": "__proto__" }, /Invalid X-Shopify-Topic/],
    ["a topic toString", { "x-shopify-topic": "toString" }, /Invalid X-Shopify-Topic/],
  ])("answers 400 with a message to %s, and stores nothing", async (_what, over, message) => {
    const before = await h.runtime.db.webhookDelivery.count();
    const res = await post(JSON.stringify(orderPayload()), over);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(message);
    expect(await h.runtime.db.webhookDelivery.count()).toBe(before);
  });

  it("keeps accepting deliveries with a real id after one with an empty id was refused", async () => {
    expect((await post(JSON.stringify(orderPayload()), { "x-shopify-webhook-id": "" })).status).toBe(400);
    const a = await post(JSON.stringify(orderPayload()));
    const b = await post(JSON.stringify(orderPayload()));
    expect([a.text, b.text]).toEqual(["ok", "ok"]);
  });

  it("skips a stored delivery whose topic names a property of every object, running nothing", async () => {
    for (const topic of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const webhookId = `proto-${topic}`;
      await h.runtime.db.webhookDelivery.create({
        data: { webhookId, shop: SHOP, topic, apiVersion: "2026-10", payload: "{}", receivedAt: new Date() },
      });
      h.runtime.kick();
      expect(await deliveryOf(webhookId)).toMatchObject({ status: "skipped", attempts: 1, lastError: `No handler for topic ${topic}` });
    }
  });

  it("records a privacy request whose payload is nested deep enough to overflow a recursive writer, as received", async () => {
    const body = `{"shop_id":1,"shop_domain":"${SHOP}","customer":{"id":7001,"email":"ola@example.pl"},"orders_to_redact":[],"extra":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const res = await post(body, { "x-shopify-topic": "customers/redact", "x-shopify-shop-domain": "deep-privacy.myshopify.com" });
    expect(res.status).toBe(200);
    await h.drain();
    const request = await h.runtime.db.complianceRequest.findUniqueOrThrow({ where: { webhookId: res.webhookId } });
    expect(request).toMatchObject({ topic: "customers/redact", customerGid: "gid://shopify/Customer/7001" });
  });

  it.each([
    ["JSON with a syntax error", '{"id": 1, "name": }', /not readable JSON/],
    ["nesting deep where an order has its lines", `{"id":1,"line_items":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, /line_items/],
    ["an amount that is not one", JSON.stringify({ ...orderPayload(), total_price: "twelve" }), /total_price must be a decimal amount/],
    [
      "an amount too large for the ledger",
      JSON.stringify({ ...orderPayload(), total_price: "99999999.00" }),
      /total_price: .*out of range/,
    ],
    ["a date that is not a date", JSON.stringify({ ...orderPayload(), updated_at: "garbage" }), /updated_at must be an ISO 8601 date/],
    [
      "a date out of range",
      JSON.stringify({ ...orderPayload(), created_at: "+275760-09-13T00:00:00.000Z" }),
      /created_at must be an ISO 8601 date/,
    ],
    [
      "a quantity that overflows its column",
      JSON.stringify({ ...orderPayload(), line_items: [{ ...orderPayload().line_items[0], quantity: 2 ** 40 }] }),
      /quantity/,
    ],
    [
      "a megabyte-long field",
      JSON.stringify({ ...orderPayload(), total_price: "1".repeat(1_000_000) }),
      /total_price must be a decimal amount/,
    ],
  ])("fails %s at once, dead after one attempt, with a reason under 1 KB", async (_what, body, reason) => {
    const res = await post(body);
    expect(res.status).toBe(200);
    const d = await deliveryOf(res.webhookId);
    expect(d).toMatchObject({ status: "dead", attempts: 1, nextAttemptAt: null });
    expect(d.lastError).toMatch(reason);
    expect(Buffer.byteLength(d.lastError ?? "")).toBeLessThan(1024);
  });
});
