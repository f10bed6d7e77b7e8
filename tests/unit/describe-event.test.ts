// The admin's words for orders and events: money to the grosz in the order's currency, statuses and
// consent as badges, shipments' delivery state, and every after-sales event type's label and details
// in English and Polish (Polish plurals included), in the shop's time zone.
import { describe, expect, it } from "vitest";
import { describeEvent, EVENT_LABEL, refundedLineGids } from "~/events/describe-event";
import type { TimelineEvent } from "~/events/timeline.server";
import { EVENT_TYPES, type EventType } from "~/events/types";
import { translator } from "~/i18n/translate";
import { formatMoney, formatMoneyList, minorToDecimal } from "~/orders/format-money";
import { fulfillmentView, orderRowView } from "~/orders/format-order";
import { consentStatus, fulfillmentStatus, humanise, paymentStatus, safeHttpUrl } from "~/orders/format-status";
import { shopTime } from "~/orders/format-time";

const en = translator("en");
const pl = translator("pl");
const WARSAW = "Europe/Warsaw";
/** Intl's spaces (no-break, narrow no-break) as plain ones, so expectations read naturally. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

function event<T extends EventType>(type: T, detail: TimelineEvent["detail"], over: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    id: `e-${type}`,
    type,
    orderGid: "gid://shopify/Order/1001",
    orderName: "#1001",
    customerGid: null,
    occurredAt: new Date("2026-11-20T09:30:00Z"),
    createdAt: new Date("2026-11-20T09:30:01Z"),
    history: false,
    source: "webhook",
    detail,
    ...over,
  } as TimelineEvent;
}

describe("money", () => {
  it.each([
    [38_800, "PLN", "388.00"],
    [5, "USD", "0.05"],
    [-550, "PLN", "-5.50"],
    [1_500, "JPY", "1500"],
    [12_345, "KWD", "12.345"],
    [9_007_199_254_740_991, "EUR", "90071992547409.91"],
  ])("%i minor units of %s are %s", (minor, currency, decimal) => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
  });

  it.each([
    [38_800, "PLN", "pl", "388,00 zł"],
    [38_800, "PLN", "en", "PLN 388.00"],
    [1_999, "EUR", "pl", "19,99 €"],
    [1_500, "JPY", "en", "JP¥1,500"],
    [123_456_789, "PLN", "pl", "1 234 567,89 zł"],
  ] as const)("formats %i %s for %s readers", (minor, currency, locale, text) => {
    expect(plain(formatMoney(minor, currency, locale))).toBe(text);
  });

  it("keeps totals in different currencies apart, largest first", () => {
    expect(
      plain(
        formatMoneyList(
          [
            { currency: "EUR", totalMinor: 1_999 },
            { currency: "PLN", totalMinor: 12_550 },
          ],
          "pl",
        ),
      ),
    ).toBe("125,50 zł · 19,99 €");
    expect(formatMoneyList([], "en")).toBe("—");
  });
});

describe("statuses", () => {
  it.each([
    ["paid", "Paid", "Opłacone", "complete"],
    ["pending", "Payment pending", "Płatność oczekuje", "incomplete"],
    ["partially_refunded", "Partially refunded", "Częściowo zwrócono", "partiallyComplete"],
  ])("payment %s", (status, english, polish, progress) => {
    expect(paymentStatus(en, status)).toMatchObject({ label: english, progress });
    expect(paymentStatus(pl, status).label).toBe(polish);
  });

  it("reads a null fulfilment status as unfulfilled, and shows unknown statuses readably", () => {
    expect(fulfillmentStatus(en, null)).toMatchObject({ label: "Unfulfilled", tone: "attention" });
    expect(fulfillmentStatus(pl, "fulfilled").label).toBe("Zrealizowane");
    expect(fulfillmentStatus(en, "in_progress").label).toBe("In progress");
    expect(humanise("ON_HOLD")).toBe("On hold");
  });

  it.each([
    ["SUBSCRIBED", "Subscribed", "Subskrybuje", "success"],
    ["NOT_SUBSCRIBED", "Not subscribed", "Nie subskrybuje", undefined],
    ["UNSUBSCRIBED", "Unsubscribed", "Wypisano z subskrypcji", undefined],
    ["PENDING", "Pending confirmation", "Oczekuje na potwierdzenie", "attention"],
    [null, "Unknown", "Nieznany", undefined],
  ])("email-marketing consent %s", (state, english, polish, tone) => {
    expect(consentStatus(en, state)).toEqual({ label: english, tone, progress: undefined });
    expect(consentStatus(pl, state).label).toBe(polish);
  });

  it.each([
    ["https://inpost.pl/sledzenie-przesylek?number=1", "https://inpost.pl/sledzenie-przesylek?number=1"],
    ["javascript:alert(1)", undefined],
    ["not a url", undefined],
    [null, undefined],
  ])("links %j only if it is a web address", (url, href) => {
    expect(safeHttpUrl(url)).toBe(href);
  });
});

describe("orders in words", () => {
  it("shows a list row in the shop's time zone and the order's currency, with its badges", () => {
    const row = orderRowView(
      {
        id: "1001",
        name: "#1001",
        email: "anna@example.pl",
        customerGid: "gid://shopify/Customer/42",
        currency: "PLN",
        totalMinor: 40_299,
        financialStatus: "paid",
        fulfillmentStatus: "fulfilled",
        processedAt: new Date("2026-11-20T23:30:00Z"),
        cancelledAt: null,
        deliveredAt: new Date("2026-11-25T10:00:00Z"),
        deliverySource: "fallback",
      },
      { t: pl, locale: "pl", timeZone: WARSAW },
    );
    expect(plain(row.total)).toBe("402,99 zł");
    // 23:30 UTC is already the next day in Warsaw.
    expect(row.date).toBe("21 lis 2026, 00:30");
    expect(row.customerId).toBe("42");
    expect(row.flags).toEqual([{ label: "Uznane za doręczone", tone: "info" }]);
  });

  const shipment = {
    fulfillmentGid: "gid://shopify/Fulfillment/1",
    status: "success",
    shipmentStatus: null as string | null,
    displayStatus: null as string | null,
    trackingCompany: "InPost",
    trackingNumbers: ["620000000001", "620000000002"],
    trackingUrls: ["https://inpost.pl/s?n=620000000001"],
    shippedAt: new Date("2026-11-21T08:00:00Z"),
    deliveredAt: null as Date | null,
  };
  const c = { t: en, locale: "en" as const, timeZone: WARSAW, fallbackDays: 5 };
  const notDelivered = { deliveredAt: null, deliverySource: null };

  it("links each tracking number to its tracking page", () => {
    expect(fulfillmentView(shipment, notDelivered, c).tracking).toEqual([
      { number: "620000000001", href: "https://inpost.pl/s?n=620000000001" },
      { number: "620000000002", href: undefined },
    ]);
  });

  it.each([
    ["in transit", { ...shipment }, notDelivered, "In transit"],
    ["out for delivery", { ...shipment, shipmentStatus: "out_for_delivery" }, notDelivered, "Out for delivery"],
    [
      "delivered by the carrier's word",
      { ...shipment, shipmentStatus: "delivered", deliveredAt: new Date("2026-11-23T12:00:00Z") },
      { deliveredAt: new Date("2026-11-23T12:00:00Z"), deliverySource: "carrier" },
      "Delivered 23 Nov 2026, 13:00, confirmed by carrier",
    ],
    [
      "delivered by Shopify's status",
      { ...shipment, displayStatus: "DELIVERED", deliveredAt: new Date("2026-11-23T12:00:00Z") },
      { deliveredAt: new Date("2026-11-23T12:00:00Z"), deliverySource: "shopify" },
      "Delivered 23 Nov 2026, 13:00, from Shopify's status",
    ],
    [
      "assumed delivered by the fallback rule",
      { ...shipment },
      { deliveredAt: new Date("2026-11-26T08:00:00Z"), deliverySource: "fallback" },
      "Delivered 26 Nov 2026, 09:00, assumed after 5 days",
    ],
    ["cancelled", { ...shipment, status: "cancelled" }, notDelivered, "Cancelled"],
  ])("says a shipment is %s", (_, f, order, state) => {
    expect(fulfillmentView(f, order, c).state).toBe(state);
  });

  it("says it in Polish, with Polish plurals", () => {
    const order = { deliveredAt: new Date("2026-11-26T08:00:00Z"), deliverySource: "fallback" };
    const polish = (days: number) => fulfillmentView(shipment, order, { ...c, t: pl, locale: "pl", fallbackDays: days }).state;
    expect(polish(1)).toBe("Doręczono 26 lis 2026, 09:00, przyjęto po 1 dniu");
    expect(polish(3)).toBe("Doręczono 26 lis 2026, 09:00, przyjęto po 3 dniach");
    expect(polish(5)).toBe("Doręczono 26 lis 2026, 09:00, przyjęto po 5 dniach");
  });

  it("falls back to UTC for a time zone Intl does not know", () => {
    expect(shopTime("en", new Date("2026-11-20T09:30:00Z"), "Mars/Olympus_Mons")).toBe("20 Nov 2026, 09:30");
  });
});

describe("after-sales events in words", () => {
  const ctx = {
    t: en,
    locale: "en" as const,
    timeZone: WARSAW,
    lineTitles: { "gid://shopify/LineItem/1": "Mug – Blue" },
    fallbackDays: 5,
  };
  const words = (e: TimelineEvent, c: Parameters<typeof describeEvent>[1] = ctx) => {
    const view = describeEvent(e, c);
    return [view.label, ...view.details.map((d) => (d.href ? `${plain(d.text)} <${d.href}>` : plain(d.text)))];
  };

  it("has an English and a Polish label for every event type", () => {
    for (const type of EVENT_TYPES) {
      expect(en(EVENT_LABEL[type]), type).not.toMatch(/^event\./);
      expect(pl(EVENT_LABEL[type]), type).not.toBe(en(EVENT_LABEL[type]));
    }
  });

  it.each<[string, TimelineEvent, string[]]>([
    [
      "placed",
      event("order.placed", { name: "#1001", totalMinor: 40_299, currency: "PLN", financialStatus: "paid" }),
      ["Order placed", "Total PLN 402.99", "Payment: Paid"],
    ],
    [
      "paid",
      event("order.paid", { totalMinor: 1_000, currency: "EUR", financialStatus: "paid" }),
      ["Order paid", "Total €10.00", "Payment: Paid"],
    ],
    [
      "cancelled",
      event("order.cancelled", { totalMinor: 1_000, currency: "PLN", financialStatus: "refunded" }),
      ["Order cancelled", "Total PLN 10.00", "Payment: Refunded"],
    ],
    [
      "fulfilled",
      event("order.fulfilled", {
        fulfillmentGid: "gid://shopify/Fulfillment/1",
        trackingCompany: "InPost",
        trackingNumbers: ["620000000001"],
        trackingUrls: ["https://inpost.pl/s?n=620000000001"],
      }),
      ["Order shipped", "Carrier: InPost", "Tracking number 620000000001 <https://inpost.pl/s?n=620000000001>"],
    ],
    [
      "fulfilled without tracking",
      event("order.fulfilled", { trackingCompany: null, trackingNumbers: [], trackingUrls: [] }),
      ["Order shipped", "No tracking number"],
    ],
    [
      "tracking update",
      event("order.tracking_updated", { status: "out_for_delivery", message: "Kurier w drodze" }),
      ["Tracking update", "Status: Out for delivery", "Carrier's message: Kurier w drodze"],
    ],
    ["delivered (carrier)", event("order.delivered", { source: "carrier" }), ["Order delivered", "Confirmed by carrier"]],
    ["delivered (Shopify)", event("order.delivered", { source: "shopify" }), ["Order delivered", "From Shopify's status"]],
    [
      "delivered (fallback)",
      event("order.delivered", { source: "fallback", fallbackDays: 7 }),
      ["Order delivered", "Assumed delivered after 7 days"],
    ],
    [
      "delivered (fallback, days not recorded)",
      event("order.delivered", {}, { source: "fallback" }),
      ["Order delivered", "Assumed delivered after 5 days"],
    ],
    [
      "refunded",
      event("order.refunded", {
        refundGid: "gid://shopify/Refund/1",
        amountMinor: 4_900,
        currency: "PLN",
        note: "Cracked",
        lineItems: [
          { lineItemGid: "gid://shopify/LineItem/1", quantity: 2 },
          { lineItemGid: "gid://shopify/LineItem/9", quantity: 1 },
        ],
      }),
      ["Refund issued", "PLN 49.00 refunded", "2 × Mug – Blue", "1 × an item no longer on the order", "Note: Cracked"],
    ],
    [
      "refunded (written before line GIDs)",
      event("order.refunded", { amountMinor: 100, currency: "PLN", lineItems: [{ lineItemId: 1, quantity: 1 }] } as never),
      ["Refund issued", "PLN 1.00 refunded", "1 × Mug – Blue"],
    ],
    ["customer created", event("customer.created", { marketingState: "SUBSCRIBED" }), ["Customer created", "Email marketing: Subscribed"]],
    [
      "consent changed",
      event("customer.consent_changed", { from: "NOT_SUBSCRIBED", to: "SUBSCRIBED", consentUpdatedAt: null }),
      ["Email marketing consent changed", "Email marketing: Not subscribed → Subscribed"],
    ],
    [
      "return requested",
      event("return.requested", { returnGid: "gid://shopify/Return/1", status: "REQUESTED", name: "#1001-R1" }),
      ["Return requested", "Return #1001-R1", "Return status: Requested"],
    ],
    [
      "return approved",
      event("return.approved", { returnGid: "r", status: "OPEN", name: "#1001-R1" }),
      ["Return approved", "Return #1001-R1", "Return status: Open"],
    ],
    [
      "return declined",
      event("return.declined", { returnGid: "r", status: "DECLINED", name: null }),
      ["Return declined", "Return status: Declined"],
    ],
    ["return closed", event("return.closed", { returnGid: "r", status: "CLOSED", name: null }), ["Return closed", "Return status: Closed"]],
    [
      "return cancelled",
      event("return.cancelled", { returnGid: "r", status: "CANCELED", name: null }),
      ["Return cancelled", "Return status: Cancelled"],
    ],
    [
      "return reopened",
      event("return.reopened", { returnGid: "r", status: "OPEN", name: null }),
      ["Return reopened", "Return status: Open"],
    ],
    [
      "webhook replayed",
      event("webhook.replayed", { topic: "orders/paid", webhookId: "w1", replay: 2, lastError: "timeout" }),
      ["Shopify event processed again", "orders/paid, replay 2", "It had failed with: timeout"],
    ],
  ])("%s", (_, e, expected) => {
    expect(words(e)).toEqual(expected);
  });

  it("never links a tracking URL that is not a web address", () => {
    const view = describeEvent(event("order.fulfilled", { trackingNumbers: ["1"], trackingUrls: ["javascript:alert(1)"] }), ctx);
    expect(view.details).toEqual([{ text: "Tracking number 1", href: undefined }]);
  });

  it("finds the refunded items to name, in either shape", () => {
    const refund = event("order.refunded", {
      lineItems: [
        { lineItemGid: "gid://shopify/LineItem/1", quantity: 1 },
        { lineItemId: 7, quantity: 1 },
      ],
    } as never);
    expect(refundedLineGids([refund, event("order.paid", {})])).toEqual(["gid://shopify/LineItem/1", "gid://shopify/LineItem/7"]);
  });

  it("tolerates details it does not recognise", () => {
    expect(words(event("order.refunded", { amountMinor: "lots", lineItems: "none" } as never))).toEqual(["Refund issued"]);
    expect(words(event("order.tracking_updated", { status: "update" }))).toEqual(["Tracking update"]);
  });

  it("gives the time in the shop's zone and the merchant's language, the source, the history marker and the order", () => {
    const view = describeEvent(
      event("order.placed", {}, { history: true, source: "backfill", occurredAt: new Date("2026-07-01T22:15:00Z") }),
      {
        ...ctx,
        t: pl,
        locale: "pl",
      },
    );
    expect(view).toMatchObject({
      label: "Złożono zamówienie",
      at: "2 lip 2026, 00:15",
      isoAt: "2026-07-01T22:15:00.000Z",
      history: true,
      source: "Import historii",
      order: { id: "1001", name: "#1001" },
    });
    expect(describeEvent(event("customer.created", {}, { orderGid: null, source: "app" }), ctx)).toMatchObject({
      order: null,
      source: "Aftercare",
    });
  });

  it.each([
    [1, "Uznano za doręczone po 1 dniu"],
    [2, "Uznano za doręczone po 2 dniach"],
    [5, "Uznano za doręczone po 5 dniach"],
    [22, "Uznano za doręczone po 22 dniach"],
  ])("says %i days in Polish", (days, text) => {
    const view = describeEvent(event("order.delivered", { source: "fallback", fallbackDays: days }), { ...ctx, t: pl, locale: "pl" });
    expect(view.details.map((d) => d.text)).toEqual([text]);
  });

  it.each([
    [1, "1 zamówienie"],
    [3, "3 zamówienia"],
    [5, "5 zamówień"],
    [12, "12 zamówień"],
    [22, "22 zamówienia"],
    [25, "25 zamówień"],
  ])("counts %i orders in Polish", (count, text) => {
    expect(pl("customers.ordersCount", { count })).toBe(text);
  });
});
