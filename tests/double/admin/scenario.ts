// A short shop history that touches every webhook topic the double emits, recording each change event.
import type { ChangeEvent, WebhookTopic } from "../../support/shopify/admin";
import { SHOP, storeWithOrder } from "./factories";

export function runScenario() {
  const events: ChangeEvent[] = [];
  const { store, product, customer, order } = storeWithOrder();
  store.on("change", (event: ChangeEvent) => events.push(event));

  store.updateCustomer(SHOP, customer.id, { marketingState: "UNSUBSCRIBED" });
  store.createCustomer(SHOP, {
    email: "olivia.smith@example.com",
    firstName: "Olivia",
    lastName: "Smith",
    locale: "en",
    note: "Prefers email",
    address: {
      firstName: "Olivia",
      lastName: "Smith",
      address1: "1 High Street",
      city: "London",
      zip: "SW1A 1AA",
      country: "United Kingdom",
      countryCode: "GB",
      phone: null,
    },
  });
  store.createDiscountCode(SHOP, { code: "WELCOME10", percentage: 0.1 });
  const second = store.createOrder(SHOP, {
    customerId: customer.id,
    lineItems: [{ variantId: product.variantIds[1], quantity: 1 }],
    discountCodes: ["WELCOME10"],
    tags: ["vip", "repeat"],
  });
  const fulfillment = store.fulfill(SHOP, order.id, {
    tracking: { company: "InPost", number: "620000000001", url: "https://inpost.pl/t/620000000001" },
  });
  store.markInTransit(SHOP, fulfillment.id);
  store.markDelivered(SHOP, fulfillment.id);
  store.refund(SHOP, order.id, { lineItems: [{ lineItemId: order.lineItems[1].id, quantity: 1 }], note: "Uszkodzona" });
  const requested = store.requestReturn(SHOP, order.id, [
    { fulfillmentLineItemId: fulfillment.lineItems[0].id, quantity: 1, returnReason: "DEFECTIVE", customerNote: "Pęknięta rączka" },
  ]);
  store.approveReturn(SHOP, requested.id);
  const another = store.requestReturn(SHOP, order.id, [
    { fulfillmentLineItemId: fulfillment.lineItems[0].id, quantity: 1, returnReason: "UNWANTED" },
  ]);
  store.declineReturn(SHOP, another.id, { reason: "RETURN_PERIOD_ENDED", note: "Minęło 30 dni" });
  store.cancel(SHOP, second.id, { reason: "customer" });
  store.uninstall(SHOP);

  const last = (topic: WebhookTopic) => [...events].reverse().find((e) => e.topic === topic);
  return { store, events, last, order, second, fulfillment };
}
