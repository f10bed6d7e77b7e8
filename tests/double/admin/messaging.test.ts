// The Admin API the messaging engine talks to, run with the documents the app really sends
// (app/messaging/messaging.operations.ts): Storefront API tokens, the email-marketing consent write-back and
// its webhooks, collections, the cross-sell discount code, and inventory.
import { describe, expect, it } from "vitest";
import {
  CrossSellDiscountCreate,
  CustomerEmailMarketingConsentUpdate,
  MessagingCatalog,
  ProductCollections,
  StorefrontAccessTokenCreate,
} from "~/messaging/messaging.operations";
import { AdminGraphqlApi, AdminStore, DEFAULT_SCOPES, MAX_STOREFRONT_TOKENS, type ChangeEvent } from "../../support/shopify/admin";
import { SHOP, seededShop, storeWithOrder } from "./factories";

type Body = { data?: any; errors?: any[] };

async function run(api: AdminGraphqlApi, document: string, variables: Record<string, unknown> = {}, scope?: string | null): Promise<Body> {
  const response = await api.handle(SHOP, { query: document, variables }, scope === undefined ? {} : { scope });
  expect(response.status).toBe(200);
  return response.body as Body;
}

function recordEvents(store: { on(event: "change", listener: (e: ChangeEvent) => void): unknown }) {
  const events: ChangeEvent[] = [];
  store.on("change", (event: ChangeEvent) => events.push(event));
  return events;
}

describe("storefrontAccessTokenCreate", () => {
  it("is among the double's default scopes, as the app asks for it", () => {
    expect(DEFAULT_SCOPES.split(",")).toContain("unauthenticated_read_product_listings");
  });

  it("makes a token bound to the shop that carries the app's unauthenticated scopes", async () => {
    const { store } = seededShop();
    const body = await run(new AdminGraphqlApi(store), StorefrontAccessTokenCreate.document, { input: { title: "Aftercare cross-sell" } });
    expect(body.errors).toBeUndefined();
    const { accessToken } = body.data.storefrontAccessTokenCreate.storefrontAccessToken;
    expect(body.data.storefrontAccessTokenCreate.userErrors).toEqual([]);
    expect(accessToken).toMatch(/^[0-9a-f]{32}$/);
    expect(store.findStorefrontAccessToken(accessToken)).toMatchObject({
      shop: SHOP,
      token: { title: "Aftercare cross-sell", scopes: ["unauthenticated_read_product_listings"] },
    });

    const read = await run(
      new AdminGraphqlApi(store),
      `mutation { storefrontAccessTokenCreate(input: { title: "second" }) { shop { myshopifyDomain } storefrontAccessToken { title accessScopes { handle } } } }`,
    );
    expect(read.data.storefrontAccessTokenCreate).toEqual({
      shop: { myshopifyDomain: SHOP },
      storefrontAccessToken: { title: "second", accessScopes: [{ handle: "unauthenticated_read_product_listings" }] },
    });
  });

  it("is denied, as Shopify denies it, to an app without the scope", async () => {
    const { store } = storeWithOrder();
    const body = await run(new AdminGraphqlApi(store), StorefrontAccessTokenCreate.document, { input: { title: "x" } }, "read_products");
    expect(body.data).toEqual({ storefrontAccessTokenCreate: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        message:
          "Access denied for storefrontAccessTokenCreate field. Required access: `unauthenticated_read_product_listings` access scope.",
        path: ["storefrontAccessTokenCreate"],
        extensions: expect.objectContaining({ code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes" }),
      }),
    ]);
    expect(Object.keys(store.shopData(SHOP).storefrontAccessTokens)).toEqual([]);
  });

  it("refuses a blank title and more than Shopify's 100 tokens per shop", async () => {
    const { store } = seededShop();
    const api = new AdminGraphqlApi(store);
    const blank = await run(api, StorefrontAccessTokenCreate.document, { input: { title: " " } });
    expect(blank.data.storefrontAccessTokenCreate).toEqual({
      storefrontAccessToken: null,
      userErrors: [{ field: ["input", "title"], message: "Title can't be blank" }],
    });
    for (let i = 0; i < MAX_STOREFRONT_TOKENS; i++) store.createStorefrontAccessToken(SHOP, `t${i}`, DEFAULT_SCOPES);
    const over = await run(api, StorefrontAccessTokenCreate.document, { input: { title: "one too many" } });
    expect(over.data.storefrontAccessTokenCreate.storefrontAccessToken).toBeNull();
    expect(over.data.storefrontAccessTokenCreate.userErrors).toHaveLength(1);
  });

  it("dies with the installation: uninstalling revokes the shop's storefront tokens", () => {
    const { store } = seededShop();
    const token = store.createStorefrontAccessToken(SHOP, "t", DEFAULT_SCOPES);
    store.uninstall(SHOP);
    expect(store.findStorefrontAccessToken(token.accessToken)).toBeNull();
  });
});

describe("customerEmailMarketingConsentUpdate", () => {
  const unsubscribe = (customerId: string, extra: Record<string, unknown> = {}) => ({
    input: { customerId, emailMarketingConsent: { marketingState: "UNSUBSCRIBED", ...extra } },
  });

  it("records the new consent and fires customers/update and customers_email_marketing_consent/update", async () => {
    const { store, customer } = storeWithOrder({ clock: () => Date.parse("2026-03-02T09:30:00Z") });
    const events = recordEvents(store);
    const body = await run(new AdminGraphqlApi(store), CustomerEmailMarketingConsentUpdate.document, unsubscribe(customer.id), null);
    expect(body.errors).toBeUndefined();
    expect(body.data.customerEmailMarketingConsentUpdate).toEqual({
      customer: { id: customer.id, emailMarketingConsent: { marketingState: "UNSUBSCRIBED", consentUpdatedAt: "2026-03-02T09:30:00Z" } },
      userErrors: [],
    });
    expect(store.customer(SHOP, customer.id)).toMatchObject({
      marketingState: "UNSUBSCRIBED",
      marketingOptInLevel: "SINGLE_OPT_IN",
      consentUpdatedAt: "2026-03-02T09:30:00Z",
    });
    expect(events.map((e) => e.topic)).toEqual(["customers/update", "customers_email_marketing_consent/update"]);
    // Like Shopify since 2025-01: the consent travels only in its own topic, not in customers/update.
    expect(JSON.parse(events[0].body)).not.toHaveProperty("email_marketing_consent");
  });

  it("sends the consent topic with the payload Shopify documents, the customer id exact", async () => {
    const { store, customer } = storeWithOrder({ clock: () => Date.parse("2026-03-02T09:30:00Z") });
    const events = recordEvents(store);
    await run(
      new AdminGraphqlApi(store),
      CustomerEmailMarketingConsentUpdate.document,
      unsubscribe(customer.id, { consentUpdatedAt: "2026-03-01T18:00:00Z", marketingOptInLevel: "CONFIRMED_OPT_IN" }),
      null,
    );
    const consent = events.find((e) => e.topic === "customers_email_marketing_consent/update")!;
    expect(JSON.parse(consent.body)).toEqual({
      customer_id: expect.any(Number),
      email_address: "anna.nowak@example.pl",
      email_marketing_consent: { state: "unsubscribed", opt_in_level: "confirmed_opt_in", consent_updated_at: "2026-03-01T19:00:00+01:00" },
    });
    expect(consent.body).toContain(`"customer_id":${customer.id.split("/").pop()},`);
  });

  it("answers an unknown customer, a customer without email and a state that cannot be set with userErrors", async () => {
    const { store } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const missing = await run(api, CustomerEmailMarketingConsentUpdate.document, unsubscribe("gid://shopify/Customer/1"), null);
    expect(missing.data.customerEmailMarketingConsentUpdate).toEqual({
      customer: null,
      userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }],
    });
    const anonymous = store.createCustomer(SHOP, { email: null, firstName: "Bez", lastName: "Maila" });
    const noEmail = await run(api, CustomerEmailMarketingConsentUpdate.document, unsubscribe(anonymous.id), null);
    expect(noEmail.data.customerEmailMarketingConsentUpdate.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "customerId"], code: "INVALID" }),
    ]);
    const customer = Object.values(store.shopData(SHOP).customers)[0];
    const readOnly = await run(
      api,
      CustomerEmailMarketingConsentUpdate.document,
      { input: { customerId: customer.id, emailMarketingConsent: { marketingState: "NOT_SUBSCRIBED" } } },
      null,
    );
    expect(readOnly.data.customerEmailMarketingConsentUpdate.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "emailMarketingConsent", "marketingState"], code: "INCLUSION" }),
    ]);
    expect(store.customer(SHOP, customer.id).marketingState).toBe("SUBSCRIBED");
  });

  it("needs write_customers", async () => {
    const { store, customer } = storeWithOrder();
    const body = await run(
      new AdminGraphqlApi(store),
      CustomerEmailMarketingConsentUpdate.document,
      unsubscribe(customer.id),
      "read_customers",
    );
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: "ACCESS_DENIED" } });
    expect(store.customer(SHOP, customer.id).marketingState).toBe("SUBSCRIBED");
  });

  it("fires the consent topic for any consent change in the store, and only for a change", () => {
    const { store, customer } = storeWithOrder();
    const events = recordEvents(store);
    store.updateCustomer(SHOP, customer.id, { marketingState: "UNSUBSCRIBED" });
    store.updateCustomer(SHOP, customer.id, { firstName: "Ania" });
    expect(events.map((e) => e.topic)).toEqual(["customers/update", "customers_email_marketing_consent/update", "customers/update"]);
  });
});

describe("collections", () => {
  it("lists the seeded collections by title, and the app's whole catalogue in one request", async () => {
    const { store } = seededShop();
    const body = await run(new AdminGraphqlApi(store), MessagingCatalog.document);
    expect(body.errors).toBeUndefined();
    expect(body.data.collections.nodes.map((c: { title: string }) => c.title)).toEqual([
      "Kuchnia i stół",
      "Na prezent",
      "Rośliny i ogród",
      "Sypialnia i tekstylia",
    ]);
    const titles = body.data.products.nodes.map((p: { title: string }) => p.title);
    expect(titles).toHaveLength(20);
    expect(titles).toEqual([...titles].sort());
  });

  it("gives each product's collections by id, and null for an id that is not there", async () => {
    const { store, product } = seededShop();
    const mug = product("Kubek ceramiczny Glina");
    const plant = product("Monstera w donicy");
    const body = await run(new AdminGraphqlApi(store), ProductCollections.document, { ids: [mug.id, plant.id, "gid://shopify/Product/1"] });
    const collections = store.shopData(SHOP).collections;
    const titlesOf = (node: { collections: { nodes: { id: string }[] } }) => node.collections.nodes.map((c) => collections[c.id].title);
    expect(body.data.nodes[0].id).toBe(mug.id);
    expect(titlesOf(body.data.nodes[0])).toEqual(["Kuchnia i stół", "Na prezent"]);
    expect(titlesOf(body.data.nodes[1])).toEqual(["Rośliny i ogród"]);
    expect(body.data.nodes[2]).toBeNull();
  });

  it("lists a collection's products in the merchant's order, and finds collections by search", async () => {
    const { store } = seededShop();
    const body = await run(
      new AdminGraphqlApi(store),
      `{ collections(first: 5, query: "title:Rośliny*") { nodes { title handle productsCount { count precision } products(first: 5) { nodes { title } } } } }`,
    );
    expect(body.data.collections.nodes).toEqual([
      {
        title: "Rośliny i ogród",
        handle: "rosliny-i-ogrod",
        productsCount: { count: 3, precision: "EXACT" },
        products: { nodes: [{ title: "Monstera w donicy" }, { title: "Sansewieria (wężownica)" }, { title: "Miedziana konewka" }] },
      },
    ]);
  });
});

describe("discountCodeBasicCreate for the cross-sell", () => {
  const crossSell = (code: string, customers: string[]) => ({
    basicCodeDiscount: {
      title: `Cross-sell ${code}`,
      code,
      startsAt: "2026-03-01T00:00:00Z",
      endsAt: "2026-04-01T00:00:00Z",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: customers } },
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
    },
  });

  it("stores the code for the customers it was made for, with its limits", async () => {
    const { store, customer } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const body = await run(api, CrossSellDiscountCreate.document, crossSell("DZIEKUJEMY-7QX", [customer.id]));
    expect(body.data.discountCodeBasicCreate.userErrors).toEqual([]);
    const id = body.data.discountCodeBasicCreate.codeDiscountNode.id;
    const read = await run(
      api,
      `query($id: ID!) { codeDiscountNode(id: $id) { codeDiscount { ... on DiscountCodeBasic {
        title status usageLimit appliesOncePerCustomer summary
        combinesWith { orderDiscounts productDiscounts shippingDiscounts }
        customerSelection { ... on DiscountCustomers { customers { id } } ... on DiscountCustomerAll { allCustomers } }
        codes(first: 1) { nodes { code } } } } } }`,
      { id },
    );
    expect(read.data.codeDiscountNode.codeDiscount).toEqual({
      title: "Cross-sell DZIEKUJEMY-7QX",
      status: "ACTIVE",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      summary: "10% off entire order",
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
      customerSelection: { customers: [{ id: customer.id }] },
      codes: { nodes: [{ code: "DZIEKUJEMY-7QX" }] },
    });
  });

  it("refuses a code that exists already, whatever its case, as Shopify does", async () => {
    const { store, customer } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    await run(api, CrossSellDiscountCreate.document, crossSell("DZIEKUJEMY-7QX", [customer.id]));
    const again = await run(api, CrossSellDiscountCreate.document, crossSell("dziekujemy-7qx", [customer.id]));
    expect(again.data.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" }],
    });
  });

  it("refuses a customer that does not exist", async () => {
    const { store } = storeWithOrder();
    const body = await run(new AdminGraphqlApi(store), CrossSellDiscountCreate.document, crossSell("NOBODY", ["gid://shopify/Customer/1"]));
    expect(body.data.discountCodeBasicCreate.userErrors).toEqual([
      expect.objectContaining({ field: ["basicCodeDiscount", "context", "customers", "add"], code: "INVALID" }),
    ]);
  });

  it("takes the code off at checkout only for its customer, and only once", async () => {
    const { store, customer, product } = storeWithOrder({ clock: () => Date.parse("2026-03-10T10:00:00Z") });
    await run(new AdminGraphqlApi(store), CrossSellDiscountCreate.document, {
      basicCodeDiscount: { ...crossSell("TYLKO-ANNA", [customer.id]).basicCodeDiscount, usageLimit: 5 },
    });
    const stranger = store.createCustomer(SHOP, { email: "jan.kowalski@example.pl", firstName: "Jan", lastName: "Kowalski" });
    const line = [{ variantId: product.variantIds[0], quantity: 1 }];
    const theirs = store.createOrder(SHOP, { customerId: stranger.id, lineItems: line, discountCodes: ["TYLKO-ANNA"] });
    const first = store.createOrder(SHOP, { customerId: customer.id, lineItems: line, discountCodes: ["TYLKO-ANNA"] });
    const second = store.createOrder(SHOP, { customerId: customer.id, lineItems: line, discountCodes: ["TYLKO-ANNA"] });
    expect([theirs, first, second].map((o) => [o.discountCodes, o.discountAmount])).toEqual([
      [[], "0.00"],
      [["TYLKO-ANNA"], "19.90"],
      [[], "0.00"],
    ]);
    expect(store.findDiscountByCode(SHOP, "TYLKO-ANNA")!.usageCount).toBe(1);
  });
});

describe("inventory", () => {
  it("has sold-out products in the demo catalogue, whole and by variant", async () => {
    const { store, product } = seededShop();
    const body = await run(
      new AdminGraphqlApi(store),
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { title totalInventory variants(first: 5) { nodes { title inventoryQuantity inventoryPolicy availableForSale } } } } }`,
      { ids: [product("Skórzana torba podróżna").id, product("Kubek ceramiczny Glina").id] },
    );
    const [bag, mug] = body.data.nodes;
    expect(bag).toMatchObject({
      totalInventory: 0,
      variants: { nodes: [{ inventoryQuantity: 0, inventoryPolicy: "DENY", availableForSale: false }] },
    });
    expect(mug.variants.nodes.map((v: { title: string; availableForSale: boolean }) => [v.title, v.availableForSale])).toEqual([
      ["Grafit", true],
      ["Piasek", true],
      ["Mech", false],
    ]);
    expect(mug.totalInventory).toBeGreaterThan(0);
  });

  it("takes stock when an order is placed and puts it back when a cancellation restocks", () => {
    const { store, data, product } = seededShop();
    const variantId = product("Świeca sojowa Las").variantIds[0];
    const before = data.variants[variantId].inventoryQuantity!;
    const customer = Object.values(data.customers)[0];
    const order = store.createOrder(SHOP, { customerId: customer.id, lineItems: [{ variantId, quantity: 2 }] });
    expect(data.variants[variantId].inventoryQuantity).toBe(before - 2);
    store.cancel(SHOP, order.id);
    expect(data.variants[variantId].inventoryQuantity).toBe(before);
  });
});

describe("saved demo shops from before collections, inventory and storefront tokens", () => {
  it("load with none of them: every variant untracked and sellable, no collections, no tokens", () => {
    const { store } = storeWithOrder();
    const snapshot = store.snapshot() as unknown as {
      shops: Record<string, { collections?: unknown; storefrontAccessTokens?: unknown; variants: Record<string, Record<string, unknown>> }>;
    };
    const shop = snapshot.shops[SHOP];
    delete shop.collections;
    delete shop.storefrontAccessTokens;
    for (const variant of Object.values(shop.variants)) {
      delete variant.inventoryQuantity;
      delete variant.inventoryPolicy;
    }
    const reloaded = new AdminStore();
    reloaded.restore(snapshot as unknown as ReturnType<AdminStore["snapshot"]>);
    const data = reloaded.shopData(SHOP);
    expect(data.collections).toEqual({});
    expect(data.storefrontAccessTokens).toEqual({});
    expect(Object.values(data.variants).map((v) => [v.inventoryQuantity, v.inventoryPolicy, reloaded.variantAvailable(v)])).toEqual([
      [null, "DENY", true],
      [null, "DENY", true],
    ]);
  });
});
