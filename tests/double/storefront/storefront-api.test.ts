// The Storefront API endpoint of the double over HTTP, as the app reaches it: a token made with the Admin
// API's storefrontAccessTokenCreate, the app's own documents (app/messaging/recommendations.storefront.ts),
// recommendations in the merchant's order, sold-out products flagged, translations, and Shopify's answers to
// a missing or wrong token and to products that are not there.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorefrontAccessTokenCreate } from "~/messaging/messaging.operations";
import { ProductRecommendations, STOREFRONT_API_VERSION, StorefrontProducts } from "~/messaging/recommendations.storefront";
import { startShopifyDouble, type ShopifyDouble } from "../../support/shopify";
import { AdminStore, DEFAULT_SCOPES, seedDemoShop } from "../../support/shopify/admin";
import { createStorefront } from "../../support/shopify/storefront";
import { UNAUTHORIZED_BODY } from "../../support/shopify/storefront-api";

const SHOP = "aftercare-demo.myshopify.com";
const OTHER = "other-shop.myshopify.com";
const ADMIN_TOKEN = "shpat_storefront_test";
const now = Date.parse("2026-03-01T10:00:00Z");
const store = new AdminStore({ clock: () => now });
seedDemoShop(store, SHOP, { now, customers: 20, orders: 40 });
store.install(SHOP, { accessToken: ADMIN_TOKEN, scope: DEFAULT_SCOPES });
store.upsertShop(OTHER);
const otherToken = store.createStorefrontAccessToken(OTHER, "other", DEFAULT_SCOPES).accessToken;

let double: ShopifyDouble;
let token: string;

const product = (title: string) => {
  const found = Object.values(store.shopData(SHOP).products).find((p) => p.title === title);
  if (!found) throw new Error(`no product ${title}`);
  return found;
};

beforeAll(async () => {
  const data = store.shopData(SHOP);
  double = await startShopifyDouble({
    appUrl: "http://127.0.0.1:9",
    apiKey: "key",
    apiSecret: "secret",
    store,
    listeners: [
      createStorefront({
        extensionDir: path.resolve(import.meta.dirname, "../../../extensions/aftercare-theme"),
        shops: (handle) =>
          handle === SHOP
            ? { name: data.shop.name, products: Object.values(data.products).map((p) => ({ handle: p.handle, title: p.title })) }
            : null,
      }),
    ],
  });
  const response = await fetch(`${double.url}/shops/${SHOP}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": ADMIN_TOKEN },
    body: JSON.stringify({ query: StorefrontAccessTokenCreate.document, variables: { input: { title: "Aftercare" } } }),
  });
  token = ((await response.json()) as { data: { storefrontAccessTokenCreate: { storefrontAccessToken: { accessToken: string } } } }).data
    .storefrontAccessTokenCreate.storefrontAccessToken.accessToken;
});

afterAll(async () => {
  await double?.close();
});

async function storefront(
  document: string,
  variables: Record<string, unknown> = {},
  options: { token?: string | null; path?: string } = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const sent = options.token === undefined ? token : options.token;
  if (sent !== null) headers["x-shopify-storefront-access-token"] = sent;
  const response = await fetch(`${double.url}${options.path ?? `/api/${STOREFRONT_API_VERSION}/graphql.json`}`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query: document, variables }),
  });
  return { status: response.status, body: await response.json() };
}

const titles = (products: { title: string }[] | null) => products?.map((p) => p.title) ?? null;

async function recommendations(title: string, intent: "COMPLEMENTARY" | "RELATED", language = "PL") {
  const { status, body } = await storefront(ProductRecommendations.document, { productId: product(title).id, intent, language });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data.productRecommendations as { title: string; availableForSale: boolean }[] | null;
}

describe("Storefront API authentication", () => {
  const query = `{ products(first: 1) { nodes { id } } }`;

  it("answers a missing or unknown token with Shopify's 401", async () => {
    for (const sent of [null, "", "not-a-token"]) {
      const { status, body } = await storefront(query, {}, { token: sent });
      expect({ sent, status, body }).toEqual({ sent, status: 401, body: UNAUTHORIZED_BODY });
    }
  });

  it("serves the token's own shop, on the bare path and on the shop's path, and refuses it for another shop", async () => {
    expect((await storefront(query)).status).toBe(200);
    expect((await storefront(query, {}, { path: `/shops/${SHOP}/api/${STOREFRONT_API_VERSION}/graphql.json` })).status).toBe(200);
    const foreign = await storefront(query, {}, { token: otherToken, path: `/shops/${SHOP}/api/${STOREFRONT_API_VERSION}/graphql.json` });
    expect(foreign).toEqual({ status: 401, body: UNAUTHORIZED_BODY });
  });

  it("lets a shop's own path read products without a token (Shopify's tokenless access)", async () => {
    const { status, body } = await storefront(
      query,
      {},
      { token: null, path: `/shops/${SHOP}/api/${STOREFRONT_API_VERSION}/graphql.json` },
    );
    expect(status).toBe(200);
    expect(body.data.products.nodes).toHaveLength(1);
  });

  it("denies product listings to a token without unauthenticated_read_product_listings", async () => {
    const checkoutOnly = store.createStorefrontAccessToken(SHOP, "checkout only", "unauthenticated_write_checkouts").accessToken;
    const { status, body } = await storefront(query, {}, { token: checkoutOnly });
    expect(status).toBe(200);
    expect(body.errors[0]).toMatchObject({
      message: "Access denied for products field. Required access: `unauthenticated_read_product_listings` access scope.",
      extensions: { code: "ACCESS_DENIED" },
    });
  });

  it("stops honouring the shop's tokens once the app is uninstalled", async () => {
    const local = new AdminStore({ clock: () => now });
    seedDemoShop(local, SHOP, { now, customers: 5, orders: 5 });
    local.install(SHOP, { accessToken: ADMIN_TOKEN, scope: DEFAULT_SCOPES });
    const localToken = local.createStorefrontAccessToken(SHOP, "t", DEFAULT_SCOPES).accessToken;
    const localDouble = await startShopifyDouble({ appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: "s", store: local });
    try {
      const ask = () =>
        fetch(`${localDouble.url}/api/${STOREFRONT_API_VERSION}/graphql.json`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-shopify-storefront-access-token": localToken },
          body: JSON.stringify({ query }),
        });
      expect((await ask()).status).toBe(200);
      local.uninstall(SHOP);
      expect((await ask()).status).toBe(401);
    } finally {
      await localDouble.close();
    }
  });
});

describe("productRecommendations", () => {
  it("gives the merchant's complementary list in its order", async () => {
    expect(titles(await recommendations("Żeliwna patelnia 26 cm", "COMPLEMENTARY"))).toEqual([
      "Deska do krojenia z dębu",
      "Noże kuchenne ze stali węglowej",
      "Łyżki do sałaty z drewna oliwnego",
    ]);
  });

  it("gives no complementary products when the merchant set none, or only sold-out ones", async () => {
    expect(await recommendations("Ręczniki bambusowe", "COMPLEMENTARY")).toEqual([]);
    expect(await recommendations("Skórzany portfel Rzemieślnik", "COMPLEMENTARY")).toEqual([]);
    expect(titles(await recommendations("Lniana pościel Poranek", "COMPLEMENTARY"))).toEqual(["Jedwabna poszewka na poduszkę"]);
  });

  it("ranks related products by what they share, the same every time, without the product itself or sold-out ones", async () => {
    const related = titles(await recommendations("Żeliwna patelnia 26 cm", "RELATED"))!;
    expect(related[0]).toBe("Żeliwny garnek emaliowany");
    expect(related).not.toContain("Żeliwna patelnia 26 cm");
    expect(related.length).toBeLessThanOrEqual(10);
    expect(titles(await recommendations("Żeliwna patelnia 26 cm", "RELATED"))).toEqual(related);
    const leather = titles(await recommendations("Skórzany portfel Rzemieślnik", "RELATED"))!;
    expect(leather).not.toContain("Skórzana torba podróżna");
    expect((await recommendations("Kosz z rattanu", "RELATED"))!.every((p) => p.availableForSale)).toBe(true);
  });

  it("defaults to RELATED", async () => {
    const { body } = await storefront(`query($id: ID!) { productRecommendations(productId: $id) { title } }`, {
      id: product("Żeliwna patelnia 26 cm").id,
    });
    expect(titles(body.data.productRecommendations)).toEqual(titles(await recommendations("Żeliwna patelnia 26 cm", "RELATED")));
  });

  it("is null for a product that is not there or not published", async () => {
    const draft = store.createProduct(SHOP, { title: "Szkic", status: "DRAFT", variants: [{ price: "10.00" }] });
    for (const productId of ["gid://shopify/Product/1", draft.id]) {
      const { body } = await storefront(ProductRecommendations.document, { productId, intent: "COMPLEMENTARY", language: "PL" });
      expect(body).toEqual({ data: { productRecommendations: null } });
    }
  });
});

describe("products", () => {
  it("flags sold-out products and keeps a product with one sold-out variant for sale", async () => {
    const ids = [product("Skórzana torba podróżna").id, product("Kubek ceramiczny Glina").id, "gid://shopify/Product/1"];
    const { body } = await storefront(StorefrontProducts.document, { ids, language: "PL" });
    expect(body.data.nodes.map((n: { title: string; availableForSale: boolean } | null) => n && [n.title, n.availableForSale])).toEqual([
      ["Skórzana torba podróżna", false],
      ["Kubek ceramiczny Glina", true],
      null,
    ]);
    const variants = await storefront(`query($id: ID!) { product(id: $id) { variants(first: 5) { nodes { title availableForSale } } } }`, {
      id: ids[1],
    });
    expect(variants.body.data.product.variants.nodes).toEqual([
      { title: "Grafit", availableForSale: true },
      { title: "Piasek", availableForSale: true },
      { title: "Mech", availableForSale: false },
    ]);
    const soldOut = await storefront(`{ products(first: 10, query: "available_for_sale:false") { nodes { title } } }`);
    expect(titles(soldOut.body.data.products.nodes)).toEqual(["Skórzana torba podróżna", "Pled z wełny merino"]);
  });

  it("reads the fields the app asks for, with Storefront-style amounts and a link to the storefront's page", async () => {
    const pan = product("Żeliwna patelnia 26 cm");
    const { body } = await storefront(StorefrontProducts.document, { ids: [pan.id], language: "PL" });
    expect(body.data.nodes[0]).toEqual({
      id: pan.id,
      title: "Żeliwna patelnia 26 cm",
      handle: "zeliwna-patelnia-26-cm",
      onlineStoreUrl: `${double.url}/shops/${SHOP}/products/zeliwna-patelnia-26-cm`,
      availableForSale: true,
      featuredImage: { url: pan.image!.url, altText: "Żeliwna patelnia 26 cm" },
      priceRange: { minVariantPrice: { amount: "249.0", currencyCode: "PLN" } },
    });
    const page = await fetch(body.data.nodes[0].onlineStoreUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Żeliwna patelnia 26 cm");
  });

  it("serves the merchant's translations for @inContext(language:), the shop's own text otherwise", async () => {
    const ids = [product("Wełniany koc Tatry").id];
    const english = await storefront(StorefrontProducts.document, { ids, language: "EN" });
    const polish = await storefront(StorefrontProducts.document, { ids, language: "PL" });
    const german = await storefront(StorefrontProducts.document, { ids, language: "DE" });
    expect([english, polish, german].map((r) => r.body.data.nodes[0].title)).toEqual([
      "Tatry wool blanket",
      "Wełniany koc Tatry",
      "Wełniany koc Tatry",
    ]);
    const collections = await storefront(
      `query @inContext(language: EN, country: PL) { collections(first: 5) { totalCount nodes { title } } }`,
    );
    expect(collections.body.data.collections).toEqual({
      totalCount: "4",
      nodes: [{ title: "Kitchen and table" }, { title: "Bedroom and textiles" }, { title: "Plants and garden" }, { title: "Gift ideas" }],
    });
  });

  it("finds a product by handle and reads null for one that is not visible", async () => {
    const byHandle = await storefront(`{ product(handle: "miedziana-konewka") { title } }`);
    expect(byHandle.body.data.product).toEqual({ title: "Miedziana konewka" });
    const missing = await storefront(`{ product(handle: "nie-ma-takiego") { title } }`);
    expect(missing.body).toEqual({ data: { product: null } });
  });

  it("rejects a field the Storefront API does not have, the way Shopify words it", async () => {
    const { status, body } = await storefront(`{ products(first: 1) { nodes { inventoryCount } } }`);
    expect(status).toBe(200);
    expect(body.errors[0]).toMatchObject({
      message: "Field 'inventoryCount' doesn't exist on type 'Product'",
      extensions: { code: "undefinedField" },
    });
  });
});
