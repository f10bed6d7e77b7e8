import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  AdminStore,
  DEFAULT_SCOPES,
  seedBulkOrders,
  type AdminApiListener,
  type BulkOperationRecord,
  type FaultInput,
} from "../../support/shopify/admin";
import { startShopifyDouble, type ShopifyDouble } from "../../support/shopify/index.js";
import { signWebhook } from "../../support/shopify/webhook-sender.js";
import { waitForValue } from "../../support/wait";
import { startRecordingApp, type RecordedRequest, type RecordingApp } from "../delivery/recording-app.js";
import { ALL_CUSTOMERS_QUERY, CUSTOMERS_QUERY, ORDERS_QUERY } from "./app-bulk-queries";

const SHOP = "bulk-test.myshopify.com";
const TOKEN = "shpat_bulk_test_token";
const API_KEY = "bulk-api-key";
const API_SECRET = "bulk-api-secret";
const START = Date.parse("2026-03-01T10:00:00Z");
const SINCE = Date.parse("2025-11-26T00:00:00Z");
const DAY = 86_400_000;

// The same order fields, asked of the ordinary (non-bulk) API to compare with the JSONL lines.
const ORDER_FIELDS = `id name email createdAt processedAt updatedAt cancelledAt
  displayFinancialStatus displayFulfillmentStatus customerLocale currencyCode
  totalPriceSet { shopMoney { amount currencyCode } }
  subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }
  totalShippingPriceSet { shopMoney { amount } } taxesIncluded discountCodes
  customer { id }
  fulfillments { id status displayStatus createdAt updatedAt deliveredAt trackingInfo { company number url } }
  refunds { id createdAt note totalRefundedSet { shopMoney { amount currencyCode } } }`;

const RUN = `mutation Run($query: String!, $group: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $group) {
    bulkOperation { id status type query objectCount rootObjectCount url createdAt }
    userErrors { field message code }
  }
}`;
const OPERATION_FIELDS = "id status errorCode createdAt completedAt objectCount rootObjectCount fileSize url partialDataUrl query type";
const CURRENT = `{ currentBulkOperation { ${OPERATION_FIELDS} } }`;
const CANCEL = `mutation Cancel($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }`;

type Json = Record<string, any>;

const opened: { close(): Promise<void> }[] = [];
const directories: string[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
  for (const dir of directories.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function bulkDirectory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bulk-test-"));
  directories.push(dir);
  return dir;
}

/** A shop with ~60 orders over the last five months (some shipped, delivered, refunded, cancelled). */
function seededStore(clock: () => number): AdminStore {
  const store = new AdminStore({ clock });
  store.upsertShop(SHOP, { name: "Bulk Test", currencyCode: "PLN", ianaTimezone: "Europe/Warsaw" });
  seedBulkOrders(store, SHOP, { orders: 60, linesPerOrder: 3, customers: 25, since: "2025-10-01T00:00:00Z" });
  store.withoutEvents(() => {
    const [variant] = Object.keys(store.shopData(SHOP).variants);
    const customer = store.allCustomers(SHOP)[0].id;
    const at = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
    const shipped = store.createOrder(SHOP, {
      customerId: customer,
      lineItems: [{ variantId: variant, quantity: 2 }],
      createdAt: at(START - 9 * DAY),
    });
    const fulfillment = store.fulfill(SHOP, shipped.id, {
      at: at(START - 8 * DAY),
      tracking: { company: "InPost", number: "620111222333", url: "https://inpost.pl/sledzenie-przesylek?number=620111222333" },
    });
    store.markDelivered(SHOP, fulfillment.id, at(START - 6 * DAY));
    const refunded = store.createOrder(SHOP, {
      customerId: customer,
      lineItems: [{ variantId: variant, quantity: 1 }],
      createdAt: at(START - 5 * DAY),
    });
    store.refund(SHOP, refunded.id, { note: "Uszkodzony", at: at(START - 4 * DAY) });
    const cancelled = store.createOrder(SHOP, {
      customerId: customer,
      lineItems: [{ variantId: variant, quantity: 1 }],
      createdAt: at(START - 3 * DAY),
    });
    store.cancel(SHOP, cancelled.id, { at: at(START - 3 * DAY + 3_600_000) });
  });
  return store;
}

interface Harness {
  store: AdminStore;
  app: RecordingApp;
  double: ShopifyDouble;
  api: AdminApiListener;
  graphql(query: string, variables?: Json): Promise<Json>;
  run(query: string, groupObjects?: boolean): Promise<Json>;
  current(): Promise<Json>;
  waitUntilFinished(): Promise<Json>;
  fault(fault: FaultInput): Promise<Response>;
  finishWebhooks(): RecordedRequest[];
  advance(ms: number): void;
}

async function startDouble(options: { scope?: string; store?: AdminStore; directory?: string } = {}): Promise<Harness> {
  let now = START;
  const store = options.store ?? seededStore(() => now);
  if (!options.store) store.install(SHOP, { accessToken: TOKEN, scope: options.scope ?? DEFAULT_SCOPES });
  const app = await startRecordingApp();
  opened.push(app);
  const double = await startShopifyDouble({
    appUrl: app.url,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    store,
    deliverWebhooks: true,
    webhooks: { retries: 0 },
    adminOptions: { bulk: { directory: options.directory ?? bulkDirectory() } },
  });
  opened.push(double);
  const api = double.adminApi as AdminApiListener;
  // A test that stops half-way must not leave a paused runner behind.
  opened.push({
    close: async () => {
      api.bulk.resume();
      await api.bulk.settled();
    },
  });
  const graphql = async (query: string, variables: Json = {}) => {
    const response = await fetch(`${double.url}/shops/${SHOP}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": TOKEN },
      body: JSON.stringify({ query, variables }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body.errors).toBeUndefined();
    return body.data as Json;
  };
  const current = async () => (await graphql(CURRENT)).currentBulkOperation as Json;
  return {
    store,
    app,
    double,
    api,
    graphql,
    run: async (query, groupObjects = false) => (await graphql(RUN, { query, group: groupObjects })).bulkOperationRunQuery as Json,
    current,
    waitUntilFinished: () =>
      waitForValue(
        async () => {
          const operation = await current();
          return ["CREATED", "RUNNING", "CANCELING"].includes(operation.status) ? null : operation;
        },
        20_000,
        10,
        "the bulk operation to finish",
      ),
    fault: (fault) =>
      fetch(`${double.url}/_double/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fault),
      }),
    finishWebhooks: () => app.requests.filter((r) => r.headers["x-shopify-topic"] === "bulk_operations/finish"),
    advance: (ms) => {
      now += ms;
    },
  };
}

async function download(url: string): Promise<{ text: string; lines: Json[]; response: Response }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const text = await response.text();
  return {
    text,
    response,
    lines: text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Json),
  };
}

const gid = (type: string) => new RegExp(`^gid://shopify/${type}/\\d+$`);
const shopMoney = { shopMoney: { amount: expect.stringMatching(/^\d+\.\d{2}$/), currencyCode: "PLN" } };

describe("Admin double bulk operations", () => {
  it("runs the app's orders query and serves Shopify's JSONL, found through currentBulkOperation", async () => {
    const h = await startDouble();
    const started = await h.run(ORDERS_QUERY);
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation).toMatchObject({
      id: expect.stringMatching(gid("BulkOperation")),
      status: "CREATED",
      type: "QUERY",
      query: ORDERS_QUERY,
      objectCount: "0",
      rootObjectCount: "0",
      url: null,
      createdAt: "2026-03-01T10:00:00Z",
    });

    const finished = await h.waitUntilFinished();
    const orders = h.store.allOrders(SHOP).filter((o) => Date.parse(o.createdAt) >= SINCE);
    const lineItems = orders.flatMap((o) => o.lineItems);
    expect(finished).toMatchObject({
      id: started.bulkOperation.id,
      status: "COMPLETED",
      errorCode: null,
      completedAt: "2026-03-01T10:00:00Z",
      objectCount: String(orders.length + lineItems.length),
      rootObjectCount: String(orders.length),
      partialDataUrl: null,
      url: expect.stringMatching(new RegExp(`^${h.double.url}/bulk/[a-f0-9]{32}\\.jsonl\\?expires=\\d+&signature=[a-f0-9]{64}$`)),
    });

    const { text, lines, response } = await download(finished.url);
    expect(response.headers.get("content-type")).toBe("application/jsonl");
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(text));
    expect(finished.fileSize).toBe(String(Buffer.byteLength(text)));
    expect(text.endsWith("\n")).toBe(true);

    const orderLines = lines.filter((l) => !("__parentId" in l));
    const childLines = lines.filter((l) => "__parentId" in l);
    expect(orderLines.map((l) => l.id)).toEqual(
      [...orders]
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(BigInt(a.id.split("/").pop()!) - BigInt(b.id.split("/").pop()!)))
        .map((o) => o.id),
    );
    expect(childLines.map((l) => l.id).sort()).toEqual(lineItems.map((li) => li.id).sort());

    // Every child names a parent that came earlier; ungrouped, the children follow all the parents of their chunk.
    const seen = new Set<string>();
    for (const line of lines) {
      if ("__parentId" in line) expect(seen.has(line.__parentId)).toBe(true);
      seen.add(line.id);
    }
    expect(lines.findIndex((l) => "__parentId" in l)).toBe(orderLines.length);

    for (const line of orderLines) {
      expect(line.id).toMatch(gid("Order"));
      expect(line).not.toHaveProperty("lineItems");
      expect(line.totalPriceSet).toEqual(shopMoney);
      expect(line.customer).toEqual({ id: expect.stringMatching(gid("Customer")) });
      expect(Array.isArray(line.fulfillments) && Array.isArray(line.refunds)).toBe(true);
    }
    for (const line of childLines) {
      expect(Object.keys(line)).toEqual([
        "id",
        "title",
        "variantTitle",
        "sku",
        "quantity",
        "product",
        "variant",
        "originalUnitPriceSet",
        "__parentId",
      ]);
      expect(line).toMatchObject({
        id: expect.stringMatching(gid("LineItem")),
        product: { id: expect.stringMatching(gid("Product")) },
        variant: { id: expect.stringMatching(gid("ProductVariant")) },
        originalUnitPriceSet: shopMoney,
        __parentId: expect.stringMatching(gid("Order")),
      });
    }

    const delivered = orderLines.find((l) => l.fulfillments[0]?.trackingInfo[0]?.number === "620111222333")!;
    expect(delivered.fulfillments).toEqual([
      {
        id: expect.stringMatching(gid("Fulfillment")),
        status: "SUCCESS",
        displayStatus: "DELIVERED",
        createdAt: "2026-02-21T10:00:00Z",
        updatedAt: "2026-02-23T10:00:00Z",
        deliveredAt: "2026-02-23T10:00:00Z",
        trackingInfo: [{ company: "InPost", number: "620111222333", url: "https://inpost.pl/sledzenie-przesylek?number=620111222333" }],
      },
    ]);
    const refunded = orderLines.find((l) => l.refunds[0]?.note === "Uszkodzony")!;
    expect(refunded).toMatchObject({
      displayFinancialStatus: "REFUNDED",
      refunds: [{ id: expect.stringMatching(gid("Refund")), totalRefundedSet: shopMoney }],
    });
    expect(orderLines.some((l) => l.cancelledAt !== null)).toBe(true);

    // Each order line is what the ordinary API answers for that order, minus its line items.
    for (const line of [delivered, refunded, orderLines[0], orderLines[orderLines.length - 1]]) {
      const { order } = await h.graphql(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: line.id });
      expect(line).toEqual(order);
    }
  });

  it("completes without a file when the query finds nothing", async () => {
    const h = await startDouble();
    await h.run(`{ orders(query: "created_at:>='2030-01-01T00:00:00Z'") { edges { node { id lineItems { edges { node { id } } } } } } }`);
    expect(await h.waitUntilFinished()).toMatchObject({
      status: "COMPLETED",
      objectCount: "0",
      rootObjectCount: "0",
      url: null,
      fileSize: null,
    });
    expect(fs.readdirSync(h.api.bulk.directory)).toEqual([]);
  });

  it("groups each node's children right after it when asked to", async () => {
    const h = await startDouble();
    await h.run(ORDERS_QUERY, true);
    const { lines } = await download((await h.waitUntilFinished()).url);
    let parent: string | null = null;
    for (const line of lines) {
      if ("__parentId" in line) expect(line.__parentId).toBe(parent);
      else parent = line.id;
    }
  });

  it("runs the customers query with or without a search, and tells the app through bulk_operations/finish", async () => {
    const h = await startDouble();
    const started = await h.run(CUSTOMERS_QUERY);
    const [delivery] = await waitForValue(
      () => (h.finishWebhooks().length > 0 ? h.finishWebhooks() : null),
      10_000,
      10,
      "the finish webhook",
    );
    expect(delivery.url).toBe("/webhooks");
    expect(delivery.headers).toMatchObject({
      "x-shopify-topic": "bulk_operations/finish",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-hmac-sha256": signWebhook(delivery.body, API_SECRET),
    });
    // Shopify's documented payload: flat, shop-local times, lower-case status and type.
    expect(JSON.parse(delivery.body)).toEqual({
      admin_graphql_api_id: started.bulkOperation.id,
      completed_at: "2026-03-01T11:00:00+01:00",
      created_at: "2026-03-01T11:00:00+01:00",
      error_code: null,
      status: "completed",
      type: "query",
    });

    const { node } = await h.graphql(`query($id: ID!) { node(id: $id) { ... on BulkOperation { ${OPERATION_FIELDS} } } }`, {
      id: started.bulkOperation.id,
    });
    expect(node).toMatchObject({ id: started.bulkOperation.id, status: "COMPLETED", type: "QUERY" });
    const recent = h.store.allCustomers(SHOP).filter((c) => Date.parse(c.updatedAt) >= SINCE);
    expect(recent.length).toBeGreaterThan(0);
    const { lines } = await download(node.url);
    expect(lines.map((l) => l.id)).toEqual(recent.map((c) => c.id));
    for (const line of lines) {
      expect(line).toEqual({
        id: expect.stringMatching(gid("Customer")),
        email: expect.stringContaining("@example.com"),
        firstName: expect.any(String),
        lastName: "Hurtowy",
        locale: expect.stringMatching(/^(pl|en)$/),
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        emailMarketingConsent:
          line.emailMarketingConsent.marketingState === "SUBSCRIBED"
            ? { marketingState: "SUBSCRIBED", consentUpdatedAt: line.createdAt }
            : { marketingState: "NOT_SUBSCRIBED", consentUpdatedAt: null },
      });
    }

    await h.run(ALL_CUSTOMERS_QUERY);
    const all = await download((await h.waitUntilFinished()).url);
    expect(all.lines).toHaveLength(h.store.allCustomers(SHOP).length);
  });

  it("refuses a second query while one is in progress", async () => {
    const h = await startDouble();
    expect((await h.fault({ mode: "bulkPause" })).status).toBe(200);
    const first = await h.run(ORDERS_QUERY);
    await waitForValue(async () => ((await h.current()).status === "RUNNING" ? true : null), 5_000, 10, "RUNNING");
    const second = await h.run(CUSTOMERS_QUERY);
    expect(second).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          field: null,
          message: `A bulk query operation for this app and shop is already in progress: ${first.bulkOperation.id}.`,
          code: "OPERATION_IN_PROGRESS",
        },
      ],
    });
    await fetch(`${h.double.url}/_double/faults`, { method: "DELETE" });
    expect(await h.waitUntilFinished()).toMatchObject({ id: first.bulkOperation.id, status: "COMPLETED" });
    expect((await h.run(CUSTOMERS_QUERY)).userErrors).toEqual([]);
  });

  it.each([
    ["no connection", `{ shop { name } }`, "Bulk queries must contain at least one connection."],
    [
      "connections nested three deep",
      `{ customers { edges { node { id orders { edges { node { id returns { edges { node { id returnLineItems { edges { node { id } } } } } } } } } } } } }`,
      "Bulk queries cannot contain connections with a nesting depth greater than 2.",
    ],
    [
      "six connections",
      `{ orders { edges { node { id a: lineItems { edges { node { id } } } b: lineItems { edges { node { id } } } c: lineItems { edges { node { id } } }
         d: lineItems { edges { node { id } } } e: lineItems { edges { node { id } } } } } } }`,
      "Bulk queries cannot contain more than 5 connections.",
    ],
    [
      "an unknown field",
      `{ orders { edges { node { id loyaltyTier } } } }`,
      "Invalid bulk query: Field 'loyaltyTier' doesn't exist on type 'Order'",
    ],
    ["a syntax error", `{ orders { edges { node { id } }`, expect.stringMatching(/^Invalid bulk query: Syntax Error/)],
    [
      "a parent without its id",
      `{ orders { edges { node { name lineItems { edges { node { id } } } } } } }`,
      "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': orders.",
    ],
    [
      "nodes instead of edges",
      `{ orders { nodes { id } } }`,
      "All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: 'orders { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: 'orders'.",
    ],
    [
      "a connection inside a list",
      `{ orders { edges { node { id fulfillments { fulfillmentLineItems { edges { node { id } } } } } } } }`,
      "Queries that contain a connection field within a list field are not currently supported.",
    ],
  ])("refuses a query with %s (INVALID)", async (_label, query, message) => {
    const h = await startDouble();
    expect(await h.run(query)).toEqual({ bulkOperation: null, userErrors: [{ field: ["query"], message, code: "INVALID" }] });
    expect(await h.current()).toBeNull();
  });

  it("fails with ACCESS_DENIED when the app's scopes do not cover what the query reads", async () => {
    const h = await startDouble({ scope: "read_orders,read_products" });
    const started = await h.run(CUSTOMERS_QUERY);
    expect(started.userErrors).toEqual([]);
    expect(await h.waitUntilFinished()).toMatchObject({
      status: "FAILED",
      errorCode: "ACCESS_DENIED",
      url: null,
      partialDataUrl: null,
      objectCount: "0",
      fileSize: null,
      completedAt: null,
    });
    const [delivery] = await waitForValue(
      () => (h.finishWebhooks().length > 0 ? h.finishWebhooks() : null),
      10_000,
      10,
      "the finish webhook",
    );
    expect(JSON.parse(delivery.body)).toMatchObject({
      admin_graphql_api_id: started.bulkOperation.id,
      status: "failed",
      error_code: "access_denied",
      completed_at: null,
    });

    await h.run(`{ orders { edges { node { id name } } } }`);
    expect(await h.waitUntilFinished()).toMatchObject({ status: "COMPLETED", errorCode: null });
  });

  it("answers 403 with Google Cloud Storage's XML once the URL has expired, seven days on", async () => {
    const h = await startDouble();
    await h.run(ORDERS_QUERY);
    const { url } = await h.waitUntilFinished();
    h.advance(7 * DAY - 1_000);
    expect((await fetch(url)).status).toBe(200);
    expect((await h.current()).status).toBe("COMPLETED");
    h.advance(1_000);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(expired.headers.get("content-type")).toBe("application/xml; charset=UTF-8");
    expect(await expired.text()).toMatch(
      /^<\?xml version='1\.0' encoding='UTF-8'\?><Error><Code>ExpiredToken<\/Code><Message>The provided token has expired\.<\/Message>/,
    );
    expect(await h.current()).toMatchObject({ status: "EXPIRED", url });

    const forged = await fetch(url.replace(/signature=[a-f0-9]+/, `signature=${"0".repeat(64)}`));
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const unsigned = await fetch(url.split("?")[0]);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain("<Code>AccessDenied</Code>");
  });

  it("expires a URL on demand through the fault route", async () => {
    const h = await startDouble();
    await h.run(CUSTOMERS_QUERY);
    const { url } = await h.waitUntilFinished();
    expect((await h.fault({ mode: "bulkExpire", shop: SHOP })).status).toBe(200);
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Code>ExpiredToken</Code>");
    expect((await h.current()).status).toBe("EXPIRED");
  });

  it("reads EXPIRED once the file is gone, and the URL answers NoSuchKey", async () => {
    const h = await startDouble();
    await h.run(CUSTOMERS_QUERY);
    const { url, id } = await h.waitUntilFinished();
    fs.rmSync(h.store.bulkOperation(SHOP, id)!.file!.path);
    expect((await h.current()).status).toBe("EXPIRED");
    const response = await fetch(url);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("<Code>NoSuchKey</Code>");
  });

  it("serves byte ranges, so an interrupted download can resume", async () => {
    const h = await startDouble();
    seedBulkOrders(h.store, SHOP, { orders: 300, since: "2025-12-01T00:00:00Z" });
    await h.run(ORDERS_QUERY);
    const { url, fileSize } = await h.waitUntilFinished();
    const whole = await (await fetch(url)).text();
    const size = Number(fileSize);
    expect(size).toBeGreaterThan(256 * 1024);

    // The first response is cut off after its first chunk; the client asks for the rest.
    const cut = await fetch(url);
    expect(cut.headers.get("accept-ranges")).toBe("bytes");
    const reader = cut.body!.getReader();
    const first = (await reader.read()).value!;
    await reader.cancel();
    expect(first.length).toBeLessThan(size);
    const rest = await fetch(url, { headers: { range: `bytes=${first.length}-` } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get("content-range")).toBe(`bytes ${first.length}-${size - 1}/${size}`);
    expect(Number(rest.headers.get("content-length"))).toBe(size - first.length);
    const resumed = Buffer.concat([Buffer.from(first), Buffer.from(await rest.arrayBuffer())]).toString("utf8");
    expect(resumed).toBe(whole);

    const middle = await fetch(url, { headers: { range: "bytes=10-19" } });
    expect(middle.status).toBe(206);
    expect(await middle.text()).toBe(Buffer.from(whole).subarray(10, 20).toString("utf8"));
    const beyond = await fetch(url, { headers: { range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${size}`);
  });

  it("reports a growing objectCount while RUNNING", async () => {
    const h = await startDouble();
    await h.fault({ mode: "bulkSlow", delayMs: 30, chunkSize: 5 });
    await h.run(ORDERS_QUERY);
    const seen: number[] = [];
    const finished = await waitForValue(
      async () => {
        const operation = await h.current();
        if (operation.status === "RUNNING") seen.push(Number(operation.objectCount));
        return operation.status === "COMPLETED" ? operation : null;
      },
      20_000,
      5,
      "COMPLETED",
    );
    const progress = [...new Set(seen)];
    expect(progress.filter((n) => n > 0 && n < Number(finished.objectCount)).length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("cancels a running operation: CANCELING, then CANCELED with its webhook", async () => {
    const h = await startDouble();
    await h.fault({ mode: "bulkSlow", delayMs: 30, chunkSize: 5 });
    const { bulkOperation } = await h.run(ORDERS_QUERY);
    await waitForValue(async () => ((await h.current()).status === "RUNNING" ? true : null), 5_000, 5, "RUNNING");
    const canceling = (await h.graphql(CANCEL, { id: bulkOperation.id })).bulkOperationCancel;
    expect(canceling).toEqual({ bulkOperation: { id: bulkOperation.id, status: "CANCELING" }, userErrors: [] });
    expect(await h.waitUntilFinished()).toMatchObject({ status: "CANCELED", url: null, completedAt: null, errorCode: null });
    const [delivery] = await waitForValue(
      () => (h.finishWebhooks().length > 0 ? h.finishWebhooks() : null),
      10_000,
      10,
      "the finish webhook",
    );
    expect(JSON.parse(delivery.body)).toMatchObject({ status: "canceled", error_code: null });

    expect((await h.graphql(CANCEL, { id: bulkOperation.id })).bulkOperationCancel).toEqual({
      bulkOperation: { id: bulkOperation.id, status: "CANCELED" },
      userErrors: [{ field: null, message: "A bulk operation cannot be canceled when it is canceled" }],
    });
    expect((await h.graphql(CANCEL, { id: "gid://shopify/BulkOperation/1" })).bulkOperationCancel).toEqual({
      bulkOperation: null,
      userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }],
    });
  });

  it.each([
    ["INTERNAL_SERVER_ERROR", 10, "internal_server_error"],
    ["TIMEOUT", 0, "timeout"],
  ] as const)("fails with %s when told to, keeping what was written as partial data", async (errorCode, afterObjects, webhookCode) => {
    const h = await startDouble();
    await h.fault({ mode: "bulkFail", errorCode, afterObjects });
    await h.fault({ mode: "bulkSlow", delayMs: 0, chunkSize: 5 });
    await h.run(ORDERS_QUERY, true);
    const failed = await h.waitUntilFinished();
    expect(failed).toMatchObject({ status: "FAILED", errorCode, url: null, fileSize: null });
    if (afterObjects === 0) expect(failed.partialDataUrl).toBeNull();
    else {
      const { lines } = await download(failed.partialDataUrl);
      expect(lines.length).toBe(Number(failed.objectCount));
      expect(lines.length).toBeGreaterThanOrEqual(afterObjects);
    }
    const [delivery] = await waitForValue(
      () => (h.finishWebhooks().length > 0 ? h.finishWebhooks() : null),
      10_000,
      10,
      "the finish webhook",
    );
    expect(JSON.parse(delivery.body)).toMatchObject({ status: "failed", error_code: webhookCode });
  });

  it("keeps finished operations across save and load; an unfinished one reads FAILED", async () => {
    const directory = bulkDirectory();
    const first = await startDouble({ directory });
    await first.run(CUSTOMERS_QUERY);
    const completed = await first.waitUntilFinished();
    await first.fault({ mode: "bulkPause" });
    const running = await first.run(ORDERS_QUERY);
    await waitForValue(async () => ((await first.current()).status === "RUNNING" ? true : null), 5_000, 10, "RUNNING");
    const file = path.join(directory, "shopify.json");
    first.store.save(file);

    const store = new AdminStore({ clock: () => START });
    expect(store.load(file)).toBe(true);
    const interrupted = store.bulkOperation(SHOP, running.bulkOperation.id) as BulkOperationRecord;
    expect(interrupted).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR" });
    const second = await startDouble({ store, directory });
    const { node } = await second.graphql(`query($id: ID!) { node(id: $id) { ... on BulkOperation { status url } } }`, {
      id: completed.id,
    });
    expect(node.status).toBe("COMPLETED");
    expect(node.url.startsWith(`${second.double.url}/bulk/`)).toBe(true);
    expect((await download(node.url)).text).toBe((await download(completed.url)).text);
    await fetch(`${first.double.url}/_double/faults`, { method: "DELETE" });
  });

  it("loads a store saved before bulk operations existed", () => {
    const store = seededStore(() => START);
    const snapshot = store.snapshot();
    for (const shop of Object.values(snapshot.shops)) delete (shop as Partial<typeof shop>).bulkOperations;
    const restored = new AdminStore({ clock: () => START });
    restored.restore(snapshot);
    expect(restored.bulkOperations(SHOP)).toEqual([]);
    expect(restored.currentBulkOperation(SHOP, "QUERY")).toBeNull();
  });
});

describe("Admin double bulk operations at scale", () => {
  it("exports 100,000 orders of 5 line items streaming to disk (memory far below the file's size), answering requests meanwhile", async () => {
    const directory = bulkDirectory();
    const store = new AdminStore({ clock: () => START });
    store.upsertShop(SHOP, { name: "Bulk Test", currencyCode: "PLN" });
    store.install(SHOP, { accessToken: TOKEN, scope: DEFAULT_SCOPES });
    const seeded = seedBulkOrders(store, SHOP, { orders: 100_000, linesPerOrder: 5, since: "2025-11-26T00:00:00Z" });
    expect(seeded).toMatchObject({ orders: 100_000, lineItems: 500_000 });
    expect(seeded.fulfilled).toBeGreaterThan(50_000);
    expect(seeded.delivered).toBeGreaterThan(0);
    expect(seeded.refunded).toBeGreaterThan(0);
    expect(seeded.cancelled).toBeGreaterThan(0);
    const h = await startDouble({ store, directory });

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 25);
    const started = performance.now();
    const { bulkOperation } = await h.run(ORDERS_QUERY);
    const latencies: number[] = [];
    let running = true;
    const prober = (async () => {
      while (running) {
        const asked = performance.now();
        await h.graphql("{ shop { name } }");
        latencies.push(performance.now() - asked);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await h.api.bulk.settled();
    const exportMs = performance.now() - started;
    running = false;
    await prober;
    clearInterval(sampler);

    const operation = await h.current();
    expect(operation).toMatchObject({ id: bulkOperation.id, status: "COMPLETED", rootObjectCount: "100000", objectCount: "600000" });
    const file = store.bulkOperation(SHOP, bulkOperation.id)!.file!;
    expect(fs.statSync(file.path).size).toBe(Number(operation.fileSize));
    const tail = await fetch(operation.url, { headers: { range: "bytes=-4096" } });
    expect(tail.status).toBe(206);
    const last = JSON.parse((await tail.text()).trimEnd().split("\n").pop()!);
    expect(last).toMatchObject({ id: expect.stringMatching(gid("LineItem")), __parentId: expect.stringMatching(gid("Order")) });

    const rssGrowth = rssPeak - rssBefore;
    console.info(
      `bulk export of 100,000 orders × 5 lines: seeded in ${seeded.elapsedMs} ms; exported ${operation.objectCount} lines ` +
        `(${Math.round(Number(operation.fileSize) / 1e6)} MB) in ${Math.round(exportMs)} ms; RSS +${Math.round(rssGrowth / 1e6)} MB; ` +
        `slowest API answer meanwhile ${Math.round(Math.max(...latencies))} ms over ${latencies.length} requests`,
    );
    // Streamed: the process never holds anything like the whole file. (How fast is for `npm run bench:backfill`.)
    expect(rssGrowth).toBeLessThan(Number(operation.fileSize));
    // The export yields between chunks: other requests are answered while it runs.
    expect(latencies.length).toBeGreaterThan(5);
  }, 120_000);
});
