// Shopify order/fulfillment/refund/return webhook payloads → the records Aftercare keeps.
// Pure: zod schemas (lenient about fields we do not use) and mappings; ids keyed on GIDs.
import { z } from "zod";
import { toMinorUnits } from "./money";

const numericId = z.union([z.string(), z.number()]).transform((v) => String(v));
const gid = (type: string) => z.string().startsWith(`gid://shopify/${type}/`);
const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO date");

export const orderPayload = z.object({
  admin_graphql_api_id: gid("Order"),
  name: z.string(),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  currency: z.string().length(3),
  total_price: z.string(),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  customer_locale: z.string().nullish(),
  created_at: isoDate,
  processed_at: isoDate.nullish(),
  cancelled_at: isoDate.nullish(),
  updated_at: isoDate,
  customer: z.object({ admin_graphql_api_id: gid("Customer") }).nullish(),
  line_items: z
    .array(
      z.object({
        admin_graphql_api_id: gid("LineItem"),
        product_id: numericId.nullish(),
        variant_id: numericId.nullish(),
        title: z.string(),
        variant_title: z.string().nullish(),
        sku: z.string().nullish(),
        quantity: z.number().int(),
        price: z.string(),
      }),
    )
    .default([]),
});
export type OrderPayload = z.infer<typeof orderPayload>;

export function orderRecord(p: OrderPayload) {
  return {
    orderGid: p.admin_graphql_api_id,
    name: p.name,
    email: p.email ?? p.contact_email ?? null,
    customerGid: p.customer?.admin_graphql_api_id ?? null,
    currency: p.currency,
    totalMinor: toMinorUnits(p.total_price, p.currency),
    financialStatus: p.financial_status ?? null,
    fulfillmentStatus: p.fulfillment_status ?? null,
    locale: p.customer_locale ?? null,
    processedAt: new Date(p.processed_at ?? p.created_at),
    cancelledAt: p.cancelled_at ? new Date(p.cancelled_at) : null,
    shopifyUpdatedAt: new Date(p.updated_at),
  };
}

export function orderLineRecords(p: OrderPayload) {
  return p.line_items.map((l) => ({
    orderGid: p.admin_graphql_api_id,
    lineItemGid: l.admin_graphql_api_id,
    productGid: l.product_id ? `gid://shopify/Product/${l.product_id}` : null,
    variantGid: l.variant_id ? `gid://shopify/ProductVariant/${l.variant_id}` : null,
    title: l.title,
    variantTitle: l.variant_title ?? null,
    sku: l.sku ?? null,
    quantity: l.quantity,
    priceMinor: toMinorUnits(l.price, p.currency),
  }));
}

export const fulfillmentPayload = z.object({
  admin_graphql_api_id: gid("Fulfillment"),
  order_id: numericId,
  status: z.string(),
  shipment_status: z.string().nullish(),
  tracking_company: z.string().nullish(),
  tracking_numbers: z.array(z.string()).default([]),
  tracking_urls: z.array(z.string()).default([]),
  created_at: isoDate,
  updated_at: isoDate,
});
export type FulfillmentPayload = z.infer<typeof fulfillmentPayload>;

export const fulfillmentEventPayload = z.object({
  admin_graphql_api_id: gid("FulfillmentEvent"),
  fulfillment_id: numericId,
  order_id: numericId,
  status: z.string(),
  message: z.string().nullish(),
  happened_at: isoDate.nullish(),
  created_at: isoDate,
});
export type FulfillmentEventPayload = z.infer<typeof fulfillmentEventPayload>;

export const refundPayload = z.object({
  admin_graphql_api_id: gid("Refund"),
  order_id: numericId,
  note: z.string().nullish(),
  created_at: isoDate,
  processed_at: isoDate.nullish(),
  refund_line_items: z
    .array(z.object({ line_item_id: numericId, quantity: z.number().int() }).passthrough())
    .default([]),
  transactions: z
    .array(z.object({ amount: z.string(), currency: z.string().nullish(), kind: z.string().nullish(), status: z.string().nullish() }).passthrough())
    .default([]),
});
export type RefundPayload = z.infer<typeof refundPayload>;

export const returnPayload = z.object({
  admin_graphql_api_id: gid("Return"),
  status: z.string().nullish(),
  name: z.string().nullish(),
  order: z.object({ admin_graphql_api_id: gid("Order") }),
});
export type ReturnPayload = z.infer<typeof returnPayload>;

export const orderGidFromId = (id: string) => `gid://shopify/Order/${id}`;
export const fulfillmentGidFromId = (id: string) => `gid://shopify/Fulfillment/${id}`;

/** Sum of successful refund transactions, in minor units of the order currency. */
export function refundedMinor(p: RefundPayload, currency: string): number {
  return p.transactions
    .filter((t) => (t.kind ?? "refund") === "refund" && (t.status ?? "success") === "success")
    .reduce((sum, t) => sum + toMinorUnits(t.amount, t.currency ?? currency), 0);
}
