// Product recommendations as the Storefront API's productRecommendations gives them: COMPLEMENTARY from the
// merchant's Search & Discovery list, RELATED from the merchant's list and then products that share the type,
// collections and tags. Only what Shopify would recommend is kept (see the intent's comment in schema.graphql).
import type { AdminStore } from "../admin/store";
import type { ProductRecord } from "../admin/store-types";
import { toMinor } from "../admin/ids";

/** Where Search & Discovery keeps a product's recommendation lists (list.product_reference metafields). */
export const DISCOVERY_NAMESPACE = "shopify--discovery--product_recommendation";
export const MAX_RECOMMENDATIONS = 10;

export type RecommendationIntent = "COMPLEMENTARY" | "RELATED";

/** A product the Storefront API shows at all: active (and so published to the online store). */
export const isVisible = (product: ProductRecord | undefined): product is ProductRecord => product?.status === "ACTIVE";

function merchantList(store: AdminStore, shop: string, productId: string, key: string): string[] {
  const metafield = store.getMetafield(shop, productId, DISCOVERY_NAMESPACE, key);
  if (!metafield) return [];
  try {
    const ids: unknown = JSON.parse(metafield.value);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

/** How much two products have in common: the same type counts 3, each shared collection 2, each shared tag 1. */
function relatedness(store: AdminStore, shop: string, a: ProductRecord, b: ProductRecord): number {
  const collectionsOf = (p: ProductRecord) => new Set(store.collectionsOf(shop, p.id).map((c) => c.id));
  const mine = collectionsOf(a);
  const sharedCollections = [...collectionsOf(b)].filter((id) => mine.has(id)).length;
  const sharedTags = b.tags.filter((tag) => a.tags.includes(tag)).length;
  return (a.productType && a.productType === b.productType ? 3 : 0) + 2 * sharedCollections + sharedTags;
}

/** The products recommended for `product`, best first, at most ten. */
export function recommendProducts(store: AdminStore, shop: string, product: ProductRecord, intent: RecommendationIntent): ProductRecord[] {
  const data = store.shopData(shop);
  const inStock = (p: ProductRecord) => p.variantIds.some((id) => (data.variants[id].inventoryQuantity ?? 1) > 0);
  const recommendable = (p: ProductRecord | undefined): p is ProductRecord =>
    isVisible(p) &&
    p.id !== product.id &&
    p.variantIds.some((id) => toMinor(data.variants[id].price) > 0) &&
    (intent === "COMPLEMENTARY" ? inStock(p) : store.productAvailable(shop, p));
  const chosen: ProductRecord[] = [];
  const add = (p: ProductRecord | undefined) => {
    if (recommendable(p) && !chosen.includes(p) && chosen.length < MAX_RECOMMENDATIONS) chosen.push(p);
  };
  if (intent === "COMPLEMENTARY") {
    for (const id of merchantList(store, shop, product.id, "complementary_products")) add(data.products[id]);
    return chosen;
  }
  for (const id of merchantList(store, shop, product.id, "related_products")) add(data.products[id]);
  Object.values(data.products)
    .map((candidate, index) => ({ candidate, index, score: relatedness(store, shop, product, candidate) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .forEach((entry) => add(entry.candidate));
  return chosen;
}
