// The return's life as data: which action leads where from which status, the shopper's timeline,
// Shopify's statuses mapped onto ours; and the pure helpers around a request (which fulfilment line
// items carry the returned units, the order number a guest types, the portal token).
import { describe, expect, it } from "vitest";
import { normalizeOrderName } from "~/returns/lookup.server";
import { pickFulfillmentLines } from "~/returns/order-context.server";
import { openPortalToken, portalToken } from "~/returns/portal-token";
import { ACTIONS, allowedActions, statusFromShopify, timelineSteps } from "~/returns/status";
import type { ReturnStatus } from "~/returns/types";

const T0 = new Date("2026-11-02T09:00:00Z");
const times = {
  requestedAt: T0,
  approvedAt: new Date("2026-11-03T09:00:00Z"),
  declinedAt: null,
  labelAt: null,
  receivedAt: null,
  processedAt: null,
  closedAt: null,
  cancelledAt: null,
};

describe("the merchant's actions", () => {
  it.each<[ReturnStatus, string[]]>([
    ["requested", ["approve", "decline"]],
    ["approved", ["label", "receive", "process", "close"]],
    ["in_transit", ["receive", "process", "close"]],
    ["received", ["process", "close"]],
    ["processed", ["close"]],
    ["declined", []],
    ["closed", []],
    ["cancelled", []],
  ])("a %s return allows %j", (status, actions) => {
    expect(allowedActions(status)).toEqual(actions);
  });

  it("never leads an action back to where it may start from", () => {
    for (const { from, to } of Object.values(ACTIONS)) expect(from).not.toContain(to);
  });
});

describe("Shopify's return statuses", () => {
  it.each([
    ["REQUESTED", "requested"],
    ["OPEN", "approved"],
    ["DECLINED", "declined"],
    ["CLOSED", "closed"],
    ["CANCELED", "cancelled"],
    ["open", "approved"],
    ["SOMETHING_NEW", null],
    [null, null],
  ])("%s is %s", (shopify, ours) => {
    expect(statusFromShopify(shopify)).toBe(ours);
  });
});

describe("the shopper's timeline", () => {
  it("shows the whole path with the steps done so far", () => {
    expect(timelineSteps("approved", times)).toEqual([
      { status: "requested", at: T0.toISOString(), done: true },
      { status: "approved", at: "2026-11-03T09:00:00.000Z", done: true },
      { status: "in_transit", at: null, done: false },
      { status: "received", at: null, done: false },
      { status: "processed", at: null, done: false },
      { status: "closed", at: null, done: false },
    ]);
  });

  it("ends at the decline or the cancellation", () => {
    expect(timelineSteps("declined", { ...times, approvedAt: null, declinedAt: T0 }).map((s) => s.status)).toEqual([
      "requested",
      "declined",
    ]);
    expect(timelineSteps("cancelled", times).map((s) => s.status)).toEqual(["requested", "cancelled"]);
  });
});

describe("which fulfilment line items carry the returned units", () => {
  const line = {
    lineItemGid: "gid://shopify/LineItem/1",
    title: "Kubek",
    variantTitle: null,
    imageUrl: null,
    productGid: null,
    variantGid: null,
    fulfillmentLineItems: [
      { id: "F1", quantity: 2 },
      { id: "F2", quantity: 3 },
    ],
    variants: [],
  };

  it.each([
    [1, 0, [{ fulfillmentLineItemId: "F1", quantity: 1 }]],
    [
      3,
      0,
      [
        { fulfillmentLineItemId: "F1", quantity: 2 },
        { fulfillmentLineItemId: "F2", quantity: 1 },
      ],
    ],
    [2, 2, [{ fulfillmentLineItemId: "F2", quantity: 2 }]],
    [
      2,
      1,
      [
        { fulfillmentLineItemId: "F1", quantity: 1 },
        { fulfillmentLineItemId: "F2", quantity: 1 },
      ],
    ],
  ])("%i units after %i returned before", (quantity, before, expected) => {
    expect(pickFulfillmentLines(line, quantity, before)).toEqual(expected);
  });
});

describe("the order number a guest types", () => {
  it.each([
    ["1001", "#1001"],
    ["#1001", "#1001"],
    ["  #1001 ", "#1001"],
    ["##1001", "#1001"],
  ])("%j is %j", (typed, name) => {
    expect(normalizeOrderName(typed)).toBe(name);
  });
});

describe("the portal token", () => {
  const secret = "s3cret";
  const token = portalToken(secret, "a.myshopify.com", "gid://shopify/Order/1", T0);

  it("opens its order for 60 minutes", () => {
    expect(openPortalToken(secret, token, new Date(T0.getTime() + 59 * 60_000))).toEqual({
      shop: "a.myshopify.com",
      orderGid: "gid://shopify/Order/1",
    });
    expect(openPortalToken(secret, token, new Date(T0.getTime() + 60 * 60_000))).toBeNull();
  });

  it("is refused when forged or signed with another secret", () => {
    const [body] = token.split(".");
    expect(openPortalToken(secret, `${body}.AAAA`, T0)).toBeNull();
    expect(openPortalToken("other", token, T0)).toBeNull();
    expect(openPortalToken(secret, "not-a-token", T0)).toBeNull();
  });
});
