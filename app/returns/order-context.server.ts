// The order as a return sees it, read from Shopify at the moment of asking: each line with its
// product's collections, tags and sibling variants, what was fulfilled (and its fulfilment line
// items, which Shopify's Returns API names), what is already in a return or refunded — turned into
// the policy engine's OrderForReturn (with the shop's and the shipping country, for the international
// rule), plus what the portal shows (titles, images).
import { toMinorUnits } from "~/orders/money";
import type { Db } from "~/platform/db.server";
import type { AdminClient } from "~/platform/shopify-admin.server";
import type { OrderForReturn, OrderLineForReturn } from "./policy";
import { ReturnOrder, ReturnOrderReturns, ReturnProducts, type ReturnProductNode, type ShopifyReturnLine } from "./returns.operations";

export interface LineInfo {
  lineItemGid: string;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  productGid: string | null;
  variantGid: string | null;
  /** Fulfilment line items of this line with their quantities, oldest first. */
  fulfillmentLineItems: { id: string; quantity: number }[];
  variants: { variantGid: string; title: string; available: boolean }[];
}

export interface OrderContext {
  orderGid: string;
  orderName: string;
  email: string | null;
  customerGid: string | null;
  locale: string | null;
  policyOrder: OrderForReturn;
  lines: Map<string, LineInfo>;
}

/** Units of each line item already in a return that still counts (not declined or cancelled). */
function returnedByLine(returns: { status: string; returnLineItems: { nodes: ShopifyReturnLine[] } }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of returns) {
    if (r.status === "DECLINED" || r.status === "CANCELED") continue;
    for (const l of r.returnLineItems.nodes) {
      const gid = l.fulfillmentLineItem?.lineItem.id;
      if (gid) out.set(gid, (out.get(gid) ?? 0) + l.quantity);
    }
  }
  return out;
}

export async function loadOrderContext(db: Db, client: AdminClient, shop: string, orderGid: string): Promise<OrderContext | null> {
  const [{ order, shop: shopifyShop }, { order: withReturns }, shopRow, local] = await Promise.all([
    client.request(ReturnOrder, { id: orderGid }),
    client.request(ReturnOrderReturns, { id: orderGid }),
    db.shop.findUnique({ where: { shop }, select: { timezone: true } }),
    db.order.findUnique({ where: { shop_orderGid: { shop, orderGid } }, select: { deliveredAt: true } }),
  ]);
  if (!order) return null;
  const productIds = [...new Set(order.lineItems.nodes.flatMap((l) => (l.product ? [l.product.id] : [])))].slice(0, 20);
  const { nodes } = productIds.length ? await client.request(ReturnProducts, { ids: productIds }) : { nodes: [] };
  const products = new Map(
    nodes.flatMap((n) => (n && "id" in n && typeof n.id === "string" ? [[n.id, n as ReturnProductNode] as const] : [])),
  );
  const currency = order.currencyCode;
  const shopCountry = shopifyShop?.billingAddress?.countryCodeV2 ?? null;
  const returned = returnedByLine(withReturns?.returns.nodes ?? []);
  const lines = new Map<string, LineInfo>();
  const policyLines: OrderLineForReturn[] = [];
  const fulfilments = order.fulfillments.filter((f) => f.status === "SUCCESS");
  for (const li of order.lineItems.nodes) {
    const mine = fulfilments.flatMap((f) =>
      f.fulfillmentLineItems.nodes
        .filter((n) => n.lineItem.id === li.id)
        .map((n) => ({ id: n.id, quantity: n.quantity ?? 0, createdAt: f.createdAt, deliveredAt: f.deliveredAt })),
    );
    const latest = [...mine].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const product = li.product ? products.get(li.product.id) : undefined;
    const variants = (product?.variants.nodes ?? []).map((v) => ({ variantGid: v.id, title: v.title, available: v.availableForSale }));
    lines.set(li.id, {
      lineItemGid: li.id,
      title: li.title,
      variantTitle: li.variantTitle,
      imageUrl: li.variant?.image?.url ?? li.product?.featuredImage?.url ?? null,
      productGid: li.product?.id ?? null,
      variantGid: li.variant?.id ?? null,
      fulfillmentLineItems: mine.map((m) => ({ id: m.id, quantity: m.quantity })),
      variants,
    });
    policyLines.push({
      lineItemGid: li.id,
      productGid: li.product?.id ?? "",
      variantGid: li.variant?.id ?? "",
      collectionGids: product?.collections.nodes.map((c) => c.id) ?? [],
      tags: product?.tags ?? [],
      quantity: li.quantity,
      fulfilledQuantity: mine.reduce((s, m) => s + m.quantity, 0),
      returnedQuantity: returned.get(li.id) ?? 0,
      refundedQuantity: Math.max(0, li.quantity - li.refundableQuantity),
      unitPriceMinor: toMinorUnits(li.originalUnitPriceSet.shopMoney.amount, currency),
      fulfilledAt: latest?.createdAt ?? null,
      deliveredAt: latest?.deliveredAt ?? local?.deliveredAt?.toISOString() ?? null,
      variants: variants.map((v) => ({ variantGid: v.variantGid, available: v.available })),
    });
  }
  return {
    orderGid: order.id,
    orderName: order.name,
    email: order.email,
    customerGid: order.customer?.id ?? null,
    locale: order.customerLocale,
    policyOrder: {
      currency,
      shopTimeZone: shopRow?.timezone ?? "UTC",
      shopCountryCode: shopCountry ?? "",
      // Without the shop's own country nothing can be called international.
      shippingCountryCode: shopCountry ? (order.shippingAddress?.countryCodeV2 ?? null) : null,
      lines: policyLines,
    },
    lines,
  };
}

/**
 * Which fulfilment line items carry `quantity` units of a line, after `alreadyReturned` of them went
 * back before (Shopify's Returns API counts per fulfilment line item).
 */
export function pickFulfillmentLines(
  line: LineInfo,
  quantity: number,
  alreadyReturned: number,
): { fulfillmentLineItemId: string; quantity: number }[] {
  const out: { fulfillmentLineItemId: string; quantity: number }[] = [];
  let skip = alreadyReturned;
  let left = quantity;
  for (const f of line.fulfillmentLineItems) {
    const free = Math.max(0, f.quantity - skip);
    skip = Math.max(0, skip - f.quantity);
    const take = Math.min(free, left);
    if (take > 0) out.push({ fulfillmentLineItemId: f.id, quantity: take });
    left -= take;
    if (left === 0) break;
  }
  return out;
}
