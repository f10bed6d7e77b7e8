// Shopify order/fulfillment/refund/return webhook payloads → the records Aftercare keeps.
// Pure: zod schemas and mappings. Only the resource's own id is required; every other field may be
// null or missing and has a documented fallback (see webhooks/payload-fields.ts for the policy).
import { z } from "zod";
import { amount, count, currencyCode, gidField, gidOf, isoDate, minorUnits, numericId, requireGid, text } from "~/webhooks/payload-fields";
import { SkipDelivery } from "~/webhooks/handler";

const customerRef = z.object({ id: numericId.nullish(), admin_graphql_api_id: gidField.nullish(), email: text.nullish() }).nullish();

const lineItem = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: gidField.nullish(),
  product_id: numericId.nullish(),
  variant_id: numericId.nullish(),
  title: text.nullish(),
  name: text.nullish(),
  variant_title: text.nullish(),
  sku: text.nullish(),
  quantity: count.nullish(),
  price: amount.nullish(),
});

export const orderPayload = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: gidField.nullish(),
  name: text.nullish(),
  order_number: z.union([z.number().int(), z.string().max(40)]).nullish(),
  email: text.nullish(),
  contact_email: text.nullish(),
  currency: currencyCode.nullish(),
  presentment_currency: currencyCode.nullish(),
  total_price: amount.nullish(),
  subtotal_price: amount.nullish(),
  total_tax: amount.nullish(),
  taxes_included: z.boolean().nullish(),
  total_shipping_price_set: z.object({ shop_money: z.object({ amount: amount.nullish() }).nullish() }).nullish(),
  discount_codes: z.array(z.object({ code: text.nullish() }).nullish()).nullish(),
  financial_status: text.nullish(),
  fulfillment_status: text.nullish(),
  customer_locale: text.nullish(),
  created_at: isoDate.nullish(),
  processed_at: isoDate.nullish(),
  cancelled_at: isoDate.nullish(),
  updated_at: isoDate.nullish(),
  customer: customerRef,
  line_items: z.array(lineItem).nullish(),
});
export type OrderPayload = z.infer<typeof orderPayload>;

/** Facts about the delivery the payload may not carry. */
export interface Fallbacks {
  receivedAt: Date;
  /** The shop's currency, when known. */
  currency?: string | null;
}

/** `XXX` is ISO 4217's "no currency": an order whose currency nobody told us. */
export const UNKNOWN_CURRENCY = "XXX";

export interface OrderRecord {
  orderGid: string;
  /** What a new row gets (fallbacks applied). */
  insert: {
    name: string;
    email: string | null;
    customerGid: string | null;
    currency: string;
    totalMinor: number;
    /** After discounts, before shipping (and tax unless taxesIncluded); shop currency. */
    subtotalMinor: number | null;
    taxMinor: number | null;
    shippingMinor: number | null;
    taxesIncluded: boolean | null;
    /** JSON list of the codes the order used. */
    discountCodes: string | null;
    financialStatus: string | null;
    fulfillmentStatus: string | null;
    locale: string | null;
    processedAt: Date;
    cancelledAt: Date | null;
    shopifyUpdatedAt: Date;
  };
  /** What a newer version replaces; null = the payload did not say (keep what is stored). */
  update: Partial<Record<keyof OrderRecord["insert"], unknown>>;
}

export function orderRecord(p: OrderPayload, topic: string, f: Fallbacks): OrderRecord {
  const orderGid = requireGid("Order", p.admin_graphql_api_id, p.id, topic);
  const numeric = orderGid.slice(orderGid.lastIndexOf("/") + 1);
  const currency = p.currency ?? p.presentment_currency ?? null;
  const money = (value: string | null | undefined, field: string) =>
    value != null ? minorUnits(value, currency ?? f.currency ?? UNKNOWN_CURRENCY, field) : null;
  const totalMinor = money(p.total_price, "total_price");
  const codes = p.discount_codes?.flatMap((d) => (d?.code ? [d.code] : []));
  // Shopify's updated_at orders versions; without it the delivery's arrival is the best we know.
  const updatedAt = p.updated_at ?? p.created_at ?? f.receivedAt;
  const processedAt = p.processed_at ?? p.created_at ?? null;
  const name = p.name ?? (p.order_number != null ? `#${p.order_number}` : null);
  const update = {
    name,
    email: p.email ?? p.contact_email ?? p.customer?.email ?? null,
    customerGid: p.customer ? gidOf("Customer", p.customer.admin_graphql_api_id, p.customer.id) : null,
    currency,
    totalMinor,
    subtotalMinor: money(p.subtotal_price, "subtotal_price"),
    taxMinor: money(p.total_tax, "total_tax"),
    shippingMinor: money(p.total_shipping_price_set?.shop_money?.amount, "total_shipping_price_set"),
    taxesIncluded: p.taxes_included ?? null,
    discountCodes: codes ? JSON.stringify(codes) : null,
    financialStatus: p.financial_status ?? null,
    fulfillmentStatus: p.fulfillment_status ?? null,
    locale: p.customer_locale ?? null,
    processedAt,
    cancelledAt: p.cancelled_at ?? null,
    shopifyUpdatedAt: updatedAt,
  };
  return {
    orderGid,
    insert: {
      ...update,
      name: name ?? `#${numeric}`,
      currency: currency ?? f.currency ?? UNKNOWN_CURRENCY,
      totalMinor: totalMinor ?? 0,
      processedAt: processedAt ?? updatedAt,
    },
    update,
  };
}

export function orderLineRecords(p: OrderPayload, orderGid: string, currency: string) {
  return (p.line_items ?? []).flatMap((l, i) => {
    // A line without an id cannot be keyed; the rest of the order is still worth keeping.
    const lineItemGid = gidOf("LineItem", l.admin_graphql_api_id, l.id);
    if (!lineItemGid) return [];
    return [
      {
        orderGid,
        lineItemGid,
        productGid: l.product_id ? `gid://shopify/Product/${l.product_id}` : null,
        variantGid: l.variant_id ? `gid://shopify/ProductVariant/${l.variant_id}` : null,
        title: l.title ?? l.name ?? "",
        variantTitle: l.variant_title ?? null,
        sku: l.sku ?? null,
        quantity: l.quantity ?? 0,
        priceMinor: l.price != null ? minorUnits(l.price, currency, `line_items.${i}.price`) : 0,
      },
    ];
  });
}

export const fulfillmentPayload = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: gidField.nullish(),
  order_id: numericId.nullish(),
  status: text.nullish(),
  shipment_status: text.nullish(),
  tracking_company: text.nullish(),
  tracking_numbers: z.array(text.nullable()).nullish(),
  tracking_urls: z.array(text.nullable()).nullish(),
  created_at: isoDate.nullish(),
  updated_at: isoDate.nullish(),
});
export type FulfillmentPayload = z.infer<typeof fulfillmentPayload>;

/** A fulfillment's order: without it the fulfillment cannot be placed on any timeline. */
export function requireOrderId(orderId: string | null | undefined, topic: string): string {
  if (orderId == null) throw new SkipDelivery(`${topic} payload has no order_id`);
  return orderGidFromId(orderId);
}

export const fulfillmentEventPayload = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: gidField.nullish(),
  fulfillment_id: numericId.nullish(),
  order_id: numericId.nullish(),
  status: text.nullish(),
  message: text.nullish(),
  happened_at: isoDate.nullish(),
  created_at: isoDate.nullish(),
});
export type FulfillmentEventPayload = z.infer<typeof fulfillmentEventPayload>;

export const refundPayload = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: gidField.nullish(),
  order_id: numericId.nullish(),
  note: text.nullish(),
  created_at: isoDate.nullish(),
  processed_at: isoDate.nullish(),
  refund_line_items: z.array(z.object({ line_item_id: numericId.nullish(), quantity: count.nullish() }).nullable()).nullish(),
  transactions: z
    .array(
      z.object({ amount: amount.nullish(), currency: currencyCode.nullish(), kind: text.nullish(), status: text.nullish() }).nullable(),
    )
    .nullish(),
});
export type RefundPayload = z.infer<typeof refundPayload>;

export const returnPayload = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: gidField.nullish(),
  status: text.nullish(),
  name: text.nullish(),
  order: z.object({ id: numericId.nullish(), admin_graphql_api_id: gidField.nullish() }).nullish(),
  order_id: numericId.nullish(),
});
export type ReturnPayload = z.infer<typeof returnPayload>;

export const orderGidFromId = (id: string) => `gid://shopify/Order/${id}`;
export const fulfillmentGidFromId = (id: string) => `gid://shopify/Fulfillment/${id}`;

/** Sum of successful refund transactions, in minor units of the order currency. */
export function refundedMinor(p: RefundPayload, currency: string): number {
  return (p.transactions ?? []).reduce((sum, t, i) => {
    if (!t || t.amount == null) return sum;
    if ((t.kind ?? "refund") !== "refund" || (t.status ?? "success") !== "success") return sum;
    return sum + minorUnits(t.amount, t.currency ?? currency, `transactions.${i}.amount`);
  }, 0);
}

/** When the refund happened: processed_at, else created_at, else when the delivery arrived. */
export function refundTime(p: RefundPayload, receivedAt: Date): Date {
  return p.processed_at ?? p.created_at ?? receivedAt;
}
