// Small builders for Admin-double tests: a shop with one installed token, a product, a customer and an order;
// or the demo shop's catalogue with a short history.
import { AdminStore, DEFAULT_SCOPES, seedDemoShop } from "../../support/shopify/admin";

export const SHOP = "aftercare-test.myshopify.com";
export const TOKEN = "shpat_test_token";

export function storeWithOrder(options: { clock?: () => number } = {}) {
  const store = new AdminStore({ clock: options.clock ?? (() => Date.parse("2026-03-01T10:00:00Z")) });
  store.upsertShop(SHOP, { name: "Aftercare Test", currencyCode: "PLN" });
  store.install(SHOP, { accessToken: TOKEN, scope: "read_orders" });
  const product = store.createProduct(SHOP, {
    title: "Żeliwna patelnia",
    image: { url: "https://cdn.example.com/pan.jpg", altText: "Pan" },
    variants: [
      { title: "24 cm", sku: "PAN-24", price: "199.00" },
      { title: "28 cm", sku: "PAN-28", price: "249.00" },
    ],
  });
  const customer = store.createCustomer(SHOP, {
    email: "anna.nowak@example.pl",
    firstName: "Anna",
    lastName: "Nowak",
    locale: "pl",
    marketingState: "SUBSCRIBED",
    address: {
      firstName: "Anna",
      lastName: "Nowak",
      address1: "ul. Prosta 1",
      city: "Warszawa",
      zip: "00-001",
      country: "Poland",
      countryCode: "PL",
      phone: null,
    },
  });
  const order = store.createOrder(SHOP, {
    customerId: customer.id,
    lineItems: [
      { variantId: product.variantIds[0], quantity: 2 },
      { variantId: product.variantIds[1], quantity: 1 },
    ],
    shippingPrice: "14.99",
  });
  return { store, product, customer, order };
}

/** The demo shop's catalogue (a small history), with the app installed with the double's default scopes. */
export function seededShop(options: { now?: number } = {}) {
  const now = options.now ?? Date.parse("2026-03-01T10:00:00Z");
  const store = new AdminStore({ clock: () => now });
  seedDemoShop(store, SHOP, { now, customers: 30, orders: 60 });
  store.install(SHOP, { accessToken: TOKEN, scope: DEFAULT_SCOPES });
  const data = store.shopData(SHOP);
  const product = (title: string) => {
    const found = Object.values(data.products).find((p) => p.title === title);
    if (!found) throw new Error(`no product ${title}`);
    return found;
  };
  return { store, data, product };
}
