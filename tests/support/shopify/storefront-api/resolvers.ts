// GraphQL resolvers mapping the Storefront double's schema.graphql onto the Admin double's store, for one shop
// per request: only active products are visible, titles follow @inContext(language:), amounts are written the
// way the Storefront API writes them, and reading products needs the token's unauthenticated_read_product_listings.
import type { GraphQLResolveInfo } from "graphql";
import { GraphQLError, GraphQLScalarType, Kind, getDirectiveValues } from "../admin/graphql-runtime";
import { applySearch, paginate, type PageArgs, type SearchFields } from "../admin/connections";
import { isoUtc, numericIdOf, parseGid, toMinor } from "../admin/ids";
import type { AdminStore } from "../admin/store";
import type { CollectionRecord, ProductRecord, TranslationRecord, VariantRecord } from "../admin/store-types";
import { isVisible, recommendProducts, type RecommendationIntent } from "./recommendations";

export interface StorefrontContext {
  store: AdminStore;
  shop: string;
  /** Origin the request reached; the storefront pages the API links to live there. */
  origin: string;
  /** The access token's scopes (a tokenless request gets what tokenless access allows). */
  scopes: string[];
}

type Args = Record<string, unknown>;
type PageAndQuery = PageArgs & { query?: string | null; sortKey?: string | null };

export const LISTINGS_SCOPE = "unauthenticated_read_product_listings";

/** Shopify's top-level answer to a field the token has no scope for. */
function requireListings(ctx: StorefrontContext, field: string): void {
  if (ctx.scopes.includes(LISTINGS_SCOPE)) return;
  throw new GraphQLError(`Access denied for ${field} field. Required access: \`${LISTINGS_SCOPE}\` access scope.`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess: `\`${LISTINGS_SCOPE}\` access scope.`,
    },
  });
}

/** "189.00" → "189.0", "19.90" → "19.9", "19.99" → "19.99": how the Storefront API prints Decimal amounts. */
export function storefrontAmount(amount: string): string {
  const minor = toMinor(amount);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const cents = abs % 100;
  const decimals = cents === 0 ? "0" : cents % 10 === 0 ? String(cents / 10) : String(cents).padStart(2, "0");
  return `${sign}${Math.floor(abs / 100)}.${decimals}`;
}

const money = (ctx: StorefrontContext, amount: string) => ({
  amount: storefrontAmount(amount),
  currencyCode: ctx.store.shopData(ctx.shop).shop.currencyCode,
});

/** The language @inContext asks for ("PT_BR" → "pt-br"), or null for the shop's own. */
function languageOf(info: GraphQLResolveInfo): string | null {
  const directive = info.schema.getDirective("inContext");
  if (!directive) return null;
  const values = getDirectiveValues(directive, info.operation, info.variableValues) as { language?: unknown } | undefined;
  return typeof values?.language === "string" ? values.language.toLowerCase().replace(/_/g, "-") : null;
}

function translated(
  record: { title: string; description: string; translations?: Record<string, TranslationRecord> },
  field: "title" | "description",
  info: GraphQLResolveInfo,
): string {
  const language = languageOf(info);
  return (language ? record.translations?.[language]?.[field] : undefined) ?? record[field];
}

function truncate(text: string, truncateAt: number | null | undefined): string {
  return truncateAt && text.length > truncateAt ? `${text.slice(0, truncateAt)}...` : text;
}

function productById(ctx: StorefrontContext, id: string | null | undefined): ProductRecord | null {
  const product = id ? ctx.store.shopData(ctx.shop).products[id] : undefined;
  return isVisible(product) ? product : null;
}

function productByHandle(ctx: StorefrontContext, handle: string | null | undefined): ProductRecord | null {
  if (!handle) return null;
  const product = Object.values(ctx.store.shopData(ctx.shop).products).find((p) => p.handle === handle);
  return isVisible(product) ? product : null;
}

function visibleProducts(ctx: StorefrontContext): ProductRecord[] {
  return Object.values(ctx.store.shopData(ctx.shop).products).filter(isVisible);
}

function variantsOf(ctx: StorefrontContext, product: ProductRecord): VariantRecord[] {
  const variants = ctx.store.shopData(ctx.shop).variants;
  return product.variantIds.map((id) => variants[id]);
}

const minPriceMinor = (ctx: StorefrontContext, p: ProductRecord) => Math.min(...variantsOf(ctx, p).map((v) => toMinor(v.price)));

/** Units of each product ordered so far (BEST_SELLING). */
function unitsSold(ctx: StorefrontContext): Map<string, number> {
  const sold = new Map<string, number>();
  for (const order of ctx.store.allOrders(ctx.shop))
    for (const line of order.lineItems) if (line.productId) sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity);
  return sold;
}

/** Sorted by a key, ties by numeric id; keys that need a direction sort descending where Shopify does. */
function sortProducts(ctx: StorefrontContext, products: ProductRecord[], sortKey: string | null | undefined): ProductRecord[] {
  const id = (p: ProductRecord) => numericIdOf(p.id).padStart(20, "0");
  const byId = (a: ProductRecord, b: ProductRecord) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
  const sold = sortKey === "BEST_SELLING" ? unitsSold(ctx) : null;
  const keys: Record<string, (p: ProductRecord) => string | number> = {
    TITLE: (p) => p.title,
    PRODUCT_TYPE: (p) => p.productType,
    VENDOR: (p) => p.vendor,
    CREATED_AT: (p) => p.createdAt,
    UPDATED_AT: (p) => p.updatedAt,
    PRICE: (p) => minPriceMinor(ctx, p),
    BEST_SELLING: (p) => -(sold?.get(p.id) ?? 0),
  };
  const key = sortKey ? keys[sortKey] : undefined;
  if (sortKey === "RELEVANCE") return products;
  return [...products].sort((a, b) => {
    if (key) {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return ka < kb ? -1 : 1;
    }
    return byId(a, b);
  });
}

const productSearch = (ctx: StorefrontContext): SearchFields<ProductRecord> => ({
  id: (p) => numericIdOf(p.id),
  title: (p) => p.title,
  handle: (p) => p.handle,
  product_type: (p) => p.productType,
  vendor: (p) => p.vendor,
  tag: (p) => p.tags,
  available_for_sale: (p) => String(ctx.store.productAvailable(ctx.shop, p)),
  created_at: (p) => p.createdAt,
  updated_at: (p) => p.updatedAt,
  "variants.price": (p) => minPriceMinor(ctx, p) / 100,
});

const collectionSearch: SearchFields<CollectionRecord> = {
  id: (c) => numericIdOf(c.id),
  title: (c) => c.title,
  handle: (c) => c.handle,
  updated_at: (c) => c.updatedAt,
};

function connection<T extends { id: string }>(items: T[], args: PageArgs) {
  return paginate(items, args, (item) => item.id);
}

/** A connection of collections, with the total a CollectionConnection reports. */
function collectionConnection(collections: CollectionRecord[], args: PageArgs) {
  return { ...connection(collections, args), totalCount: String(collections.length) };
}

function collectionsConnection(collections: CollectionRecord[], args: PageAndQuery) {
  const filtered = applySearch(collections, args.query, collectionSearch, (c) => `${c.title} ${c.handle}`);
  const sorted =
    args.sortKey === "TITLE"
      ? [...filtered].sort((a, b) => a.title.localeCompare(b.title))
      : args.sortKey === "UPDATED_AT"
        ? [...filtered].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
        : filtered;
  return collectionConnection(sorted, args);
}

/** A product, collection or variant of a visible product by GID; anything else (or not visible) is null. */
function nodeById(ctx: StorefrontContext, id: string): { id: string } | null {
  const parsed = parseGid(id);
  if (!parsed) return null;
  const data = ctx.store.shopData(ctx.shop);
  if (parsed.type === "Product") return productById(ctx, id);
  if (parsed.type === "Collection") return data.collections[id] ?? null;
  if (parsed.type === "ProductVariant") {
    const variant = data.variants[id];
    return variant && productById(ctx, variant.productId) ? variant : null;
  }
  return null;
}

function stringScalar(name: string, check?: (value: string) => boolean) {
  const parse = (value: unknown) => {
    const text = typeof value === "number" ? String(value) : value;
    if (typeof text !== "string" || (check && !check(text))) throw new GraphQLError(`Invalid ${name}: ${JSON.stringify(value)}`);
    return text;
  };
  return new GraphQLScalarType({
    name,
    serialize: (value) => String(value),
    parseValue: parse,
    parseLiteral: (ast) => {
      if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parse(ast.value);
      throw new GraphQLError(`Invalid ${name} literal`);
    },
  });
}

const utc = (iso: string) => isoUtc(new Date(iso));

export const resolvers = {
  Decimal: stringScalar("Decimal", (v) => /^-?\d+(\.\d+)?$/.test(v)),
  DateTime: stringScalar("DateTime", (v) => !Number.isNaN(Date.parse(v))),
  URL: stringScalar("URL"),
  UnsignedInt64: stringScalar("UnsignedInt64", (v) => /^\d+$/.test(v)),

  Node: { __resolveType: (node: { id: string }) => parseGid(node.id)?.type ?? null },

  QueryRoot: {
    product: (_: unknown, args: { id?: string | null; handle?: string | null }, ctx: StorefrontContext) => {
      requireListings(ctx, "product");
      return args.id ? productById(ctx, args.id) : productByHandle(ctx, args.handle);
    },
    products: (_: unknown, args: PageAndQuery, ctx: StorefrontContext) => {
      requireListings(ctx, "products");
      const filtered = applySearch(
        visibleProducts(ctx),
        args.query,
        productSearch(ctx),
        (p) => `${p.title} ${p.productType} ${p.tags.join(" ")}`,
      );
      return connection(sortProducts(ctx, filtered, args.sortKey), args);
    },
    node: (_: unknown, args: { id: string }, ctx: StorefrontContext) => {
      requireListings(ctx, "node");
      return nodeById(ctx, args.id);
    },
    nodes: (_: unknown, args: { ids: string[] }, ctx: StorefrontContext) => {
      requireListings(ctx, "nodes");
      return args.ids.map((id) => nodeById(ctx, id));
    },
    productRecommendations: (
      _: unknown,
      args: { intent: RecommendationIntent; productId?: string | null; productHandle?: string | null },
      ctx: StorefrontContext,
    ) => {
      requireListings(ctx, "productRecommendations");
      if (!args.productId && !args.productHandle)
        throw new GraphQLError("Either productId or productHandle must be provided", { extensions: { code: "BAD_REQUEST" } });
      const product = args.productId ? productById(ctx, args.productId) : productByHandle(ctx, args.productHandle);
      return product ? recommendProducts(ctx.store, ctx.shop, product, args.intent) : null;
    },
    collection: (_: unknown, args: { id?: string | null; handle?: string | null }, ctx: StorefrontContext) => {
      requireListings(ctx, "collection");
      const collections = ctx.store.shopData(ctx.shop).collections;
      if (args.id) return collections[args.id] ?? null;
      return Object.values(collections).find((c) => c.handle === args.handle) ?? null;
    },
    collections: (_: unknown, args: PageAndQuery, ctx: StorefrontContext) => {
      requireListings(ctx, "collections");
      return collectionsConnection(Object.values(ctx.store.shopData(ctx.shop).collections), args);
    },
  },

  Product: {
    title: (p: ProductRecord, _: Args, __: StorefrontContext, info: GraphQLResolveInfo) => translated(p, "title", info),
    description: (p: ProductRecord, args: { truncateAt?: number | null }, _: StorefrontContext, info: GraphQLResolveInfo) =>
      truncate(translated(p, "description", info), args.truncateAt),
    availableForSale: (p: ProductRecord, _: Args, ctx: StorefrontContext) => ctx.store.productAvailable(ctx.shop, p),
    onlineStoreUrl: (p: ProductRecord, _: Args, ctx: StorefrontContext) =>
      `${ctx.origin}/shops/${encodeURIComponent(ctx.shop)}/products/${encodeURIComponent(p.handle)}`,
    featuredImage: (p: ProductRecord) => p.image,
    priceRange: (p: ProductRecord, _: Args, ctx: StorefrontContext) => {
      const prices = variantsOf(ctx, p).map((v) => v.price);
      const minor = prices.map(toMinor);
      return {
        minVariantPrice: money(ctx, prices[minor.indexOf(Math.min(...minor))]),
        maxVariantPrice: money(ctx, prices[minor.indexOf(Math.max(...minor))]),
      };
    },
    createdAt: (p: ProductRecord) => utc(p.createdAt),
    publishedAt: (p: ProductRecord) => utc(p.createdAt),
    updatedAt: (p: ProductRecord) => utc(p.updatedAt),
    variants: (p: ProductRecord, args: PageArgs, ctx: StorefrontContext) => connection(variantsOf(ctx, p), args),
    collections: (p: ProductRecord, args: PageArgs, ctx: StorefrontContext) =>
      collectionConnection(ctx.store.collectionsOf(ctx.shop, p.id), args),
  },

  ProductVariant: {
    availableForSale: (v: VariantRecord, _: Args, ctx: StorefrontContext) => ctx.store.variantAvailable(v),
    currentlyNotInStock: (v: VariantRecord) => v.inventoryQuantity !== null && v.inventoryQuantity <= 0 && v.inventoryPolicy === "CONTINUE",
    image: (v: VariantRecord, _: Args, ctx: StorefrontContext) => ctx.store.shopData(ctx.shop).products[v.productId].image,
    price: (v: VariantRecord, _: Args, ctx: StorefrontContext) => money(ctx, v.price),
    product: (v: VariantRecord, _: Args, ctx: StorefrontContext) => ctx.store.shopData(ctx.shop).products[v.productId],
  },

  Image: {
    url: (image: { url: string }) => image.url,
    width: () => 1024,
    height: () => 1024,
  },

  Collection: {
    title: (c: CollectionRecord, _: Args, __: StorefrontContext, info: GraphQLResolveInfo) => translated(c, "title", info),
    description: (c: CollectionRecord, args: { truncateAt?: number | null }, _: StorefrontContext, info: GraphQLResolveInfo) =>
      truncate(translated(c, "description", info), args.truncateAt),
    onlineStoreUrl: (c: CollectionRecord, _: Args, ctx: StorefrontContext) =>
      `${ctx.origin}/shops/${encodeURIComponent(ctx.shop)}/collections/${encodeURIComponent(c.handle)}`,
    updatedAt: (c: CollectionRecord) => utc(c.updatedAt),
    products: (c: CollectionRecord, args: PageArgs & { sortKey?: string | null }, ctx: StorefrontContext) => {
      const products = c.productIds.map((id) => productById(ctx, id)).filter((p): p is ProductRecord => p !== null);
      const sortKey = { TITLE: "TITLE", CREATED: "CREATED_AT", PRICE: "PRICE", ID: "ID", BEST_SELLING: "BEST_SELLING" }[args.sortKey ?? ""];
      return connection(sortKey ? sortProducts(ctx, products, sortKey) : products, args);
    },
  },
};
