// The production build (`remix build` + `npm start`) as Shopify reaches it: signed webhooks are accepted,
// forged ones refused, and a redelivered webhook is acknowledged without being stored twice.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient, type Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../support/shopify";
import { buildWebhookPayload, serializePayload } from "../support/shopify/admin";
import { placeOrder } from "../support/demo-orders";
import { startStack, type Stack } from "../support/stack";

let stack: Stack;
let dataDir: string;
let db: Client;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-built-"));
  stack = await startStack({ dataDir, appLogLevel: "warn" });
  db = createClient({ url: `file:${stack.files.database}` });
}, 90_000);

afterAll(async () => {
  db?.close();
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A real orders/create body for a new order, built without the store firing its own webhooks. */
function orderCreatedBody(): string {
  const order = stack.store.withoutEvents(() => placeOrder(stack.store, stack.shop, { customerId: stack.customer.id }));
  return serializePayload(buildWebhookPayload(stack.store, stack.shop, "orders/create", order));
}

function post(body: string, options: { webhookId: string; hmac?: string }) {
  return fetch(`${stack.urls.app}/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": stack.shop,
      "x-shopify-webhook-id": options.webhookId,
      "x-shopify-api-version": "2026-10",
      "x-shopify-hmac-sha256": options.hmac ?? signWebhook(body, stack.apiSecret),
    },
    body,
  });
}

async function stored(webhookId: string) {
  const { rows } = await db.execute({ sql: "SELECT topic, shop, status FROM WebhookDelivery WHERE webhookId = ?", args: [webhookId] });
  return rows.map((r) => ({ topic: r.topic, shop: r.shop, status: r.status }));
}

describe("the built server's webhook endpoint", () => {
  it("accepts a correctly signed webhook, stores it and processes it", async () => {
    const webhookId = randomUUID();
    const response = await post(orderCreatedBody(), { webhookId });
    expect(response.status).toBe(200);
    expect(await stored(webhookId)).toHaveLength(1);
    await expect.poll(async () => (await stored(webhookId))[0]?.status, { timeout: 10_000 }).toBe("processed");
    expect((await stored(webhookId))[0]).toMatchObject({ topic: "orders/create", shop: stack.shop });
  });

  it("refuses a webhook whose HMAC does not match, and keeps nothing of it", async () => {
    const webhookId = randomUUID();
    const body = orderCreatedBody();
    const response = await post(body, { webhookId, hmac: signWebhook(body, "not-the-app-secret") });
    expect(response.status).toBe(401);
    expect(await stored(webhookId)).toEqual([]);
  });

  it("answers 200 to a redelivered webhook id and stores it once", async () => {
    const webhookId = randomUUID();
    const body = orderCreatedBody();
    const first = await post(body, { webhookId });
    const again = await post(body, { webhookId });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.text()).toBe("duplicate");
    expect(await stored(webhookId)).toHaveLength(1);
  });
});
