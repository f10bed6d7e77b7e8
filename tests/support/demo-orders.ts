// What a demo does to the shop, as real store mutations (each one fires the webhooks Shopify would):
// place an order, ship it, deliver it, ask for a return, refund or cancel it, change a shopper's email
// marketing consent — plus a short story of live orders for one customer.
import type { AdminStore } from "./shopify/admin";
import type { CustomerRecord, OrderRecord } from "./shopify/admin/store-types";

export function placeOrder(
  store: AdminStore,
  shop: string,
  input: { customerId: string; variantId?: string; quantity?: number },
): OrderRecord {
  const data = store.shopData(shop);
  // Without a chosen product, rotate through what is in stock so consecutive demo orders differ.
  const variantIds = Object.values(data.variants)
    .filter((v) => data.products[v.productId].status === "ACTIVE" && store.variantAvailable(v))
    .map((v) => v.id);
  if (!input.variantId && variantIds.length === 0) throw new Error(`${shop} has nothing in stock to order`);
  const variantId = input.variantId ?? variantIds[Object.keys(data.orders).length % variantIds.length];
  return store.createOrder(shop, {
    customerId: input.customerId,
    lineItems: [{ variantId, quantity: input.quantity ?? 1 }],
    shippingPrice: "14.99",
  });
}

/** Ships everything still unshipped, with an InPost tracking number, and scans it in transit. */
export function shipOrder(store: AdminStore, shop: string, orderId: string) {
  const order = store.order(shop, orderId);
  const number = `6${String(order.number).padStart(6, "0")}${order.token.replace(/\D/g, "").padEnd(6, "0").slice(0, 6)}`;
  const fulfillment = store.fulfill(shop, orderId, {
    tracking: { company: "InPost", number, url: `https://inpost.pl/sledzenie-przesylek?number=${number}` },
  });
  store.markInTransit(shop, fulfillment.id);
  return fulfillment;
}

/** Marks the order's shipments that are not delivered yet as delivered now. */
export function deliverOrder(store: AdminStore, shop: string, orderId: string) {
  const pending = store.fulfillmentsOf(shop, orderId).filter((f) => f.status === "success" && !f.deliveredAt);
  if (pending.length === 0) throw new Error(`Order ${store.order(shop, orderId).name} has no shipment on its way`);
  return pending.map((f) => store.markDelivered(shop, f.id));
}

/** Asks to return one unit of the first delivered item that can still be returned. */
export function requestReturnOf(store: AdminStore, shop: string, orderId: string) {
  const line = store
    .fulfillmentsOf(shop, orderId)
    .filter((f) => f.deliveredAt)
    .flatMap((f) => f.lineItems)
    .find((l) => store.returnableQuantity(shop, orderId, l.id) > 0);
  if (!line) throw new Error(`Order ${store.order(shop, orderId).name} has nothing delivered left to return`);
  return store.requestReturn(shop, orderId, [
    { fulfillmentLineItemId: line.id, quantity: 1, returnReason: "UNWANTED", customerNote: "Kolor nie pasuje do wnętrza" },
  ]);
}

/** Refunds everything still refundable on the order, as the admin's "Refund" does with every line selected. */
export function refundOrder(store: AdminStore, shop: string, orderId: string) {
  const order = store.order(shop, orderId);
  if (order.financialStatus !== "paid" && order.financialStatus !== "partially_refunded")
    throw new Error(`Order ${order.name} has no payment to refund (${order.financialStatus.replace("_", " ")})`);
  return store.refund(shop, orderId, { note: "Zwrot pełnej kwoty" });
}

/** Cancels an order nothing of which has shipped yet; a paid order is refunded in full and restocked, as the admin does. */
export function cancelOrder(store: AdminStore, shop: string, orderId: string) {
  const order = store.order(shop, orderId);
  if (store.fulfillmentsOf(shop, orderId).some((f) => f.status === "success"))
    throw new Error(`Order ${order.name} has shipped and can no longer be cancelled`);
  return store.cancel(shop, orderId, { reason: "customer" });
}

/** A shopper subscribes to or unsubscribes from the shop's marketing email. */
export function setEmailConsent(store: AdminStore, shop: string, customerId: string, state: "SUBSCRIBED" | "UNSUBSCRIBED") {
  const customer = store.customer(shop, customerId);
  if (customer.marketingState === state) throw new Error(`${customer.email ?? customerId} is already ${state.toLowerCase()}`);
  return store.updateEmailMarketingConsent(shop, customerId, { marketingState: state });
}

export type OrderStage = "cancelled" | "ordered" | "shipped" | "delivered" | "return requested";

export function orderStage(store: AdminStore, shop: string, order: OrderRecord): OrderStage {
  if (order.cancelledAt) return "cancelled";
  if (store.returnsOf(shop, order.id).some((r) => r.status === "REQUESTED" || r.status === "OPEN")) return "return requested";
  const shipments = store.fulfillmentsOf(shop, order.id).filter((f) => f.status === "success");
  if (shipments.length === 0) return "ordered";
  return shipments.every((f) => f.deliveredAt) && store.fulfillmentStatus(shop, order) === "fulfilled" ? "delivered" : "shipped";
}

/** The demo's featured shopper: the first subscribed customer with a Polish profile (the seed is deterministic). */
export function featuredCustomer(store: AdminStore, shop: string): CustomerRecord {
  const customers = Object.values(store.shopData(shop).customers);
  // Subscribed to email marketing, so the demo shows the marketing flows (cross-sell) reaching them too.
  const found =
    customers.find((c) => c.locale === "pl" && c.firstName && c.email && c.marketingState === "SUBSCRIBED") ??
    customers.find((c) => c.locale === "pl" && c.firstName && c.email) ??
    customers[0];
  if (!found) throw new Error(`${shop} has no customers`);
  return found;
}

/** A first look at data flowing: three orders for one shopper — delivered, on its way, just placed. */
export function liveOrderStory(store: AdminStore, shop: string, customerId: string): OrderRecord[] {
  const delivered = placeOrder(store, shop, { customerId });
  shipOrder(store, shop, delivered.id);
  deliverOrder(store, shop, delivered.id);
  const shipped = placeOrder(store, shop, { customerId });
  shipOrder(store, shop, shipped.id);
  const placed = placeOrder(store, shop, { customerId });
  return [delivered, shipped, placed];
}
