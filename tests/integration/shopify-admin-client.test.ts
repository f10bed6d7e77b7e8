// The background Admin API client against the local Shopify double: real HTTP, real GraphQL
// validation, Shopify's cost bucket and injected outages.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "~/platform/errors";
import { AdminClient, resetThrottleState } from "~/platform/shopify-admin.server";
import { defineOperation } from "~/platform/shopify-operation";
import { SYNC_SHOP_JOB } from "~/shops/sync-shop-job.server";
import { ShopDetailsQuery } from "~/shops/shop.operations";
import { AdminStore, createAdminApi, type AdminApiListener } from "../support/shopify/admin";
import { startHarness } from "../support/app-harness";
import { waitFor } from "../support/wait";

const SHOP = "anna-ceramics.myshopify.com";
const TOKEN = "shpat_anna";
let server: http.Server;
let api: AdminApiListener;
let store: AdminStore;
let origin: string;

beforeAll(async () => {
  store = new AdminStore();
  store.upsertShop(SHOP, { name: "Ceramika Anny", currencyCode: "PLN", ianaTimezone: "Europe/Warsaw" });
  store.install(SHOP, { accessToken: TOKEN, scope: "read_orders" });
  api = createAdminApi(store, { apiKey: "test-api-key", apiSecret: "test-api-secret" });
  server = http.createServer(async (req, res) => {
    if (!(await api(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shops/{shop}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  api.faults.clear();
  resetThrottleState();
});

function client(over: Partial<ConstructorParameters<typeof AdminClient>[0]> = {}) {
  const sleeps: number[] = [];
  const c = new AdminClient({
    shop: SHOP,
    accessToken: TOKEN,
    apiVersion: "2026-10",
    originTemplate: origin,
    sleep: async (ms) => void sleeps.push(ms),
    ...over,
  });
  return { c, sleeps };
}

describe("Admin API client", () => {
  it("reads the shop through the configured origin", async () => {
    const { c } = client();
    const { shop } = await c.request(ShopDetailsQuery);
    expect(shop).toMatchObject({ name: "Ceramika Anny", currencyCode: "PLN", ianaTimezone: "Europe/Warsaw", myshopifyDomain: SHOP });
  });

  it("retries 5xx and THROTTLED answers with backoff, then succeeds", async () => {
    api.faults.inject({ shop: SHOP, mode: "error5xx", count: 2 });
    api.faults.inject({ shop: SHOP, mode: "throttle", count: 1 });
    const { c, sleeps } = client();
    const { shop } = await c.request(ShopDetailsQuery);
    expect(shop.name).toBe("Ceramika Anny");
    expect(sleeps).toHaveLength(3);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] / 2);
  });

  it("gives up after its retries with a retryable error, so the job retries later", async () => {
    api.faults.inject({ shop: SHOP, mode: "error5xx", count: 10 });
    const { c } = client({ maxRetries: 2 });
    const error = await c.request(ShopDetailsQuery).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "SHOPIFY_UNAVAILABLE", retryable: true });
  });

  it("reports a refused token and a GraphQL mistake as errors that retrying will not fix", async () => {
    const refused = await client({ accessToken: "shpat_wrong" })
      .c.request(ShopDetailsQuery)
      .catch((e) => e);
    expect(refused).toMatchObject({ code: "UNAUTHORIZED", retryable: false });
    const bad = defineOperation<unknown>("Bad", "query Bad { shop { nameThatDoesNotExist } }");
    const invalid = (await client()
      .c.request(bad)
      .catch((e) => e)) as AppError;
    expect(invalid).toMatchObject({ code: "SHOPIFY_GRAPHQL_ERROR", retryable: false });
    expect(invalid.message).toMatch(/nameThatDoesNotExist/);
  });

  it("waits for Shopify's cost bucket to refill instead of failing when it is empty", async () => {
    const sleeps: number[] = [];
    const { c } = client({ sleep: (ms) => (sleeps.push(ms), new Promise((r) => setTimeout(r, ms))) });
    // A query costing about a second of the bucket's refill: a busy machine's delay between draining
    // and asking cannot refill that much, so the first answer is always THROTTLED.
    const manyOrders = defineOperation<{ orders: { nodes: { id: string }[] } }>(
      "ManyOrders",
      "query ManyOrders { orders(first: 100) { nodes { id } } }",
    );
    api.graphql.bucket(SHOP).drain();
    const { orders } = await c.request(manyOrders);
    expect(Array.isArray(orders.nodes)).toBe(true);
    expect(sleeps.length).toBeGreaterThan(0);
    expect(sleeps.every((ms) => ms > 0 && ms <= 1_000)).toBe(true);
  });
});

describe("shop sync job", () => {
  it("records the shop's name, time zone and currency after install", async () => {
    const h = await startHarness({ envVars: { SHOPIFY_ADMIN_API_ORIGIN: origin } });
    try {
      await h.runtime.db.session.create({
        data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: TOKEN, scope: "read_orders" },
      });
      await h.runtime.db.shop.create({ data: { shop: SHOP } });
      await h.runtime.jobs.enqueue(SYNC_SHOP_JOB, { shop: SHOP }, { key: `sync:${SHOP}`, shop: SHOP });
      await waitFor(
        async () => Boolean((await h.runtime.db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).timezone),
        10_000,
        "the shop sync",
      );
      const row = await h.runtime.db.shop.findUniqueOrThrow({ where: { shop: SHOP } });
      expect(row).toMatchObject({ name: "Ceramika Anny", timezone: "Europe/Warsaw", currency: "PLN" });
    } finally {
      await h.stop();
    }
  });
});
