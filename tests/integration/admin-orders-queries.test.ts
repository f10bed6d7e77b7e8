// The admin's Orders and Customers pages' queries on a real database: search by order number or
// email prefix, status filters, date sort, keyset pages both ways, one order with its lines,
// shipments and refunds, timelines in time order, customers with per-page aggregates — each shop
// seeing only its own rows. (How fast they stay at 100,000 orders: `npm run bench:admin`.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerGidOf, getCustomer, listCustomers } from "~/customers/customer-queries.server";
import { customerTimeline, orderTimeline } from "~/events/timeline.server";
import { createDb, type Db } from "~/platform/db.server";
import { migrate } from "~/platform/migrate.server";
import { countOrders, getOrder, lineTitles, listOrders, orderGidOf, type OrderListQuery } from "~/orders/order-queries.server";
import { dropDatabase, freshDatabaseUrl } from "../support/app-harness";

const ANNA = "anna-ceramics.myshopify.com";
const BOB = "bob-bikes.myshopify.com";

let url: string;
let db: Db;
beforeAll(async () => {
  url = await freshDatabaseUrl();
  await migrate(url);
  db = createDb(url);
});
afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

const at = (iso: string) => new Date(iso);

/** An order row as the projection writes it; `n` gives the name (#n), GID and a day in November 2026. */
function orderRow(shop: string, n: number, over: Partial<Parameters<Db["order"]["create"]>[0]["data"]> = {}) {
  return {
    shop,
    orderGid: orderGidOf(String(n)),
    name: `#${n}`,
    email: `buyer${n}@example.com`,
    customerGid: null,
    currency: "PLN",
    totalMinor: 10_000 + n,
    financialStatus: "paid",
    fulfillmentStatus: null,
    processedAt: at(`2026-11-${String((n % 28) + 1).padStart(2, "0")}T10:00:00Z`),
    shopifyUpdatedAt: at("2026-11-29T00:00:00Z"),
    ...over,
  };
}

const names = (page: { orders: { name: string }[] }) => page.orders.map((o) => o.name);

describe("order list", () => {
  beforeAll(async () => {
    await db.order.createMany({
      data: [
        orderRow(ANNA, 1001, { email: "anna.kowalska@example.pl", processedAt: at("2026-11-01T09:00:00Z") }),
        orderRow(ANNA, 1002, {
          email: "jan@example.com",
          processedAt: at("2026-11-02T09:00:00Z"),
          fulfillmentStatus: "fulfilled",
          deliveredAt: at("2026-11-04T12:00:00Z"),
          deliverySource: "carrier",
        }),
        orderRow(ANNA, 1003, {
          email: "anna.nowak@example.pl",
          processedAt: at("2026-11-03T09:00:00Z"),
          financialStatus: "partially_refunded",
        }),
        orderRow(ANNA, 1004, {
          email: "ola@example.com",
          processedAt: at("2026-11-04T09:00:00Z"),
          financialStatus: "refunded",
          cancelledAt: at("2026-11-05T09:00:00Z"),
        }),
        orderRow(ANNA, 1005, { email: "jan@example.com", processedAt: at("2026-11-05T09:00:00Z"), fulfillmentStatus: "fulfilled" }),
        orderRow(ANNA, 10010, { email: "zofia@example.com", processedAt: at("2026-11-06T09:00:00Z"), financialStatus: "pending" }),
        // Two orders at the same instant: the row id breaks the tie, so paging never skips or repeats one.
        orderRow(ANNA, 1006, { email: "ewa@example.com", processedAt: at("2026-11-07T09:00:00Z") }),
        orderRow(ANNA, 1007, { email: "ewa@example.com", processedAt: at("2026-11-07T09:00:00Z") }),
        // Bob's shop has the same names, emails and GIDs: none of it may ever show in Anna's.
        ...[1001, 1002, 1003, 1004, 1005, 1006, 1007, 10010, 1008].map((n) =>
          orderRow(BOB, n, { email: n === 1008 ? "anna.bob@example.pl" : "jan@example.com", deliveredAt: at("2026-11-10T00:00:00Z") }),
        ),
      ],
    });
  });

  const list = (q: OrderListQuery = {}) => listOrders(db, ANNA, q);

  it("lists the shop's orders newest first, or oldest first", async () => {
    const newest = await list();
    expect(newest.orders).toHaveLength(8);
    expect(names(newest).slice(0, 2).sort()).toEqual(["#1006", "#1007"]);
    expect(names(newest).slice(2)).toEqual(["#10010", "#1005", "#1004", "#1003", "#1002", "#1001"]);
    expect(names(await list({ sort: "oldest" }))).toEqual([...names(newest)].reverse());
    expect(newest.next).toBeNull();
    expect(newest.previous).toBeNull();
    expect(newest.orders[0]).toMatchObject({ id: expect.stringMatching(/^100[67]$/), currency: "PLN" });
    // The page's total counts this shop's orders only (Bob has nine).
    expect(await countOrders(db, ANNA)).toBe(8);
    expect(await countOrders(db, BOB)).toBe(9);
  });

  it.each([
    ["#1001", ["#10010", "#1001"]],
    ["1001", ["#10010", "#1001"]],
    ["#1004", ["#1004"]],
    ["anna", ["#1003", "#1001"]],
    ["ANNA.NOWAK@", ["#1003"]],
    ["jan@example.com", ["#1005", "#1002"]],
    ["#9999", []],
    ["anna.bob", []],
  ])("finds %j by order name or email prefix", async (search, expected) => {
    expect(names(await list({ search }))).toEqual(expected);
  });

  it.each([
    ["paid", ["#1007", "#1006", "#1005", "#1002", "#1001"]],
    ["fulfilled", ["#1005", "#1002"]],
    ["delivered", ["#1002"]],
    ["refunded", ["#1004", "#1003"]],
    ["cancelled", ["#1004"]],
  ] as const)("filters %s orders", async (status, expected) => {
    const found = names(await list({ status }));
    expect([...found].sort()).toEqual([...expected].sort());
  });

  it("combines a search with a filter", async () => {
    expect(names(await list({ search: "jan@", status: "delivered" }))).toEqual(["#1002"]);
  });

  it.each(["newest", "oldest"] as const)("pages through every order once, forwards and back (%s first)", async (sort) => {
    const all = names(await list({ sort }));
    const pages: string[][] = [];
    let page = await list({ sort, limit: 3 });
    pages.push(names(page));
    expect(page.previous).toBeNull();
    while (page.next) {
      page = await list({ sort, limit: 3, after: page.next });
      pages.push(names(page));
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(pages.flat()).toEqual(all);
    // And back from the last page to the first, page by page.
    const back: string[][] = [names(page)];
    while (page.previous) {
      page = await list({ sort, limit: 3, before: page.previous });
      back.unshift(names(page));
    }
    expect(back).toEqual(pages);
    expect(page.next).not.toBeNull();
  });

  it("treats a cursor it did not make as the first page", async () => {
    expect(names(await list({ after: "not-a-cursor" }))).toEqual(names(await list()));
  });
});

describe("one order", () => {
  const gid = orderGidOf("2001");
  beforeAll(async () => {
    await db.order.createMany({
      data: [
        orderRow(ANNA, 2001, {
          customerGid: customerGidOf("501"),
          fulfillmentStatus: "fulfilled",
          financialStatus: "partially_refunded",
          deliveredAt: at("2026-11-12T15:00:00Z"),
          deliverySource: "carrier",
        }),
        orderRow(BOB, 2001, { name: "#B2001", totalMinor: 1 }),
      ],
    });
    await db.orderLine.createMany({
      data: [
        {
          shop: ANNA,
          orderGid: gid,
          lineItemGid: "gid://shopify/LineItem/1",
          title: "Kubek",
          variantTitle: "Niebieski",
          sku: "MUG-B",
          quantity: 2,
          priceMinor: 4_900,
        },
        { shop: ANNA, orderGid: gid, lineItemGid: "gid://shopify/LineItem/2", title: "Talerz", quantity: 1, priceMinor: 7_900 },
        { shop: BOB, orderGid: gid, lineItemGid: "gid://shopify/LineItem/9", title: "Bob's bike", quantity: 1, priceMinor: 1 },
      ],
    });
    await db.fulfillment.createMany({
      data: [
        {
          shop: ANNA,
          fulfillmentGid: "gid://shopify/Fulfillment/1",
          orderGid: gid,
          status: "success",
          shipmentStatus: "delivered",
          trackingCompany: "InPost",
          trackingNumbers: JSON.stringify(["620000000001"]),
          trackingUrls: JSON.stringify(["https://inpost.pl/sledzenie-przesylek?number=620000000001"]),
          shippedAt: at("2026-11-10T08:00:00Z"),
          deliveredAt: at("2026-11-12T15:00:00Z"),
          shopifyUpdatedAt: at("2026-11-12T15:00:00Z"),
        },
        {
          shop: BOB,
          fulfillmentGid: "gid://shopify/Fulfillment/9",
          orderGid: gid,
          status: "success",
          shopifyUpdatedAt: at("2026-11-12T15:00:00Z"),
        },
      ],
    });
    await db.refund.createMany({
      data: [
        {
          shop: ANNA,
          refundGid: "gid://shopify/Refund/1",
          orderGid: gid,
          amountMinor: 4_900,
          currency: "PLN",
          note: "Pęknięty",
          lines: JSON.stringify([{ lineItemGid: "gid://shopify/LineItem/1", quantity: 1 }]),
          processedAt: at("2026-11-14T10:00:00Z"),
        },
        {
          shop: BOB,
          refundGid: "gid://shopify/Refund/9",
          orderGid: gid,
          amountMinor: 1,
          currency: "PLN",
          processedAt: at("2026-11-14T10:00:00Z"),
        },
      ],
    });
    await db.customer.createMany({
      data: [
        {
          shop: ANNA,
          customerGid: customerGidOf("501"),
          email: "marta@example.pl",
          firstName: "Marta",
          lastName: "Wiśniewska",
          shopifyUpdatedAt: at("2026-11-01T00:00:00Z"),
        },
        {
          shop: BOB,
          customerGid: customerGidOf("501"),
          email: "bob@example.com",
          firstName: "Bob",
          shopifyUpdatedAt: at("2026-11-01T00:00:00Z"),
        },
      ],
    });
  });

  it("has its lines, shipments with tracking, refunds and customer — the shop's own only", async () => {
    const order = await getOrder(db, ANNA, gid);
    expect(order?.order).toMatchObject({ id: "2001", name: "#2001", deliverySource: "carrier", financialStatus: "partially_refunded" });
    expect(order?.lines.map((l) => [l.title, l.variantTitle, l.sku, l.quantity, l.priceMinor])).toEqual([
      ["Kubek", "Niebieski", "MUG-B", 2, 4_900],
      ["Talerz", null, null, 1, 7_900],
    ]);
    expect(order?.fulfillments).toEqual([
      expect.objectContaining({
        trackingCompany: "InPost",
        trackingNumbers: ["620000000001"],
        trackingUrls: ["https://inpost.pl/sledzenie-przesylek?number=620000000001"],
        deliveredAt: at("2026-11-12T15:00:00Z"),
      }),
    ]);
    expect(order?.refunds).toEqual([
      expect.objectContaining({ amountMinor: 4_900, note: "Pęknięty", lines: [{ lineItemGid: "gid://shopify/LineItem/1", quantity: 1 }] }),
    ]);
    expect(order?.customer).toEqual({ id: "501", email: "marta@example.pl", firstName: "Marta", lastName: "Wiśniewska" });

    const bobs = await getOrder(db, BOB, gid);
    expect(bobs?.order.name).toBe("#B2001");
    expect(bobs?.lines.map((l) => l.title)).toEqual(["Bob's bike"]);
  });

  it("names refunded items by line GID, for the shop's own lines only", async () => {
    expect(await lineTitles(db, ANNA, ["gid://shopify/LineItem/1", "gid://shopify/LineItem/2", "gid://shopify/LineItem/9"])).toEqual({
      "gid://shopify/LineItem/1": "Kubek – Niebieski",
      "gid://shopify/LineItem/2": "Talerz",
    });
    expect(await lineTitles(db, ANNA, [])).toEqual({});
  });

  it("is not found in a shop that does not have it", async () => {
    expect(await getOrder(db, ANNA, orderGidOf("424242"))).toBeNull();
    expect(await getOrder(db, "carol.myshopify.com", gid)).toBeNull();
  });
});

describe("timelines", () => {
  const marta = customerGidOf("601");
  const first = orderGidOf("3001");
  const second = orderGidOf("3002");
  let seq = 0;
  const event = (shop: string, type: string, over: Record<string, unknown> = {}) => ({
    shop,
    key: `k${++seq}`,
    type,
    occurredAt: at("2026-11-10T10:00:00Z"),
    source: "webhook",
    detail: "{}",
    createdAt: at("2026-11-10T10:00:00Z"),
    ...over,
  });

  beforeAll(async () => {
    await db.order.createMany({
      data: [
        orderRow(ANNA, 3001, { customerGid: marta, processedAt: at("2026-10-01T10:00:00Z") }),
        orderRow(ANNA, 3002, { customerGid: marta, processedAt: at("2026-11-01T10:00:00Z") }),
        orderRow(BOB, 3001, { customerGid: marta }),
      ],
    });
    await db.afterSalesEvent.createMany({
      data: [
        // Recorded out of order; the timeline is by when it happened, then by when it was recorded.
        event(ANNA, "order.delivered", {
          orderGid: first,
          occurredAt: at("2026-10-05T10:00:00Z"),
          detail: JSON.stringify({ source: "carrier" }),
        }),
        event(ANNA, "order.placed", {
          orderGid: first,
          customerGid: marta,
          occurredAt: at("2026-10-01T10:00:00Z"),
          createdAt: at("2026-10-01T10:00:01Z"),
          history: true,
          source: "backfill",
          detail: JSON.stringify({ name: "#3001", totalMinor: 13001, currency: "PLN", financialStatus: "paid" }),
        }),
        event(ANNA, "order.paid", { orderGid: first, occurredAt: at("2026-10-01T10:00:00Z"), createdAt: at("2026-10-01T10:00:05Z") }),
        event(ANNA, "order.fulfilled", { orderGid: first, occurredAt: at("2026-10-01T10:00:00Z"), createdAt: at("2026-10-01T10:00:09Z") }),
        // An event type this version does not know (a later release's) is left out, not shown half-understood.
        event(ANNA, "subscription.renewed", { orderGid: first, occurredAt: at("2026-10-20T10:00:00Z") }),
        // One webhook's batch: the same instant, recorded together, written paid first. Placed comes first.
        event(ANNA, "order.paid", {
          orderGid: orderGidOf("3003"),
          occurredAt: at("2026-10-10T10:00:00Z"),
          createdAt: at("2026-10-10T10:00:01Z"),
        }),
        event(ANNA, "order.placed", {
          orderGid: orderGidOf("3003"),
          occurredAt: at("2026-10-10T10:00:00Z"),
          createdAt: at("2026-10-10T10:00:01Z"),
        }),
        // Marta's own event, on no order.
        event(ANNA, "customer.consent_changed", {
          customerGid: marta,
          occurredAt: at("2026-10-15T10:00:00Z"),
          detail: JSON.stringify({ from: "NOT_SUBSCRIBED", to: "SUBSCRIBED", consentUpdatedAt: null }),
        }),
        // Her second order's event, written without her customer GID.
        event(ANNA, "order.placed", { orderGid: second, occurredAt: at("2026-11-01T10:00:00Z") }),
        // Bob's shop: same order and customer GIDs.
        event(BOB, "order.cancelled", { orderGid: first, customerGid: marta, occurredAt: at("2026-10-02T10:00:00Z") }),
        event(BOB, "customer.created", { customerGid: marta, occurredAt: at("2026-09-02T10:00:00Z") }),
      ],
    });
  });

  it("tells an order's story in time order, typed, with its history marked, for its shop only", async () => {
    const events = await orderTimeline(db, ANNA, first);
    expect(events.map((e) => e.type)).toEqual(["order.placed", "order.paid", "order.fulfilled", "order.delivered"]);
    expect(events[0]).toMatchObject({
      history: true,
      source: "backfill",
      orderName: "#3001",
      customerGid: marta,
      detail: { totalMinor: 13001, currency: "PLN" },
      occurredAt: at("2026-10-01T10:00:00Z"),
    });
    expect(events[3]).toMatchObject({ history: false, detail: { source: "carrier" } });
    expect((await orderTimeline(db, BOB, first)).map((e) => e.type)).toEqual(["order.cancelled"]);
    expect(await orderTimeline(db, ANNA, orderGidOf("999"))).toEqual([]);
    expect((await orderTimeline(db, ANNA, orderGidOf("3003"))).map((e) => e.type)).toEqual(["order.placed", "order.paid"]);
  });

  it("tells a customer's story: their events and their orders', each once, oldest first", async () => {
    const events = await customerTimeline(db, ANNA, marta);
    expect(events.map((e) => [e.type, e.orderName])).toEqual([
      ["order.placed", "#3001"],
      ["order.paid", "#3001"],
      ["order.fulfilled", "#3001"],
      ["order.delivered", "#3001"],
      ["customer.consent_changed", null],
      ["order.placed", "#3002"],
    ]);
    expect((await customerTimeline(db, BOB, marta)).map((e) => e.type)).toEqual(["customer.created", "order.cancelled"]);
    // A long history is cut to its latest events, still oldest first.
    expect((await customerTimeline(db, ANNA, marta, 2)).map((e) => e.type)).toEqual(["customer.consent_changed", "order.placed"]);
  });
});

describe("customers", () => {
  const shopC = "carla-candles.myshopify.com";
  beforeAll(async () => {
    const customer = (
      shop: string,
      id: string,
      email: string | null,
      first: string | null,
      last: string | null,
      marketingState: string | null,
    ) => ({
      shop,
      customerGid: customerGidOf(id),
      email,
      firstName: first,
      lastName: last,
      marketingState,
      shopifyUpdatedAt: at("2026-11-01T00:00:00Z"),
    });
    await db.customer.createMany({
      data: [
        customer(shopC, "1", "adam@example.com", "Adam", "Mickiewicz", "SUBSCRIBED"),
        customer(shopC, "2", "bozena@example.com", "Bożena", "Nowak", "NOT_SUBSCRIBED"),
        customer(shopC, "3", "celina@example.com", "Celina", "Nowakowska", "UNSUBSCRIBED"),
        customer(shopC, "4", null, "Dorota", null, null),
        customer(BOB, "1", "adam@example.com", "Adam", "Bobowy", "SUBSCRIBED"),
      ],
    });
    const o = (shop: string, n: number, customer: string, totalMinor: number, currency = "PLN") =>
      orderRow(shop, n, { customerGid: customerGidOf(customer), totalMinor, currency });
    await db.order.createMany({
      data: [
        o(shopC, 1, "1", 10_000),
        o(shopC, 2, "1", 2_550),
        o(shopC, 3, "1", 1_999, "EUR"),
        o(shopC, 4, "2", 500),
        o(BOB, 5, "1", 99_999),
      ],
    });
    // Order 2 was partly refunded: what Adam spent is net of it, as in Shopify.
    await db.refund.create({
      data: {
        shop: shopC,
        refundGid: "gid://shopify/Refund/2",
        orderGid: orderGidOf("2"),
        amountMinor: 550,
        currency: "PLN",
        processedAt: at("2026-11-20T10:00:00Z"),
      },
    });
  });

  it("lists the shop's customers with their order counts and what they spent per currency, net of refunds", async () => {
    const page = await listCustomers(db, shopC);
    // By email; a customer without one comes first on both databases.
    expect(page.customers.map((c) => c.email)).toEqual([null, "adam@example.com", "bozena@example.com", "celina@example.com"]);
    const adam = page.customers.find((c) => c.email === "adam@example.com");
    expect(adam).toMatchObject({ id: "1", ordersCount: 3, marketingState: "SUBSCRIBED" });
    expect([...adam!.totals].sort((a, b) => a.currency.localeCompare(b.currency))).toEqual([
      { currency: "EUR", totalMinor: 1_999 },
      { currency: "PLN", totalMinor: 12_000 },
    ]);
    expect(page.customers.find((c) => c.email === "celina@example.com")).toMatchObject({ ordersCount: 0, totals: [] });
  });

  it.each([
    ["ada", ["adam@example.com"]],
    ["adam@example.com", ["adam@example.com"]],
    ["Nowak", ["bozena@example.com", "celina@example.com"]],
    ["Bożena", ["bozena@example.com"]],
    ["Celina Now", ["celina@example.com"]],
    ["Dorota", [null]],
    ["Bobowy", []],
    ["%", []],
  ])("finds customers by %j", async (search, emails) => {
    expect((await listCustomers(db, shopC, { search })).customers.map((c) => c.email)).toEqual(emails);
  });

  it("pages by offset", async () => {
    const first = await listCustomers(db, shopC, { limit: 3 });
    const second = await listCustomers(db, shopC, { limit: 3, page: 2 });
    expect([first.hasPrevious, first.hasNext, second.hasPrevious, second.hasNext]).toEqual([false, true, true, false]);
    expect([...first.customers, ...second.customers].map((c) => c.id)).toEqual((await listCustomers(db, shopC)).customers.map((c) => c.id));
  });

  it("shows one customer with their orders, or their orders alone, for their shop only", async () => {
    const adam = await getCustomer(db, shopC, customerGidOf("1"));
    expect(adam?.customer).toMatchObject({ email: "adam@example.com", lastName: "Mickiewicz" });
    expect(adam?.orders.map((o) => o.name).sort()).toEqual(["#1", "#2", "#3"]);
    expect(adam?.ordersCount).toBe(3);
    expect((await getCustomer(db, BOB, customerGidOf("1")))?.customer.lastName).toBe("Bobowy");
    // Orders arrived, the customer's own webhook not yet: the page still has something to show.
    await db.order.create({ data: orderRow(shopC, 6, { customerGid: customerGidOf("77"), email: "guest@example.com" }) });
    expect(await getCustomer(db, shopC, customerGidOf("77"))).toMatchObject({
      known: false,
      customer: { email: "guest@example.com" },
      ordersCount: 1,
    });
    expect(await getCustomer(db, shopC, customerGidOf("78"))).toBeNull();
  });
});
