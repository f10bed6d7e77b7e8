// The flow editor's catalogue through the Shopify double's Admin API, as the admin pages ask it
// (`admin.graphql`): a small shop's catalogue loads whole; a shop with more than one page of products
// is searched by title as the merchant types, and the titles of what its care links name are found
// even beyond the first page.
import { afterEach, describe, expect, it } from "vitest";
import { loadCatalog, searchCatalog, withTitlesFor, type AdminGraphql } from "~/messaging/guides.server";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";
import { startShopifyDouble, type ShopifyDouble } from "../support/shopify";
import { AdminStore, seedDemoShop } from "../support/shopify/admin";

const SHOP = "anna-ceramics.myshopify.com";
const TOKEN = "shpat_catalog_test";

let double: ShopifyDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

/** What `authenticate.admin(request).admin.graphql` does: POST the document with the shop's token. */
function graphqlFor(url: string): AdminGraphql {
  return (query, options) =>
    fetch(`${url}/shops/${SHOP}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": TOKEN },
      body: JSON.stringify({ query, variables: options?.variables ?? {} }),
    });
}

async function start(extraProducts: number) {
  const store = new AdminStore();
  seedDemoShop(store, SHOP, { now: Date.now(), orders: 5, customers: 3, seed: 3 });
  for (let i = 1; i <= extraProducts; i++) {
    store.createProduct(SHOP, {
      title: `Kubek wzór ${String(i).padStart(3, "0")}`,
      handle: `kubek-wzor-${i}`,
      vendor: "Glina",
      variants: [{ title: "Default Title", price: "49.00" }],
    });
  }
  store.install(SHOP, { accessToken: TOKEN, scope: "read_products" });
  double = await startShopifyDouble({ appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: "s", store });
  return { store, graphql: graphqlFor(double.url) };
}

describe("the flow editor's catalogue", () => {
  it("loads a small shop's products and collections whole", async () => {
    const { store, graphql } = await start(0);
    const catalog = await loadCatalog(graphql);
    expect(catalog?.complete).toBe(true);
    expect(catalog?.products.length).toBe(Object.keys(store.shopData(SHOP).products).length);
    expect(catalog?.collections.length).toBeGreaterThan(0);
  });

  it("searches a large shop's catalogue by title, and names what its links point at beyond the first page", async () => {
    const { store, graphql } = await start(300);
    const catalog = await loadCatalog(graphql);
    expect(catalog).toMatchObject({ complete: false });
    expect(catalog!.products).toHaveLength(250);

    const found = await searchCatalog(graphql, "wzór 29");
    expect(found.products.map((p) => p.title)).toEqual(expect.arrayContaining(["Kubek wzór 290", "Kubek wzór 299"]));
    expect(found.products.every((p) => p.title.includes("29"))).toBe(true);
    // Search operators in the merchant's words are words, not syntax.
    expect((await searchCatalog(graphql, 'title:"x" OR (')).products).toEqual([]);
    expect(await searchCatalog(graphql, "  ")).toEqual({ products: [], collections: [] });

    const beyond = Object.values(store.shopData(SHOP).products).find((p) => p.title === "Kubek wzór 300")!;
    expect(catalog!.products.some((p) => p.id === beyond.id)).toBe(false);
    const named = await withTitlesFor(graphql, catalog, [beyond.id, "gid://shopify/Product/1"]);
    expect(named!.products).toContainEqual({ id: beyond.id, title: "Kubek wzór 300" });
    expect(named!.products.some((p) => p.id === "gid://shopify/Product/1")).toBe(false);
  });
});
