// One line of a bulk operation's JSONL file → the rows Aftercare keeps and the history events it
// means. Pure. Lines are told apart by their GID's type; a line without a readable id, or of a type
// Aftercare does not keep, is skipped with a reason (never an error that stops the import).
import { z } from "zod";
import type { NewEvent } from "~/events/types";
import { decideDelivery, type DeliveryDecision, type DeliveryPolicy } from "~/orders/delivery";
import { minorUnits } from "~/webhooks/payload-fields";

const gid = (type: string) => z.string().startsWith(`gid://shopify/${type}/`).max(200);
const text = z.string().nullish();
const time = z
  .string()
  .nullish()
  .transform((v, ctx) => {
    if (v == null) return null;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "not a date" });
      return z.NEVER;
    }
    return d;
  });
const money = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) }).nullish();
const amountOnly = z.object({ shopMoney: z.object({ amount: z.string() }) }).nullish();
const ref = (type: string) => z.object({ id: gid(type) }).nullish();

const customerLine = z.object({
  id: gid("Customer"),
  email: text,
  firstName: text,
  lastName: text,
  locale: text,
  createdAt: time,
  updatedAt: time,
  emailMarketingConsent: z.object({ marketingState: text, consentUpdatedAt: time }).nullish(),
});

const fulfilment = z.object({
  id: gid("Fulfillment"),
  status: text,
  displayStatus: text,
  createdAt: time,
  updatedAt: time,
  deliveredAt: time,
  trackingInfo: z.array(z.object({ company: text, number: text, url: text })).nullish(),
});

const refund = z.object({ id: gid("Refund"), createdAt: time, note: text, totalRefundedSet: money });

const orderLine = z.object({
  id: gid("Order"),
  name: text,
  email: text,
  createdAt: time,
  processedAt: time,
  updatedAt: time,
  cancelledAt: time,
  displayFinancialStatus: text,
  displayFulfillmentStatus: text,
  customerLocale: text,
  currencyCode: z.string(),
  totalPriceSet: money,
  subtotalPriceSet: amountOnly,
  totalTaxSet: amountOnly,
  totalShippingPriceSet: amountOnly,
  taxesIncluded: z.boolean().nullish(),
  discountCodes: z.array(z.string()).nullish(),
  customer: ref("Customer"),
  fulfillments: z.array(fulfilment).nullish(),
  refunds: z.array(refund).nullish(),
});

const lineItemLine = z.object({
  id: gid("LineItem"),
  __parentId: gid("Order"),
  title: text,
  variantTitle: text,
  sku: text,
  quantity: z.number().int().nullish(),
  product: ref("Product"),
  variant: ref("ProductVariant"),
  originalUnitPriceSet: money,
});

export interface CustomerRow {
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  marketingState: string | null;
  marketingUpdated: Date | null;
  shopifyCreatedAt: Date | null;
  shopifyUpdatedAt: Date;
}

export interface OrderRow {
  orderGid: string;
  name: string;
  email: string | null;
  customerGid: string | null;
  currency: string;
  totalMinor: number;
  subtotalMinor: number | null;
  taxMinor: number | null;
  shippingMinor: number | null;
  taxesIncluded: boolean | null;
  discountCodes: string | null;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  locale: string | null;
  processedAt: Date;
  cancelledAt: Date | null;
  deliveredAt: Date | null;
  deliverySource: string | null;
  shopifyUpdatedAt: Date;
}

export interface FulfilmentRow {
  fulfillmentGid: string;
  orderGid: string;
  status: string;
  shipmentStatus: string | null;
  displayStatus: string | null;
  trackingCompany: string | null;
  trackingNumbers: string;
  trackingUrls: string;
  deliveredAt: Date | null;
  shippedAt: Date | null;
  shopifyUpdatedAt: Date;
}

export interface RefundRow {
  refundGid: string;
  orderGid: string;
  amountMinor: number;
  currency: string;
  note: string | null;
  processedAt: Date;
}

export interface LineRow {
  orderGid: string;
  lineItemGid: string;
  productGid: string | null;
  variantGid: string | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  priceMinor: number;
}

export type HistoryRecord =
  | { kind: "customer"; customer: CustomerRow; events: NewEvent[] }
  | {
      kind: "order";
      order: OrderRow;
      fulfilments: FulfilmentRow[];
      refunds: RefundRow[];
      /** Fulfilments not yet delivered whose fallback lies ahead: a timer will decide them. */
      pendingFallback: { fulfillmentGid: string; shippedAt: Date }[];
      events: NewEvent[];
    }
  | { kind: "line"; line: LineRow }
  | { kind: "skipped"; reason: SkipReason };

/** Why a line of the file was not imported. */
export type SkipReason = "unreadable" | "not_kept";

/** Financial statuses an order only reaches once it was paid. */
const PAID = new Set(["paid", "partially_refunded", "refunded"]);

/** Shopify's GraphQL display statuses as the lower-case words its webhooks use. */
function financialStatus(display: string | null | undefined): string | null {
  return display ? display.toLowerCase() : null;
}

function fulfillmentStatus(display: string | null | undefined): string | null {
  switch (display) {
    case "FULFILLED":
      return "fulfilled";
    case "PARTIALLY_FULFILLED":
      return "partial";
    case "UNFULFILLED":
    case null:
    case undefined:
      return null;
    default:
      return display.toLowerCase();
  }
}

function typeOf(value: unknown): string | null {
  const id = (value as { id?: unknown } | null)?.id;
  if (typeof id !== "string" || !id.startsWith("gid://shopify/")) return null;
  return id.slice("gid://shopify/".length, id.indexOf("/", "gid://shopify/".length));
}

/** Reads one JSONL object. `policy` decides deliveries (the shop's fallback days, the import's now). */
export function historyRecord(value: unknown, policy: DeliveryPolicy): HistoryRecord {
  try {
    switch (typeOf(value)) {
      case "Customer":
        return customerRecord(customerLine.parse(value));
      case "Order":
        return orderRecord(orderLine.parse(value), policy);
      case "LineItem":
        return { kind: "line", line: lineRecord(lineItemLine.parse(value)) };
      case null:
        return { kind: "skipped", reason: "unreadable" };
      default:
        return { kind: "skipped", reason: "not_kept" };
    }
  } catch {
    return { kind: "skipped", reason: "unreadable" };
  }
}

function customerRecord(c: z.infer<typeof customerLine>): HistoryRecord {
  const updatedAt = c.updatedAt ?? c.createdAt ?? new Date(0);
  const state = c.emailMarketingConsent?.marketingState?.toUpperCase() ?? null;
  return {
    kind: "customer",
    customer: {
      customerGid: c.id,
      email: c.email ?? null,
      firstName: c.firstName ?? null,
      lastName: c.lastName ?? null,
      locale: c.locale ?? null,
      marketingState: state,
      marketingUpdated: c.emailMarketingConsent?.consentUpdatedAt ?? null,
      shopifyCreatedAt: c.createdAt ?? null,
      shopifyUpdatedAt: updatedAt,
    },
    events: [
      {
        type: "customer.created",
        key: `${c.id}:customer.created`,
        customerGid: c.id,
        occurredAt: c.createdAt ?? updatedAt,
        detail: { marketingState: state },
      },
    ],
  };
}

function orderRecord(o: z.infer<typeof orderLine>, policy: DeliveryPolicy): HistoryRecord {
  const currency = o.totalPriceSet?.shopMoney.currencyCode ?? o.currencyCode;
  const updatedAt = o.updatedAt ?? o.processedAt ?? o.createdAt ?? new Date(0);
  const processedAt = o.processedAt ?? o.createdAt ?? updatedAt;
  const name = o.name ?? `#${o.id.slice(o.id.lastIndexOf("/") + 1)}`;
  const fulfilments: FulfilmentRow[] = (o.fulfillments ?? []).map((f) => {
    const tracking = f.trackingInfo ?? [];
    return {
      fulfillmentGid: f.id,
      orderGid: o.id,
      status: (f.status ?? "SUCCESS").toLowerCase(),
      shipmentStatus: f.deliveredAt || f.displayStatus === "DELIVERED" ? "delivered" : null,
      displayStatus: f.displayStatus ?? null,
      trackingCompany: tracking.find((t) => t.company)?.company ?? null,
      trackingNumbers: JSON.stringify(tracking.flatMap((t) => (t.number ? [t.number] : []))),
      trackingUrls: JSON.stringify(tracking.flatMap((t) => (t.url ? [t.url] : []))),
      deliveredAt: f.deliveredAt ?? null,
      shippedAt: f.createdAt ?? null,
      shopifyUpdatedAt: f.updatedAt ?? f.createdAt ?? updatedAt,
    };
  });
  const delivery: DeliveryDecision | null = decideDelivery(
    fulfilments.map((f) => ({
      status: f.status,
      shipmentStatus: null,
      displayStatus: f.displayStatus,
      deliveredAt: f.deliveredAt,
      shippedAt: f.shippedAt,
      updatedAt: f.shopifyUpdatedAt,
    })),
    policy,
  );
  const refunds: RefundRow[] = (o.refunds ?? []).map((r) => {
    const money = r.totalRefundedSet?.shopMoney;
    return {
      refundGid: r.id,
      orderGid: o.id,
      amountMinor: money ? minorUnits(money.amount, money.currencyCode, "totalRefundedSet") : 0,
      currency: money?.currencyCode ?? currency,
      note: r.note ?? null,
      processedAt: r.createdAt ?? updatedAt,
    };
  });
  const order: OrderRow = {
    orderGid: o.id,
    name,
    email: o.email ?? null,
    customerGid: o.customer?.id ?? null,
    currency,
    totalMinor: o.totalPriceSet ? minorUnits(o.totalPriceSet.shopMoney.amount, currency, "totalPriceSet") : 0,
    subtotalMinor: o.subtotalPriceSet ? minorUnits(o.subtotalPriceSet.shopMoney.amount, currency, "subtotalPriceSet") : null,
    taxMinor: o.totalTaxSet ? minorUnits(o.totalTaxSet.shopMoney.amount, currency, "totalTaxSet") : null,
    shippingMinor: o.totalShippingPriceSet ? minorUnits(o.totalShippingPriceSet.shopMoney.amount, currency, "totalShippingPriceSet") : null,
    taxesIncluded: o.taxesIncluded ?? null,
    discountCodes: o.discountCodes ? JSON.stringify(o.discountCodes) : null,
    financialStatus: financialStatus(o.displayFinancialStatus),
    fulfillmentStatus: fulfillmentStatus(o.displayFulfillmentStatus),
    locale: o.customerLocale ?? null,
    processedAt,
    cancelledAt: o.cancelledAt ?? null,
    deliveredAt: delivery?.deliveredAt ?? null,
    deliverySource: delivery?.source ?? null,
    shopifyUpdatedAt: updatedAt,
  };
  const summary = { name, totalMinor: order.totalMinor, currency, financialStatus: order.financialStatus };
  const about = { orderGid: o.id, customerGid: order.customerGid };
  const events: NewEvent[] = [{ type: "order.placed", key: `${o.id}:order.placed`, occurredAt: processedAt, detail: summary, ...about }];
  if (PAID.has(order.financialStatus ?? "")) {
    events.push({ type: "order.paid", key: `${o.id}:order.paid`, occurredAt: processedAt, detail: summary, ...about });
  }
  for (const f of fulfilments) {
    if (f.status !== "success") continue;
    events.push({
      type: "order.fulfilled",
      key: `${f.fulfillmentGid}:created`,
      occurredAt: f.shippedAt ?? updatedAt,
      detail: {
        fulfillmentGid: f.fulfillmentGid,
        trackingCompany: f.trackingCompany,
        trackingNumbers: JSON.parse(f.trackingNumbers),
        trackingUrls: JSON.parse(f.trackingUrls),
      },
      ...about,
    });
  }
  if (delivery) {
    events.push({
      type: "order.delivered",
      key: `${o.id}:order.delivered`,
      occurredAt: delivery.deliveredAt,
      detail: { source: delivery.source, ...(delivery.source === "fallback" ? { fallbackDays: policy.fallbackDays } : {}) },
      ...about,
    });
  }
  for (const r of refunds) {
    events.push({
      type: "order.refunded",
      key: `${r.refundGid}:created`,
      occurredAt: r.processedAt,
      detail: { refundGid: r.refundGid, amountMinor: r.amountMinor, currency: r.currency, note: r.note, lineItems: [] },
      ...about,
    });
  }
  if (order.cancelledAt) {
    events.push({ type: "order.cancelled", key: `${o.id}:order.cancelled`, occurredAt: order.cancelledAt, detail: summary, ...about });
  }
  const pendingFallback = delivery
    ? []
    : fulfilments.flatMap((f) =>
        f.status === "success" && !f.deliveredAt && f.displayStatus !== "DELIVERED" && f.shippedAt
          ? [{ fulfillmentGid: f.fulfillmentGid, shippedAt: f.shippedAt }]
          : [],
      );
  return { kind: "order", order, fulfilments, refunds, pendingFallback, events };
}

function lineRecord(l: z.infer<typeof lineItemLine>): LineRow {
  const price = l.originalUnitPriceSet?.shopMoney;
  return {
    orderGid: l.__parentId,
    lineItemGid: l.id,
    productGid: l.product?.id ?? null,
    variantGid: l.variant?.id ?? null,
    title: l.title ?? "",
    variantTitle: l.variantTitle ?? null,
    sku: l.sku ?? null,
    quantity: l.quantity ?? 0,
    priceMinor: price ? minorUnits(price.amount, price.currencyCode, "originalUnitPriceSet") : 0,
  };
}
