// A bulk export's lines become the rows and history events Aftercare keeps, with Shopify's GraphQL
// statuses read as its webhooks spell them, and unreadable lines skipped with a reason.
import { describe, expect, it } from "vitest";
import { historyRecord } from "~/history/history-records";

const now = new Date("2026-11-26T12:00:00Z");
const policy = { fallbackDays: 5, now };

const order = {
  id: "gid://shopify/Order/1001",
  name: "#1001",
  email: "anna@example.com",
  createdAt: "2026-10-01T09:00:00Z",
  processedAt: "2026-10-01T09:00:00Z",
  updatedAt: "2026-10-08T09:00:00Z",
  cancelledAt: null,
  displayFinancialStatus: "PARTIALLY_REFUNDED",
  displayFulfillmentStatus: "FULFILLED",
  customerLocale: "pl",
  currencyCode: "PLN",
  totalPriceSet: { shopMoney: { amount: "129.90", currencyCode: "PLN" } },
  customer: { id: "gid://shopify/Customer/7" },
  fulfillments: [
    {
      id: "gid://shopify/Fulfillment/55",
      status: "SUCCESS",
      displayStatus: "IN_TRANSIT",
      createdAt: "2026-10-02T09:00:00Z",
      updatedAt: "2026-10-02T10:00:00Z",
      deliveredAt: null,
      trackingInfo: [{ company: "InPost", number: "6200", url: "https://inpost.pl/?n=6200" }],
    },
  ],
  refunds: [
    {
      id: "gid://shopify/Refund/9",
      createdAt: "2026-10-08T09:00:00Z",
      note: null,
      totalRefundedSet: { shopMoney: { amount: "29.90", currencyCode: "PLN" } },
    },
  ],
};

describe("historyRecord", () => {
  it("reads an order with its fulfilments, refunds, a fallback delivery and its history events", () => {
    const r = historyRecord(order, policy);
    if (r.kind !== "order") throw new Error(r.kind);
    expect(r.order).toMatchObject({
      orderGid: order.id,
      customerGid: "gid://shopify/Customer/7",
      totalMinor: 12990,
      currency: "PLN",
      financialStatus: "partially_refunded",
      fulfillmentStatus: "fulfilled",
      deliverySource: "fallback",
      deliveredAt: new Date("2026-10-07T09:00:00Z"),
    });
    expect(r.fulfilments[0]).toMatchObject({
      status: "success",
      trackingCompany: "InPost",
      trackingNumbers: '["6200"]',
      shippedAt: new Date("2026-10-02T09:00:00Z"),
    });
    expect(r.refunds[0]).toMatchObject({ amountMinor: 2990, currency: "PLN" });
    expect(r.events.map((e) => e.type)).toEqual(["order.placed", "order.paid", "order.fulfilled", "order.delivered", "order.refunded"]);
    expect(r.events.map((e) => e.key)).toContain("gid://shopify/Fulfillment/55:created");
    expect(r.pendingFallback).toEqual([]);
  });

  it("leaves a recent parcel to its fallback timer instead of calling it delivered", () => {
    const recent = { ...order, fulfillments: [{ ...order.fulfillments[0], createdAt: "2026-11-25T09:00:00Z" }] };
    const r = historyRecord(recent, policy);
    if (r.kind !== "order") throw new Error(r.kind);
    expect(r.order.deliveredAt).toBeNull();
    expect(r.pendingFallback).toEqual([{ fulfillmentGid: "gid://shopify/Fulfillment/55", shippedAt: new Date("2026-11-25T09:00:00Z") }]);
    expect(r.events.map((e) => e.type)).not.toContain("order.delivered");
  });

  it("reads Shopify's delivered status as delivered, and an unfulfilled order as unfulfilled", () => {
    const delivered = {
      ...order,
      displayFulfillmentStatus: "UNFULFILLED",
      fulfillments: [{ ...order.fulfillments[0], displayStatus: "DELIVERED", deliveredAt: "2026-10-04T12:00:00Z" }],
    };
    const r = historyRecord(delivered, policy);
    if (r.kind !== "order") throw new Error(r.kind);
    expect(r.order).toMatchObject({ fulfillmentStatus: null, deliverySource: "shopify", deliveredAt: new Date("2026-10-04T12:00:00Z") });
  });

  it("reads a line item under its order, and a customer with consent", () => {
    expect(
      historyRecord(
        {
          id: "gid://shopify/LineItem/3",
          __parentId: order.id,
          title: "Mug",
          variantTitle: null,
          sku: "M-1",
          quantity: 2,
          product: { id: "gid://shopify/Product/4" },
          variant: null,
          originalUnitPriceSet: { shopMoney: { amount: "45.00", currencyCode: "PLN" } },
        },
        policy,
      ),
    ).toEqual({
      kind: "line",
      line: expect.objectContaining({ orderGid: order.id, quantity: 2, priceMinor: 4500, productGid: "gid://shopify/Product/4" }),
    });
    const c = historyRecord(
      {
        id: "gid://shopify/Customer/7",
        email: "anna@example.com",
        firstName: "Anna",
        lastName: null,
        locale: "pl",
        createdAt: "2026-01-01T00:00:00Z",
        updatedAt: "2026-02-01T00:00:00Z",
        emailMarketingConsent: { marketingState: "SUBSCRIBED", consentUpdatedAt: null },
      },
      policy,
    );
    expect(c).toMatchObject({
      kind: "customer",
      customer: { marketingState: "SUBSCRIBED", shopifyCreatedAt: new Date("2026-01-01T00:00:00Z") },
    });
  });

  it.each([
    ["a line without an id", { title: "x" }, "unreadable"],
    ["a date that is not a date", { ...order, updatedAt: "yesterday" }, "unreadable"],
    ["a child without its parent", { id: "gid://shopify/LineItem/3", title: "Mug" }, "unreadable"],
    ["a resource Aftercare does not keep", { id: "gid://shopify/Product/4" }, "not_kept"],
  ])("skips %s with a reason", (_, value, reason) => {
    expect(historyRecord(value, policy)).toEqual({ kind: "skipped", reason });
  });
});
