// The one delivery rule: carrier's word, Shopify's status, or the shop's fallback days — and never
// for an order with nothing shipped.
import { describe, expect, it } from "vitest";
import { decideDelivery, fallbackDueAt, type FulfilmentFacts } from "~/orders/delivery";

const day = 86_400_000;
const shipped = new Date("2026-11-01T10:00:00Z");
const at = (days: number) => new Date(shipped.getTime() + days * day);

function parcel(over: Partial<FulfilmentFacts> = {}): FulfilmentFacts {
  return {
    status: "success",
    shipmentStatus: null,
    displayStatus: null,
    deliveredAt: null,
    shippedAt: shipped,
    updatedAt: shipped,
    ...over,
  };
}

describe("decideDelivery", () => {
  it.each([
    ["a carrier's delivered event", [parcel({ deliveredAt: at(2) })], at(1), { deliveredAt: at(2), source: "carrier" }],
    [
      "shipment_status delivered",
      [parcel({ shipmentStatus: "delivered", updatedAt: at(3) })],
      at(1),
      { deliveredAt: at(3), source: "carrier" },
    ],
    [
      "Shopify's display status",
      [parcel({ displayStatus: "DELIVERED", updatedAt: at(4) })],
      at(1),
      { deliveredAt: at(4), source: "shopify" },
    ],
    ["the fallback, once its days have passed", [parcel()], at(5), { deliveredAt: at(5), source: "fallback" }],
    [
      "the last parcel's time when all are delivered",
      [parcel({ deliveredAt: at(2) }), parcel({ deliveredAt: at(3) })],
      at(0),
      { deliveredAt: at(3), source: "carrier" },
    ],
    [
      "the fallback for the parcel nobody reported on",
      [parcel({ deliveredAt: at(1) }), parcel({ shippedAt: at(1) })],
      at(6),
      { deliveredAt: at(6), source: "fallback" },
    ],
    [
      "a cancelled fulfilment counted out",
      [parcel({ deliveredAt: at(2) }), parcel({ status: "cancelled" })],
      at(0),
      { deliveredAt: at(2), source: "carrier" },
    ],
  ])("delivered by %s", (_, fulfilments, now, expected) => {
    expect(decideDelivery(fulfilments, { fallbackDays: 5, now })).toEqual(expected);
  });

  it.each([
    ["nothing shipped", [], at(30)],
    ["only cancelled fulfilments", [parcel({ status: "cancelled", deliveredAt: at(1) })], at(30)],
    ["in transit, fallback not due", [parcel({ shipmentStatus: "in_transit" })], at(4.9)],
    ["one of two parcels delivered", [parcel({ deliveredAt: at(1) }), parcel({ shippedAt: at(2) })], at(3)],
    ["a parcel without a shipping time (no fallback possible)", [parcel({ shippedAt: null, updatedAt: null })], at(300)],
  ])("not delivered: %s", (_, fulfilments, now) => {
    expect(decideDelivery(fulfilments, { fallbackDays: 5, now })).toBeNull();
  });

  it("never falls back when the shop turned the fallback off", () => {
    expect(decideDelivery([parcel()], { fallbackDays: 0, now: at(365) })).toBeNull();
    expect(fallbackDueAt(parcel(), 0)).toBeNull();
  });

  it("reads statuses whatever their case", () => {
    expect(decideDelivery([parcel({ status: "SUCCESS", shipmentStatus: "DELIVERED" })], { fallbackDays: 5, now: at(0) })?.source).toBe(
      "carrier",
    );
  });
});
