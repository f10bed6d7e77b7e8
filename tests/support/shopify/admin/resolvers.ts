// GraphQL resolvers mapping schema.graphql onto the AdminStore for one shop per request. Store refusals
// become `userErrors` exactly where Shopify reports them; a missing access scope is a top-level ACCESS_DENIED.
// Metaobjects have their own module (metaobjects.ts), merged in below.
import type { GraphQLResolveInfo } from "graphql";
import { getDirectiveValues, GraphQLError, GraphQLScalarType, Kind } from "./graphql-runtime";
import { requireScope } from "./access-scopes";
import { bulkFileUrl } from "./bulk-files";
import type { BulkOperations } from "./bulk-operations";
import { applySearch, paginate, type PageArgs, type SearchFields } from "./connections";
import { fieldJsonValue, fieldValueProblem, isKnownFieldType } from "./field-types";
import { fromMinor, isoUtc, numericIdOf, parseGid, toMinor } from "./ids";
import { metaobjectResolvers } from "./metaobjects";
import {
  IdempotencyMismatchError,
  returnDetails,
  type DisposeInit,
  type ReturnCreateInit,
  type ReturnProcessInit,
  type ReverseDeliveryInit,
} from "./returns";
import { StoreError, type AdminStore } from "./store";
import type { OrderTransactionView } from "./transactions";
import type {
  BulkOperationRecord,
  BulkOperationType,
  CollectionRecord,
  CustomerRecord,
  DiscountRecord,
  FulfillmentRecord,
  LineItemRecord,
  MetafieldRecord,
  OrderRecord,
  ProductRecord,
  RefundRecord,
  ReturnRecord,
  ReverseDeliveryRecord,
  ReverseFulfillmentOrderLineItemRecord,
  ReverseFulfillmentOrderRecord,
  ShopData,
  StoreCreditAccountRecord,
  StoreCreditTransactionRecord,
  StorefrontAccessTokenRecord,
  VariantRecord,
} from "./store-types";

export interface AdminContext {
  store: AdminStore;
  shop: string;
  bulk: BulkOperations;
  /** Scopes of the token the request came with; null grants every scope. */
  scope: string | null;
  /** Origin the request reached, for the URLs the API hands out. */
  origin: string;
}

type Args = Record<string, unknown>;
type PageAndQuery = PageArgs & { query?: string | null; sortKey?: string | null };

interface LineItemRef {
  order: OrderRecord;
  li: LineItemRecord;
}
interface FulfillmentLineRef {
  order: OrderRecord;
  fli: FulfillmentRecord["lineItems"][number];
}
interface ReturnLineRef {
  ret: ReturnRecord;
  line: ReturnRecord["lineItems"][number];
}
interface ReverseOrderRef {
  ret: ReturnRecord;
  rfo: ReverseFulfillmentOrderRecord;
}
interface ReverseLineItemRef {
  ret: ReturnRecord;
  line: ReverseFulfillmentOrderLineItemRecord;
}
interface ReverseDeliveryRef extends ReverseOrderRef {
  delivery: ReverseDeliveryRecord;
}
interface RefundLineRef {
  order: OrderRecord;
  line: RefundRecord["lineItems"][number];
}

const data = (ctx: AdminContext): ShopData => ctx.store.shopData(ctx.shop);
// The store keeps amounts as "129.90" and times as "2026-03-01T10:00:00Z" almost always; returning those as
// they are (rather than reformatting each) matters to bulk exports, which read millions of them.
const STORED_AMOUNT = /^-?\d+\.\d\d$/;
const STORED_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const money = (amount: string, currencyCode: string) => ({
  amount: STORED_AMOUNT.test(amount) ? amount : fromMinor(toMinor(amount)),
  currencyCode,
});
// The double's shop and presentment currencies are the same, so one MoneyV2 serves both.
const moneyBag = (amount: string, currencyCode: string) => {
  const value = money(amount, currencyCode);
  return { shopMoney: value, presentmentMoney: value };
};
const utc = (iso: string | null) => (iso === null ? null : STORED_UTC.test(iso) ? iso : isoUtc(new Date(iso)));
/** Sorted by a key, ties (and everything, without a key) by numeric id; keys and ids are read once per item. */
// Ids are compared as zero-padded decimal strings: 64-bit values, exact, without a BigInt per comparison.
function sortBy<T extends { id: string }>(
  items: T[],
  sortKey: string | null | undefined,
  keys: Record<string, (item: T) => string | number>,
): T[] {
  const key = sortKey ? keys[sortKey] : undefined;
  const decorated = items.map((item) => ({ item, key: key ? key(item) : 0, id: numericIdOf(item.id).padStart(20, "0") }));
  decorated.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return decorated.map((d) => d.item);
}

function connectionOf<T extends { id: string }>(items: T[], args: PageArgs): ReturnType<typeof paginate<T>> {
  return paginate(items, args, (item) => item.id);
}

function metafieldOf(ctx: AdminContext, ownerId: string, args: Args): MetafieldRecord | null {
  return ctx.store.getMetafield(ctx.shop, ownerId, (args.namespace as string | undefined) ?? "$app", args.key as string) ?? null;
}

// ── search fields per resource ───────────────────────────────────────────────────────────────────────────
function orderSearch(ctx: AdminContext): SearchFields<OrderRecord> {
  return {
    id: (o) => numericIdOf(o.id),
    name: (o) => o.name,
    email: (o) => o.email,
    created_at: (o) => o.createdAt,
    processed_at: (o) => o.processedAt,
    updated_at: (o) => o.updatedAt,
    financial_status: (o) => o.financialStatus,
    fulfillment_status: (o) => {
      const status = ctx.store.fulfillmentStatus(ctx.shop, o);
      return status === "fulfilled"
        ? ["fulfilled", "shipped"]
        : status === "partial"
          ? ["partial", "unfulfilled", "unshipped"]
          : ["unfulfilled", "unshipped"];
    },
    status: (o) => (o.cancelledAt ? ["cancelled", "closed"] : o.closedAt ? "closed" : "open"),
    customer_id: (o) => (o.customerId ? numericIdOf(o.customerId) : null),
    tag: (o) => o.tags,
    return_status: (o) => orderReturnStatus(ctx, o).toLowerCase(),
  };
}

function customerSearch(ctx: AdminContext): SearchFields<CustomerRecord> {
  return {
    id: (c) => numericIdOf(c.id),
    email: (c) => c.email,
    first_name: (c) => c.firstName,
    last_name: (c) => c.lastName,
    accepts_marketing: (c) => String(c.marketingState === "SUBSCRIBED"),
    created_at: (c) => c.createdAt,
    customer_date: (c) => c.createdAt,
    updated_at: (c) => c.updatedAt,
    tag: (c) => c.tags,
    orders_count: (c) => ctx.store.ordersOf(ctx.shop, c.id).length,
  };
}

const collectionSearch: SearchFields<CollectionRecord> = {
  id: (c) => numericIdOf(c.id),
  title: (c) => c.title,
  handle: (c) => c.handle,
  collection_type: () => "custom",
  updated_at: (c) => c.updatedAt,
  product_id: (c) => c.productIds.map(numericIdOf),
};

function listCollections(collections: CollectionRecord[], args: PageAndQuery) {
  const filtered = applySearch(collections, args.query, collectionSearch, (c) => `${c.title} ${c.handle}`);
  return connectionOf(sortBy(filtered, args.sortKey, { TITLE: (c) => c.title, UPDATED_AT: (c) => c.updatedAt }), args);
}

const productSearch: SearchFields<ProductRecord> = {
  id: (p) => numericIdOf(p.id),
  title: (p) => p.title,
  handle: (p) => p.handle,
  status: (p) => p.status.toLowerCase(),
  product_type: (p) => p.productType,
  vendor: (p) => p.vendor,
  tag: (p) => p.tags,
  created_at: (p) => p.createdAt,
  updated_at: (p) => p.updatedAt,
};

function listOrders(ctx: AdminContext, orders: OrderRecord[], args: PageAndQuery) {
  const filtered = applySearch(orders, args.query, orderSearch(ctx), (o) => `${o.name} ${o.email ?? ""}`);
  const sorted = sortBy(filtered, args.sortKey, {
    CREATED_AT: (o) => o.createdAt,
    PROCESSED_AT: (o) => o.processedAt,
    UPDATED_AT: (o) => o.updatedAt,
    ORDER_NUMBER: (o) => o.number,
  });
  return connectionOf(sorted, args);
}

function orderReturnStatus(ctx: AdminContext, order: OrderRecord): string {
  const statuses = ctx.store.returnsOf(ctx.shop, order.id).map((r) => r.status);
  if (statuses.includes("REQUESTED")) return "RETURN_REQUESTED";
  if (statuses.includes("OPEN")) return "IN_PROGRESS";
  if (statuses.includes("CLOSED")) return "RETURNED";
  return "NO_RETURN";
}

function displayFulfillmentStatus(ctx: AdminContext, order: OrderRecord): string {
  const status = ctx.store.fulfillmentStatus(ctx.shop, order);
  if (status === "fulfilled") return "FULFILLED";
  if (status === "partial") return "PARTIALLY_FULFILLED";
  if (order.cancelledAt && ctx.store.refundsOf(ctx.shop, order.id).some((r) => r.restock)) return "RESTOCKED";
  return "UNFULFILLED";
}

const shipmentToDisplay: Record<string, string> = {
  label_printed: "LABEL_PRINTED",
  label_purchased: "LABEL_PURCHASED",
  confirmed: "CONFIRMED",
  ready_for_pickup: "READY_FOR_PICKUP",
  in_transit: "IN_TRANSIT",
  out_for_delivery: "OUT_FOR_DELIVERY",
  attempted_delivery: "ATTEMPTED_DELIVERY",
  delayed: "DELAYED",
  delivered: "DELIVERED",
  failure: "FAILURE",
};

// ── user errors ──────────────────────────────────────────────────────────────────────────────────────────
interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

function toUserError(error: unknown, codes: Partial<Record<StoreError["code"], string>>, fallbackField: string[] | null = null): UserError {
  if (!(error instanceof StoreError)) throw error;
  return { field: error.field ?? fallbackField, message: error.message, code: codes[error.code] ?? "INVALID" };
}

const returnCodes = { NOT_FOUND: "NOT_FOUND", INVALID: "INVALID", INVALID_STATE: "INVALID_STATE", TAKEN: "INVALID" } as const;

/** A return mutation's payload: `key` holding what the store gave, or null with the refusal as a ReturnUserError. */
function returnPayload<T>(key: string, run: () => T, fallbackField: string[] | null = null): Record<string, unknown> {
  try {
    return { [key]: run(), userErrors: [] };
  } catch (error) {
    return { [key]: null, userErrors: [toUserError(error, returnCodes, fallbackField)] };
  }
}

/**
 * Mutations that honour Shopify's @idempotent(key:) directive (https://shopify.dev/docs/api/usage/idempotent-requests),
 * and whether a call without one is refused (2026-04 made the key mandatory for refund mutations:
 * https://shopify.dev/changelog/making-idempotency-mandatory-for-inventory-adjustments-and-refund-mutations).
 */
const IDEMPOTENT_MUTATIONS: Record<string, { required: boolean }> = {
  returnProcess: { required: true },
  storeCreditAccountCredit: { required: false },
};

/** Runs a money-moving mutation under its @idempotent key: a repeat returns the first result, nothing happens twice. */
function withIdempotency<T>(ctx: AdminContext, info: GraphQLResolveInfo, args: unknown, run: () => T): T {
  const field = info.fieldName;
  const directive = info.schema.getDirective("idempotent");
  const values = directive ? getDirectiveValues(directive, info.fieldNodes[0], info.variableValues) : undefined;
  const key = typeof values?.key === "string" ? values.key : null;
  if (key === null) {
    if (IDEMPOTENT_MUTATIONS[field]?.required)
      throw new GraphQLError(`The @idempotent directive is required for ${field}: add @idempotent(key: "<unique key>") to the field.`, {
        extensions: { code: "IDEMPOTENCY_KEY_REQUIRED", documentation: "https://shopify.dev/docs/api/usage/idempotent-requests" },
      });
    return run();
  }
  if (!key.trim()) throw new GraphQLError("The idempotency key can't be blank.", { extensions: { code: "BAD_REQUEST" } });
  try {
    return ctx.store.returns.idempotent(ctx.shop, key, field, args, run);
  } catch (error) {
    if (error instanceof IdempotencyMismatchError) throw new GraphQLError(error.message, { extensions: { code: error.code } });
    throw error;
  }
}

/** An exchange's order line item, once processed: the variant at its price, as the order's new line. */
function exchangeLineItem(
  ctx: AdminContext,
  order: OrderRecord,
  exchange: ReturnType<typeof returnDetails>["exchangeLineItems"][number],
): LineItemRef | null {
  if (!exchange.lineItemId) return null;
  const variant = data(ctx).variants[exchange.variantId];
  const product = variant ? data(ctx).products[variant.productId] : undefined;
  return {
    order,
    li: {
      id: exchange.lineItemId,
      productId: product?.id ?? null,
      variantId: exchange.variantId,
      title: product?.title ?? "",
      variantTitle: variant?.title ?? null,
      sku: variant?.sku ?? null,
      vendor: product?.vendor ?? null,
      quantity: exchange.processedQuantity,
      price: variant?.price ?? "0.00",
      grams: variant?.grams ?? 0,
    },
  };
}

function nodeById(ctx: AdminContext, id: string): { id: string } | null {
  const parsed = parseGid(id);
  if (!parsed) return null;
  const d = data(ctx);
  const tables: Record<string, Record<string, { id: string }>> = {
    Product: d.products,
    ProductVariant: d.variants,
    Customer: d.customers,
    Order: d.orders,
    Collection: d.collections,
    StorefrontAccessToken: d.storefrontAccessTokens,
    Fulfillment: d.fulfillments,
    Refund: d.refunds,
    Return: d.returns,
    DiscountCodeNode: d.discounts,
    Metafield: d.metafields,
    Metaobject: d.metaobjects,
    MetaobjectDefinition: d.metaobjectDefinitions,
    StoreCreditAccount: d.storeCreditAccounts,
    BulkOperation: d.bulkOperations,
  };
  if (parsed.type === "Shop") return d.shop.id === id ? d.shop : null;
  return tables[parsed.type]?.[id] ?? null;
}

// ── discounts ────────────────────────────────────────────────────────────────────────────────────────────
/** The fields DiscountCodeBasic and DiscountCodeFreeShipping read the same way. */
const discountCodeFields = {
  status: (d: DiscountRecord, _: Args, ctx: AdminContext) => ctx.store.discountStatus(d),
  startsAt: (d: DiscountRecord) => utc(d.startsAt),
  endsAt: (d: DiscountRecord) => utc(d.endsAt),
  createdAt: (d: DiscountRecord) => utc(d.createdAt),
  asyncUsageCount: (d: DiscountRecord) => d.usageCount,
  customerSelection: (d: DiscountRecord, _: Args, ctx: AdminContext) =>
    d.customerIds ? { customers: d.customerIds.map((id) => data(ctx).customers[id]).filter(Boolean) } : { allCustomers: true },
  minimumRequirement: (d: DiscountRecord) =>
    d.minimumQuantity !== null ? { quantity: d.minimumQuantity } : d.minimumSubtotal !== null ? { subtotal: d.minimumSubtotal } : null,
  codes: (d: DiscountRecord, args: PageArgs) => connectionOf([{ id: d.redeemCodeId, code: d.code, asyncUsageCount: d.usageCount }], args),
};

/** "entire order", a product's (or variant's) name, or how many products the code is for. */
function entitlementSummary(ctx: AdminContext, d: DiscountRecord): string {
  if (d.items.kind === "all") return "entire order";
  const { products, variants } = data(ctx);
  const names = [
    ...d.items.productIds.map((id) => products[id]?.title),
    ...d.items.variantIds.map((id) => {
      const variant = variants[id];
      return variant && `${products[variant.productId].title} - ${variant.title}`;
    }),
  ].filter(Boolean);
  return names.length === 1 ? names[0]! : `${names.length} products`;
}

function minimumSummary(d: DiscountRecord): string {
  if (d.minimumSubtotal !== null) return ` • Minimum purchase of ${d.minimumSubtotal}`;
  if (d.minimumQuantity !== null) return ` • Minimum quantity of ${d.minimumQuantity}`;
  return "";
}

/** Store refusals of a discount mutation as DiscountUserErrors, with Shopify's codes. */
function discountUserError(error: unknown): UserError {
  if (!(error instanceof StoreError)) throw error;
  const last = error.field?.[error.field.length - 1];
  const code =
    error.code === "TAKEN" ? "TAKEN" : last === "minimumRequirement" ? "MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT" : "INVALID";
  return { field: error.field, message: error.message, code };
}

/** Who may use a code: `context` (2025-04 on) or the older `customerSelection`; null is everyone. */
function discountCustomers(input: Pick<DiscountInput, "context" | "customerSelection">): string[] | null {
  return input.context?.customers?.add ?? input.customerSelection?.customers?.add ?? null;
}

/** The limits and requirements every code input shares, as the store takes them. */
function sharedDiscountInit(input: DiscountInput) {
  return {
    startsAt: input.startsAt ?? undefined,
    endsAt: input.endsAt ?? null,
    usageLimit: input.usageLimit ?? null,
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
    customerIds: discountCustomers(input),
    combinesWith: input.combinesWith ?? null,
    minimumSubtotal: input.minimumRequirement?.subtotal?.greaterThanOrEqualToSubtotal ?? null,
    minimumQuantity:
      input.minimumRequirement?.quantity?.greaterThanOrEqualToQuantity != null
        ? Number(input.minimumRequirement.quantity.greaterThanOrEqualToQuantity)
        : null,
  };
}

// ── scalars ──────────────────────────────────────────────────────────────────────────────────────────────
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

const isDecimal = (v: string) => /^-?\d+(\.\d+)?$/.test(v);
const isDateTime = (v: string) => !Number.isNaN(Date.parse(v));

const JSONScalar = new GraphQLScalarType({
  name: "JSON",
  serialize: (value) => value,
  parseValue: (value) => value,
});

// ── resolver map ─────────────────────────────────────────────────────────────────────────────────────────
export const resolvers = {
  DateTime: stringScalar("DateTime", isDateTime),
  Decimal: stringScalar("Decimal", isDecimal),
  Money: stringScalar("Money", isDecimal),
  URL: stringScalar("URL"),
  UnsignedInt64: stringScalar("UnsignedInt64", (v) => /^\d+$/.test(v)),
  JSON: JSONScalar,

  Node: { __resolveType: (node: { id: string }) => parseGid(node.id)?.type ?? null },
  DisplayableError: { __resolveType: () => "ReturnUserError" },
  HasStoreCreditAccounts: { __resolveType: () => "Customer" },
  ReturnLineItemType: { __resolveType: () => "ReturnLineItem" },
  DiscountCode: {
    __resolveType: (d: DiscountRecord) => (d.value.kind === "freeShipping" ? "DiscountCodeFreeShipping" : "DiscountCodeBasic"),
  },
  DiscountItems: { __resolveType: (items: DiscountRecord["items"]) => (items.kind === "all" ? "AllDiscountItems" : "DiscountProducts") },
  DiscountMinimumRequirement: {
    __resolveType: (requirement: { quantity?: number }) =>
      requirement.quantity !== undefined ? "DiscountMinimumQuantity" : "DiscountMinimumSubtotal",
  },
  DiscountShippingDestinationSelection: { __resolveType: () => "DiscountCountryAll" },
  DiscountCustomerSelection: {
    __resolveType: (selection: { customers?: unknown }) => (selection.customers ? "DiscountCustomers" : "DiscountCustomerAll"),
  },
  DiscountCustomerGetsValue: {
    __resolveType: (value: DiscountRecord["value"]) => (value.kind === "percentage" ? "DiscountPercentage" : "DiscountAmount"),
  },

  QueryRoot: {
    shop: (_: unknown, __: Args, ctx: AdminContext) => data(ctx).shop,
    node: (_: unknown, args: { id: string }, ctx: AdminContext) => nodeById(ctx, args.id),
    nodes: (_: unknown, args: { ids: string[] }, ctx: AdminContext) => args.ids.map((id) => nodeById(ctx, id)),
    product: (_: unknown, args: { id: string }, ctx: AdminContext) => data(ctx).products[args.id] ?? null,
    collection: (_: unknown, args: { id: string }, ctx: AdminContext) => data(ctx).collections[args.id] ?? null,
    collections: (_: unknown, args: PageAndQuery, ctx: AdminContext) => listCollections(Object.values(data(ctx).collections), args),
    products: (_: unknown, args: PageAndQuery, ctx: AdminContext) => {
      const filtered = applySearch(
        Object.values(data(ctx).products),
        args.query,
        productSearch,
        (p) => `${p.title} ${p.handle} ${p.tags.join(" ")}`,
      );
      return connectionOf(
        sortBy(filtered, args.sortKey, { TITLE: (p) => p.title, CREATED_AT: (p) => p.createdAt, UPDATED_AT: (p) => p.updatedAt }),
        args,
      );
    },
    productVariant: (_: unknown, args: { id: string }, ctx: AdminContext) => data(ctx).variants[args.id] ?? null,
    customer: (_: unknown, args: { id: string }, ctx: AdminContext) => data(ctx).customers[args.id] ?? null,
    customers: (_: unknown, args: PageAndQuery, ctx: AdminContext) => {
      const filtered = applySearch(
        ctx.store.allCustomers(ctx.shop),
        args.query,
        customerSearch(ctx),
        (c) => `${c.firstName ?? ""} ${c.lastName ?? ""} ${c.email ?? ""}`,
      );
      return connectionOf(sortBy(filtered, args.sortKey, { CREATED_AT: (c) => c.createdAt, UPDATED_AT: (c) => c.updatedAt }), args);
    },
    order: (_: unknown, args: { id: string }, ctx: AdminContext) => data(ctx).orders[args.id] ?? null,
    orders: (_: unknown, args: PageAndQuery, ctx: AdminContext) => listOrders(ctx, ctx.store.allOrders(ctx.shop), args),
    fulfillment: (_: unknown, args: { id: string }, ctx: AdminContext) => data(ctx).fulfillments[args.id] ?? null,
    return: (_: unknown, args: { id: string }, ctx: AdminContext) => data(ctx).returns[args.id] ?? null,
    codeDiscountNode: (_: unknown, args: { id: string }, ctx: AdminContext) => data(ctx).discounts[args.id] ?? null,
    codeDiscountNodeByCode: (_: unknown, args: { code: string }, ctx: AdminContext) =>
      ctx.store.findDiscountByCode(ctx.shop, args.code) ?? null,
    storeCreditAccount: (_: unknown, args: { id: string }, ctx: AdminContext) => data(ctx).storeCreditAccounts[args.id] ?? null,
    currentBulkOperation: (_: unknown, args: { type: BulkOperationType }, ctx: AdminContext) =>
      ctx.store.currentBulkOperation(ctx.shop, args.type),
    ...metaobjectResolvers.QueryRoot,
  },

  BulkOperation: {
    status: (op: BulkOperationRecord, _: Args, ctx: AdminContext) => ctx.store.bulkOperationStatus(op),
    createdAt: (op: BulkOperationRecord) => utc(op.createdAt),
    completedAt: (op: BulkOperationRecord) => utc(op.completedAt),
    fileSize: (op: BulkOperationRecord) => op.file?.size ?? null,
    url: (op: BulkOperationRecord, _: Args, ctx: AdminContext) => (op.file ? bulkFileUrl(op.file, ctx.origin) : null),
    partialDataUrl: (op: BulkOperationRecord, _: Args, ctx: AdminContext) =>
      op.partialFile ? bulkFileUrl(op.partialFile, ctx.origin) : null,
  },

  Shop: {
    myshopifyDomain: (shop: ShopData["shop"]) => shop.domain,
    contactEmail: (shop: ShopData["shop"]) => shop.email,
    url: (shop: ShopData["shop"]) => shop.primaryDomainUrl,
    billingAddress: (shop: ShopData["shop"]) => ({ id: shop.id.replace("/Shop/", "/ShopAddress/"), countryCodeV2: shop.country }),
    primaryDomain: (shop: ShopData["shop"]) => ({
      id: shop.id.replace("/Shop/", "/Domain/"),
      host: new URL(shop.primaryDomainUrl).host,
      url: shop.primaryDomainUrl,
      sslEnabled: shop.primaryDomainUrl.startsWith("https:"),
    }),
    metafield: (shop: ShopData["shop"], args: Args, ctx: AdminContext) => metafieldOf(ctx, shop.id, args),
  },

  Image: {
    url: (image: { url: string }) => image.url,
    width: () => 1024,
    height: () => 1024,
  },

  Product: {
    legacyResourceId: (p: ProductRecord) => numericIdOf(p.id),
    description: (p: ProductRecord, args: { truncateAt?: number | null }) =>
      args.truncateAt && p.description.length > args.truncateAt ? `${p.description.slice(0, args.truncateAt)}...` : p.description,
    onlineStoreUrl: (p: ProductRecord, _: Args, ctx: AdminContext) =>
      p.status === "ACTIVE" ? `${data(ctx).shop.primaryDomainUrl}/products/${p.handle}` : null,
    featuredImage: (p: ProductRecord) => p.image,
    createdAt: (p: ProductRecord) => utc(p.createdAt),
    updatedAt: (p: ProductRecord) => utc(p.updatedAt),
    variants: (p: ProductRecord, args: PageArgs, ctx: AdminContext) =>
      connectionOf(
        p.variantIds.map((id) => data(ctx).variants[id]),
        args,
      ),
    metafield: (p: ProductRecord, args: Args, ctx: AdminContext) => metafieldOf(ctx, p.id, args),
    totalInventory: (p: ProductRecord, _: Args, ctx: AdminContext) => ctx.store.totalInventory(ctx.shop, p),
    collections: (p: ProductRecord, args: PageAndQuery, ctx: AdminContext) =>
      listCollections(ctx.store.collectionsOf(ctx.shop, p.id), args),
  },

  Collection: {
    legacyResourceId: (c: CollectionRecord) => numericIdOf(c.id),
    description: (c: CollectionRecord, args: { truncateAt?: number | null }) =>
      args.truncateAt && c.description.length > args.truncateAt ? `${c.description.slice(0, args.truncateAt)}...` : c.description,
    image: () => null,
    updatedAt: (c: CollectionRecord) => utc(c.updatedAt),
    hasProduct: (c: CollectionRecord, args: { id: string }) => c.productIds.includes(args.id),
    productsCount: (c: CollectionRecord) => ({ count: c.productIds.length, precision: "EXACT" }),
    products: (c: CollectionRecord, args: PageArgs & { sortKey?: string | null }, ctx: AdminContext) => {
      const products = c.productIds.map((id) => data(ctx).products[id]);
      const minPrice = (p: ProductRecord) => Math.min(...p.variantIds.map((id) => toMinor(data(ctx).variants[id].price)));
      const sortable = ["TITLE", "CREATED", "PRICE", "ID"].includes(args.sortKey ?? "");
      return connectionOf(
        sortable ? sortBy(products, args.sortKey, { TITLE: (p) => p.title, CREATED: (p) => p.createdAt, PRICE: minPrice }) : products,
        args,
      );
    },
  },

  StorefrontAccessToken: {
    accessScopes: (t: StorefrontAccessTokenRecord) => t.scopes.map((handle) => ({ handle, description: handle.replace(/_/g, " ") })),
    createdAt: (t: StorefrontAccessTokenRecord) => utc(t.createdAt),
    updatedAt: (t: StorefrontAccessTokenRecord) => utc(t.updatedAt),
  },

  ProductVariant: {
    legacyResourceId: (v: VariantRecord) => numericIdOf(v.id),
    inventoryQuantity: (v: VariantRecord) => v.inventoryQuantity ?? null,
    availableForSale: (v: VariantRecord, _: Args, ctx: AdminContext) => ctx.store.variantAvailable(v),
    displayName: (v: VariantRecord, _: Args, ctx: AdminContext) => `${data(ctx).products[v.productId].title} - ${v.title}`,
    image: (v: VariantRecord, _: Args, ctx: AdminContext) => data(ctx).products[v.productId].image,
    product: (v: VariantRecord, _: Args, ctx: AdminContext) => data(ctx).products[v.productId],
  },

  Customer: {
    legacyResourceId: (c: CustomerRecord) => numericIdOf(c.id),
    displayName: (c: CustomerRecord) => [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "",
    emailMarketingConsent: (c: CustomerRecord) =>
      c.email
        ? { marketingState: c.marketingState, marketingOptInLevel: c.marketingOptInLevel, consentUpdatedAt: utc(c.consentUpdatedAt) }
        : null,
    defaultEmailAddress: (c: CustomerRecord) =>
      c.email ? { emailAddress: c.email, marketingState: c.marketingState === "REDACTED" ? "UNSUBSCRIBED" : c.marketingState } : null,
    numberOfOrders: (c: CustomerRecord, _: Args, ctx: AdminContext) => String(ctx.store.ordersOf(ctx.shop, c.id).length),
    amountSpent: (c: CustomerRecord, _: Args, ctx: AdminContext) => {
      const spent = ctx.store
        .ordersOf(ctx.shop, c.id)
        .filter((o) => o.financialStatus !== "pending" && o.financialStatus !== "voided")
        .reduce(
          (sum, o) => sum + ctx.store.totalMinor(o) - ctx.store.refundsOf(ctx.shop, o.id).reduce((s, r) => s + toMinor(r.amount), 0),
          0,
        );
      return { amount: fromMinor(spent), currencyCode: data(ctx).shop.currencyCode };
    },
    createdAt: (c: CustomerRecord) => utc(c.createdAt),
    updatedAt: (c: CustomerRecord) => utc(c.updatedAt),
    orders: (c: CustomerRecord, args: PageAndQuery, ctx: AdminContext) => listOrders(ctx, ctx.store.ordersOf(ctx.shop, c.id), args),
    metafield: (c: CustomerRecord, args: Args, ctx: AdminContext) => metafieldOf(ctx, c.id, args),
    storeCreditAccounts: (c: CustomerRecord, args: PageAndQuery, ctx: AdminContext) => {
      const accounts = applySearch(
        ctx.store.storeCreditAccountsOf(ctx.shop, c.id),
        args.query,
        { currency_code: (a) => a.currency },
        (a) => a.currency,
      );
      return connectionOf(accounts, args);
    },
  },

  Order: {
    legacyResourceId: (o: OrderRecord) => numericIdOf(o.id),
    createdAt: (o: OrderRecord) => utc(o.createdAt),
    processedAt: (o: OrderRecord) => utc(o.processedAt),
    updatedAt: (o: OrderRecord) => utc(o.updatedAt),
    cancelledAt: (o: OrderRecord) => utc(o.cancelledAt),
    closedAt: (o: OrderRecord) => utc(o.closedAt),
    closed: (o: OrderRecord) => o.closedAt !== null,
    cancelReason: (o: OrderRecord) => o.cancelReason?.toUpperCase() ?? null,
    displayFinancialStatus: (o: OrderRecord) => o.financialStatus.toUpperCase(),
    displayFulfillmentStatus: (o: OrderRecord, _: Args, ctx: AdminContext) => displayFulfillmentStatus(ctx, o),
    returnStatus: (o: OrderRecord, _: Args, ctx: AdminContext) => orderReturnStatus(ctx, o),
    currencyCode: (o: OrderRecord) => o.currency,
    subtotalPriceSet: (o: OrderRecord, _: Args, ctx: AdminContext) =>
      moneyBag(fromMinor(ctx.store.subtotalMinor(o) - toMinor(o.discountAmount)), o.currency),
    totalPriceSet: (o: OrderRecord, _: Args, ctx: AdminContext) => moneyBag(fromMinor(ctx.store.totalMinor(o)), o.currency),
    totalDiscountsSet: (o: OrderRecord) => moneyBag(fromMinor(toMinor(o.discountAmount) + toMinor(o.shippingDiscountAmount)), o.currency),
    totalShippingPriceSet: (o: OrderRecord) => moneyBag(o.shippingPrice, o.currency),
    currentShippingPriceSet: (o: OrderRecord) =>
      moneyBag(fromMinor(toMinor(o.shippingPrice) - toMinor(o.shippingDiscountAmount)), o.currency),
    // The double's prices include tax and it keeps no tax lines, as the demo shop's webhooks say (taxes_included, total_tax 0).
    totalTaxSet: (o: OrderRecord) => moneyBag("0.00", o.currency),
    taxesIncluded: () => true,
    customer: (o: OrderRecord, _: Args, ctx: AdminContext) => (o.customerId ? (data(ctx).customers[o.customerId] ?? null) : null),
    shippingAddress: (o: OrderRecord) =>
      o.shippingAddress ? { ...o.shippingAddress, countryCodeV2: o.shippingAddress.countryCode } : null,
    transactions: (o: OrderRecord, args: { first?: number | null }, ctx: AdminContext) =>
      ctx.store.transactionsOf(ctx.shop, o.id).slice(0, args.first ?? undefined),
    lineItems: (o: OrderRecord, args: PageArgs) =>
      paginate<LineItemRef>(
        o.lineItems.map((li) => ({ order: o, li })),
        args,
        (ref) => ref.li.id,
      ),
    fulfillments: (o: OrderRecord, args: { first?: number | null }, ctx: AdminContext) =>
      ctx.store.fulfillmentsOf(ctx.shop, o.id).slice(0, args.first ?? undefined),
    refunds: (o: OrderRecord, args: { first?: number | null }, ctx: AdminContext) =>
      ctx.store.refundsOf(ctx.shop, o.id).slice(0, args.first ?? undefined),
    returns: (o: OrderRecord, args: PageAndQuery, ctx: AdminContext) => {
      const returns = applySearch(
        ctx.store.returnsOf(ctx.shop, o.id),
        args.query,
        { status: (r) => r.status.toLowerCase() },
        (r) => r.name,
      );
      return connectionOf(returns, args);
    },
    metafield: (o: OrderRecord, args: Args, ctx: AdminContext) => metafieldOf(ctx, o.id, args),
  },

  LineItem: {
    id: (ref: LineItemRef) => ref.li.id,
    title: (ref: LineItemRef) => ref.li.title,
    name: (ref: LineItemRef) => (ref.li.variantTitle ? `${ref.li.title} - ${ref.li.variantTitle}` : ref.li.title),
    variantTitle: (ref: LineItemRef) => ref.li.variantTitle,
    quantity: (ref: LineItemRef) => ref.li.quantity,
    currentQuantity: (ref: LineItemRef, _: Args, ctx: AdminContext) =>
      ref.li.quantity - ctx.store.refundedQuantity(ctx.shop, ref.li.id, ref.order.id),
    refundableQuantity: (ref: LineItemRef, _: Args, ctx: AdminContext) =>
      ref.li.quantity - ctx.store.refundedQuantity(ctx.shop, ref.li.id, ref.order.id),
    sku: (ref: LineItemRef) => ref.li.sku,
    variant: (ref: LineItemRef, _: Args, ctx: AdminContext) => (ref.li.variantId ? (data(ctx).variants[ref.li.variantId] ?? null) : null),
    product: (ref: LineItemRef, _: Args, ctx: AdminContext) => (ref.li.productId ? (data(ctx).products[ref.li.productId] ?? null) : null),
    originalUnitPriceSet: (ref: LineItemRef) => moneyBag(ref.li.price, ref.order.currency),
  },

  Fulfillment: {
    status: (f: FulfillmentRecord) => f.status.toUpperCase(),
    displayStatus: (f: FulfillmentRecord) =>
      f.status === "cancelled" ? "CANCELED" : f.shipmentStatus ? shipmentToDisplay[f.shipmentStatus] : "FULFILLED",
    createdAt: (f: FulfillmentRecord) => utc(f.createdAt),
    updatedAt: (f: FulfillmentRecord) => utc(f.updatedAt),
    inTransitAt: (f: FulfillmentRecord) => utc(f.inTransitAt),
    deliveredAt: (f: FulfillmentRecord) => utc(f.deliveredAt),
    estimatedDeliveryAt: (f: FulfillmentRecord) => utc(f.estimatedDeliveryAt),
    trackingInfo: (f: FulfillmentRecord, args: { first?: number | null }) =>
      (f.tracking ? [f.tracking] : []).slice(0, args.first ?? undefined),
    order: (f: FulfillmentRecord, _: Args, ctx: AdminContext) => ctx.store.order(ctx.shop, f.orderId),
    location: (f: FulfillmentRecord, _: Args, ctx: AdminContext) =>
      ctx.store.locationsOf(ctx.shop).find((l) => l.id === f.locationId) ?? ctx.store.locationsOf(ctx.shop)[0],
    fulfillmentLineItems: (f: FulfillmentRecord, args: PageArgs, ctx: AdminContext) => {
      const order = ctx.store.order(ctx.shop, f.orderId);
      return paginate<FulfillmentLineRef>(
        f.lineItems.map((fli) => ({ order, fli })),
        args,
        (ref) => ref.fli.id,
      );
    },
    events: (f: FulfillmentRecord, args: PageArgs) => connectionOf(f.events, args),
  },

  FulfillmentLineItem: {
    id: (ref: FulfillmentLineRef) => ref.fli.id,
    quantity: (ref: FulfillmentLineRef) => ref.fli.quantity,
    lineItem: (ref: FulfillmentLineRef): LineItemRef => ({
      order: ref.order,
      li: ref.order.lineItems.find((l) => l.id === ref.fli.lineItemId)!,
    }),
    originalTotalSet: (ref: FulfillmentLineRef) => {
      const li = ref.order.lineItems.find((l) => l.id === ref.fli.lineItemId)!;
      return moneyBag(fromMinor(toMinor(li.price) * ref.fli.quantity), ref.order.currency);
    },
  },

  FulfillmentEvent: {
    status: (e: FulfillmentRecord["events"][number]) => e.status.toUpperCase(),
    happenedAt: (e: FulfillmentRecord["events"][number]) => utc(e.happenedAt),
    createdAt: (e: FulfillmentRecord["events"][number]) => utc(e.createdAt),
  },

  OrderTransaction: {
    amountSet: (t: OrderTransactionView) => moneyBag(t.amount, t.currency),
    parentTransaction: (t: OrderTransactionView, _: Args, ctx: AdminContext) =>
      t.parentId ? (ctx.store.transactionsOf(ctx.shop, t.orderId).find((p) => p.id === t.parentId) ?? null) : null,
    processedAt: (t: OrderTransactionView) => utc(t.processedAt),
    createdAt: (t: OrderTransactionView) => utc(t.createdAt),
  },

  ReverseFulfillmentOrderDisposition: {
    location: (d: { locationId: string | null }, _: Args, ctx: AdminContext) =>
      d.locationId ? (ctx.store.locationsOf(ctx.shop).find((l) => l.id === d.locationId) ?? null) : null,
  },

  Refund: {
    createdAt: (r: RefundRecord) => utc(r.createdAt),
    totalRefundedSet: (r: RefundRecord, _: Args, ctx: AdminContext) => moneyBag(r.amount, ctx.store.order(ctx.shop, r.orderId).currency),
    order: (r: RefundRecord, _: Args, ctx: AdminContext) => ctx.store.order(ctx.shop, r.orderId),
    return: (r: RefundRecord, _: Args, ctx: AdminContext) => (r.returnId ? (data(ctx).returns[r.returnId] ?? null) : null),
    refundLineItems: (r: RefundRecord, args: PageArgs, ctx: AdminContext) => {
      const order = ctx.store.order(ctx.shop, r.orderId);
      return paginate<RefundLineRef>(
        r.lineItems.map((line) => ({ order, line })),
        args,
        (ref) => ref.line.id,
      );
    },
  },

  RefundLineItem: {
    id: (ref: RefundLineRef) => `gid://shopify/RefundLineItem/${ref.line.id}`,
    lineItem: (ref: RefundLineRef): LineItemRef => ({
      order: ref.order,
      li: ref.order.lineItems.find((l) => l.id === ref.line.lineItemId)!,
    }),
    quantity: (ref: RefundLineRef) => ref.line.quantity,
    restockType: (ref: RefundLineRef) => ref.line.restockType.toUpperCase(),
    subtotalSet: (ref: RefundLineRef) => moneyBag(ref.line.subtotal, ref.order.currency),
  },

  Return: {
    totalQuantity: (r: ReturnRecord) => r.lineItems.reduce((s, l) => s + l.quantity, 0),
    order: (r: ReturnRecord, _: Args, ctx: AdminContext) => ctx.store.order(ctx.shop, r.orderId),
    returnLineItems: (r: ReturnRecord, args: PageArgs) =>
      paginate<ReturnLineRef>(
        r.lineItems.map((line) => ({ ret: r, line })),
        args,
        (ref) => ref.line.id,
      ),
    exchangeLineItems: (r: ReturnRecord, args: PageArgs, ctx: AdminContext) => {
      const order = ctx.store.order(ctx.shop, r.orderId);
      const items = returnDetails(r).exchangeLineItems.map((e) => ({ id: e.id, lineItem: exchangeLineItem(ctx, order, e) }));
      return connectionOf(items, args);
    },
    returnShippingFees: (r: ReturnRecord, _: Args, ctx: AdminContext) => {
      const fee = returnDetails(r).shippingFee;
      return fee ? [{ id: fee.id, amountSet: moneyBag(fee.amount, ctx.store.order(ctx.shop, r.orderId).currency) }] : [];
    },
    reverseFulfillmentOrders: (r: ReturnRecord, args: PageArgs) =>
      paginate<ReverseOrderRef>(
        returnDetails(r).reverseFulfillmentOrders.map((rfo) => ({ ret: r, rfo })),
        args,
        (ref) => ref.rfo.id,
      ),
    refunds: (r: ReturnRecord, args: PageArgs, ctx: AdminContext) =>
      connectionOf(
        returnDetails(r)
          .refundIds.map((id) => data(ctx).refunds[id])
          .filter(Boolean),
        args,
      ),
  },

  ReverseFulfillmentOrder: {
    id: (ref: ReverseOrderRef) => ref.rfo.id,
    status: (ref: ReverseOrderRef) => ref.rfo.status,
    order: (ref: ReverseOrderRef, _: Args, ctx: AdminContext) => ctx.store.order(ctx.shop, ref.ret.orderId),
    lineItems: (ref: ReverseOrderRef, args: PageArgs) =>
      paginate<ReverseLineItemRef>(
        ref.rfo.lineItems.map((line) => ({ ret: ref.ret, line })),
        args,
        (item) => item.line.id,
      ),
    reverseDeliveries: (ref: ReverseOrderRef, args: PageArgs) =>
      paginate<ReverseDeliveryRef>(
        ref.rfo.deliveries.map((delivery) => ({ ...ref, delivery })),
        args,
        (item) => item.delivery.id,
      ),
  },

  ReverseFulfillmentOrderLineItem: {
    id: (ref: ReverseLineItemRef) => ref.line.id,
    totalQuantity: (ref: ReverseLineItemRef) => ref.line.totalQuantity,
    dispositions: (ref: ReverseLineItemRef) => ref.line.dispositions,
    fulfillmentLineItem: (ref: ReverseLineItemRef, _: Args, ctx: AdminContext): FulfillmentLineRef | null => {
      const order = ctx.store.order(ctx.shop, ref.ret.orderId);
      const fli = ctx.store
        .fulfillmentsOf(ctx.shop, order.id)
        .flatMap((f) => f.lineItems)
        .find((l) => l.id === ref.line.fulfillmentLineItemId);
      return fli ? { order, fli } : null;
    },
  },

  ReverseDelivery: {
    id: (ref: ReverseDeliveryRef) => ref.delivery.id,
    deliverable: (ref: ReverseDeliveryRef) =>
      ref.delivery.tracking || ref.delivery.label ? { label: ref.delivery.label, tracking: ref.delivery.tracking } : null,
    reverseFulfillmentOrder: (ref: ReverseDeliveryRef): ReverseOrderRef => ({ ret: ref.ret, rfo: ref.rfo }),
    reverseDeliveryLineItems: (ref: ReverseDeliveryRef, args: PageArgs) =>
      connectionOf(
        ref.delivery.lineItems.map((line) => ({
          id: line.id,
          quantity: line.quantity,
          reverseFulfillmentOrderLineItem: {
            ret: ref.ret,
            line: ref.rfo.lineItems.find((l) => l.id === line.reverseFulfillmentOrderLineItemId)!,
          },
        })),
        args,
      ),
  },

  ReverseDeliveryDeliverable: { __resolveType: () => "ReverseDeliveryShippingDeliverable" },

  ReverseDeliveryLabelV2: {
    publicFileUrl: (label: NonNullable<ReverseDeliveryRecord["label"]>) => label.fileUrl,
    createdAt: (label: NonNullable<ReverseDeliveryRecord["label"]>) => utc(label.createdAt),
    updatedAt: (label: NonNullable<ReverseDeliveryRecord["label"]>) => utc(label.updatedAt),
  },

  ReturnLineItem: {
    id: (ref: ReturnLineRef) => ref.line.id,
    quantity: (ref: ReturnLineRef) => ref.line.quantity,
    returnReason: (ref: ReturnLineRef) => ref.line.returnReason,
    returnReasonNote: (ref: ReturnLineRef) => ref.line.returnReasonNote,
    customerNote: (ref: ReturnLineRef) => ref.line.customerNote,
    refundableQuantity: (ref: ReturnLineRef) =>
      ref.ret.status === "OPEN" ? ref.line.quantity - returnDetails(ref.ret).lines[ref.line.id].refundedQuantity : 0,
    refundedQuantity: (ref: ReturnLineRef) => returnDetails(ref.ret).lines[ref.line.id].refundedQuantity,
    restockingFee: (ref: ReturnLineRef, _: Args, ctx: AdminContext) => {
      const details = returnDetails(ref.ret).lines[ref.line.id];
      if (details.restockingFeePercentage === null) return null;
      const order = ctx.store.order(ctx.shop, ref.ret.orderId);
      const fli = ctx.store
        .fulfillmentsOf(ctx.shop, order.id)
        .flatMap((f) => f.lineItems)
        .find((l) => l.id === ref.line.fulfillmentLineItemId);
      const li = order.lineItems.find((l) => l.id === fli?.lineItemId);
      const value = li ? ctx.store.discountedUnitsMinor(order, li, ref.line.quantity) : 0;
      return {
        id: details.restockingFeeId,
        percentage: details.restockingFeePercentage,
        amountSet: moneyBag(fromMinor(Math.round((value * details.restockingFeePercentage) / 100)), order.currency),
      };
    },
    fulfillmentLineItem: (ref: ReturnLineRef, _: Args, ctx: AdminContext): FulfillmentLineRef => {
      const order = ctx.store.order(ctx.shop, ref.ret.orderId);
      const fli = ctx.store
        .fulfillmentsOf(ctx.shop, order.id)
        .flatMap((f) => f.lineItems)
        .find((l) => l.id === ref.line.fulfillmentLineItemId)!;
      return { order, fli };
    },
  },

  DiscountCodeNode: {
    codeDiscount: (d: DiscountRecord) => d,
  },

  DiscountCodeBasic: {
    summary: (d: DiscountRecord, _: Args, ctx: AdminContext) => {
      const value =
        d.value.kind === "percentage"
          ? `${Math.round(d.value.percentage * 100)}% off`
          : `${d.value.kind === "amount" ? d.value.amount : "0.00"} ${data(ctx).shop.currencyCode} off`;
      return `${value} ${entitlementSummary(ctx, d)}${minimumSummary(d)}`;
    },
    ...discountCodeFields,
    customerGets: (d: DiscountRecord) => ({ value: d.value, items: d.items, appliesOnOneTimePurchase: true, appliesOnSubscription: false }),
  },

  DiscountCodeFreeShipping: {
    summary: (d: DiscountRecord) => `Free shipping on all products${minimumSummary(d)} • For all countries`,
    ...discountCodeFields,
    maximumShippingPrice: (d: DiscountRecord, _: Args, ctx: AdminContext) =>
      d.value.kind === "freeShipping" && d.value.maximumShippingPrice !== null
        ? money(d.value.maximumShippingPrice, data(ctx).shop.currencyCode)
        : null,
    destinationSelection: () => ({ allCountries: true }),
    appliesOnOneTimePurchase: () => true,
    appliesOnSubscription: () => false,
  },

  AllDiscountItems: {
    allItems: () => true,
  },

  DiscountProducts: {
    products: (items: Extract<DiscountRecord["items"], { kind: "products" }>, args: PageArgs, ctx: AdminContext) =>
      connectionOf(items.productIds.map((id) => data(ctx).products[id]).filter(Boolean), args),
    productVariants: (items: Extract<DiscountRecord["items"], { kind: "products" }>, args: PageArgs, ctx: AdminContext) =>
      connectionOf(items.variantIds.map((id) => data(ctx).variants[id]).filter(Boolean), args),
  },

  DiscountMinimumQuantity: {
    greaterThanOrEqualToQuantity: (requirement: { quantity: number }) => String(requirement.quantity),
  },

  DiscountMinimumSubtotal: {
    greaterThanOrEqualToSubtotal: (requirement: { subtotal: string }, _: Args, ctx: AdminContext) =>
      money(requirement.subtotal, data(ctx).shop.currencyCode),
  },

  DiscountAmount: {
    amount: (v: Extract<DiscountRecord["value"], { kind: "amount" }>, _: Args, ctx: AdminContext) =>
      money(v.amount, data(ctx).shop.currencyCode),
  },

  Metafield: {
    jsonValue: (m: MetafieldRecord) => fieldJsonValue(m.type, m.value),
    ownerType: (m: MetafieldRecord) => {
      const type = parseGid(m.ownerId)?.type ?? "SHOP";
      return type === "DiscountCodeNode" ? "DISCOUNT" : type.toUpperCase();
    },
    createdAt: (m: MetafieldRecord) => utc(m.createdAt),
    updatedAt: (m: MetafieldRecord) => utc(m.updatedAt),
  },

  StoreCreditAccount: {
    balance: (a: StoreCreditAccountRecord) => money(a.balance, a.currency),
    owner: (a: StoreCreditAccountRecord, _: Args, ctx: AdminContext) => ctx.store.customer(ctx.shop, a.ownerId),
  },

  StoreCreditAccountCreditTransaction: {
    id: (t: { transaction: StoreCreditTransactionRecord }) => t.transaction.id,
    amount: (t: { transaction: StoreCreditTransactionRecord; account: StoreCreditAccountRecord }) =>
      money(t.transaction.amount, t.account.currency),
    balanceAfterTransaction: (t: { transaction: StoreCreditTransactionRecord; account: StoreCreditAccountRecord }) =>
      money(t.transaction.balanceAfter, t.account.currency),
    remainingAmount: (t: { transaction: StoreCreditTransactionRecord; account: StoreCreditAccountRecord }) =>
      money(t.transaction.amount, t.account.currency),
    createdAt: (t: { transaction: StoreCreditTransactionRecord }) => utc(t.transaction.createdAt),
    expiresAt: (t: { transaction: StoreCreditTransactionRecord }) => utc(t.transaction.expiresAt),
    account: (t: { account: StoreCreditAccountRecord }) => t.account,
  },

  Metaobject: metaobjectResolvers.Metaobject,
  MetaobjectField: metaobjectResolvers.MetaobjectField,
  MetaobjectDefinition: metaobjectResolvers.MetaobjectDefinition,
  MetaobjectFieldDefinition: metaobjectResolvers.MetaobjectFieldDefinition,

  Mutation: {
    ...metaobjectResolvers.Mutation,
    bulkOperationRunQuery: (_: unknown, args: { query: string; groupObjects: boolean }, ctx: AdminContext) =>
      ctx.bulk.runQuery(ctx.shop, { query: args.query, groupObjects: args.groupObjects, scope: ctx.scope }),
    bulkOperationCancel: (_: unknown, args: { id: string }, ctx: AdminContext) => ctx.bulk.cancel(ctx.shop, args.id),
    returnRequest: (_: unknown, { input }: { input: { orderId: string; returnLineItems: ReturnLineInput[] } }, ctx: AdminContext) => {
      try {
        if (!data(ctx).orders[input.orderId]) throw new StoreError("NOT_FOUND", "Order does not exist", ["input", "orderId"]);
        const ret = ctx.store.requestReturn(ctx.shop, input.orderId, input.returnLineItems);
        return { return: ret, userErrors: [] };
      } catch (error) {
        return { return: null, userErrors: [toUserError(error, returnCodes)] };
      }
    },
    returnApproveRequest: (_: unknown, { input }: { input: { id: string } }, ctx: AdminContext) => {
      try {
        return { return: ctx.store.approveReturn(ctx.shop, input.id), userErrors: [] };
      } catch (error) {
        return { return: null, userErrors: [toUserError(error, returnCodes, ["input", "id"])] };
      }
    },
    returnDeclineRequest: (
      _: unknown,
      { input }: { input: { id: string; declineReason: "RETURN_PERIOD_ENDED" | "FINAL_SALE" | "OTHER"; declineNote?: string | null } },
      ctx: AdminContext,
    ) => {
      try {
        return {
          return: ctx.store.declineReturn(ctx.shop, input.id, { reason: input.declineReason, note: input.declineNote }),
          userErrors: [],
        };
      } catch (error) {
        return { return: null, userErrors: [toUserError(error, returnCodes, ["input", "id"])] };
      }
    },
    returnCreate: (_: unknown, { returnInput }: { returnInput: ReturnCreateInit }, ctx: AdminContext) => {
      requireScope(ctx, "returnCreate", ["write_returns"]);
      return returnPayload("return", () => ctx.store.createReturn(ctx.shop, returnInput));
    },
    returnClose: (_: unknown, { id }: { id: string }, ctx: AdminContext) => {
      requireScope(ctx, "returnClose", ["write_returns"]);
      return returnPayload("return", () => ctx.store.closeReturn(ctx.shop, id));
    },
    returnReopen: (_: unknown, { id }: { id: string }, ctx: AdminContext) => {
      requireScope(ctx, "returnReopen", ["write_returns"]);
      return returnPayload("return", () => ctx.store.reopenReturn(ctx.shop, id));
    },
    returnCancel: (_: unknown, { id }: { id: string }, ctx: AdminContext) => {
      requireScope(ctx, "returnCancel", ["write_returns"]);
      return returnPayload("return", () => ctx.store.cancelReturn(ctx.shop, id));
    },
    returnProcess: (_: unknown, args: { input: ReturnProcessInit }, ctx: AdminContext, info: GraphQLResolveInfo) => {
      requireScope(ctx, "returnProcess", ["write_returns"]);
      return withIdempotency(ctx, info, args, () => returnPayload("return", () => ctx.store.processReturn(ctx.shop, args.input).record));
    },
    reverseDeliveryCreateWithShipping: (_: unknown, args: ReverseDeliveryInit, ctx: AdminContext) => {
      requireScope(ctx, "reverseDeliveryCreateWithShipping", ["write_returns"]);
      return returnPayload("reverseDelivery", (): ReverseDeliveryRef => ctx.store.returns.createReverseDelivery(ctx.shop, args));
    },
    reverseFulfillmentOrderDispose: (_: unknown, { dispositionInputs }: { dispositionInputs: DisposeInit[] }, ctx: AdminContext) => {
      requireScope(ctx, "reverseFulfillmentOrderDispose", ["write_returns"]);
      return returnPayload("reverseFulfillmentOrderLineItems", () =>
        ctx.store.returns.dispose(ctx.shop, dispositionInputs).map((ref): ReverseLineItemRef => ({ ret: ref.ret, line: ref.line })),
      );
    },
    discountCodeBasicCreate: (_: unknown, { basicCodeDiscount: input }: { basicCodeDiscount: DiscountInput }, ctx: AdminContext) => {
      const blank = (field: string, label: string) => ({
        field: ["basicCodeDiscount", field],
        message: `${label} can't be blank`,
        code: "BLANK",
      });
      const errors: UserError[] = [];
      if (!input.title?.trim()) errors.push(blank("title", "Title"));
      if (!input.code?.trim()) errors.push(blank("code", "Code"));
      if (!input.customerGets?.value) errors.push(blank("customerGets", "Customer gets"));
      const items = input.customerGets?.items;
      const products = items?.products;
      const entitled = [...(products?.productsToAdd ?? []), ...(products?.productVariantsToAdd ?? [])];
      if (items?.all && entitled.length > 0)
        errors.push({
          field: ["basicCodeDiscount", "customerGets", "items"],
          message: "Only one of all items or products can be given",
          code: "TOO_MANY_ARGUMENTS",
        });
      if (errors.length > 0) return { codeDiscountNode: null, userErrors: errors };
      try {
        const discount = ctx.store.createDiscountCode(ctx.shop, {
          code: input.code!,
          title: input.title!,
          percentage: input.customerGets!.value!.percentage ?? undefined,
          amount: input.customerGets!.value!.discountAmount?.amount ?? undefined,
          appliesOnEachItem: input.customerGets!.value!.discountAmount?.appliesOnEachItem ?? false,
          items:
            entitled.length > 0 ? { productIds: products?.productsToAdd ?? [], variantIds: products?.productVariantsToAdd ?? [] } : null,
          ...sharedDiscountInit(input),
        });
        return { codeDiscountNode: discount, userErrors: [] };
      } catch (error) {
        return { codeDiscountNode: null, userErrors: [discountUserError(error)] };
      }
    },
    discountCodeFreeShippingCreate: (
      _: unknown,
      { freeShippingCodeDiscount: input }: { freeShippingCodeDiscount: FreeShippingDiscountInput },
      ctx: AdminContext,
    ) => {
      requireScope(ctx, "discountCodeFreeShippingCreate", ["write_discounts"]);
      const blank = (field: string, label: string) => ({
        field: ["freeShippingCodeDiscount", field],
        message: `${label} can't be blank`,
        code: "BLANK",
      });
      const errors: UserError[] = [];
      if (!input.title?.trim()) errors.push(blank("title", "Title"));
      if (!input.code?.trim()) errors.push(blank("code", "Code"));
      if (!input.startsAt) errors.push(blank("startsAt", "Starts at"));
      if (!input.context && !input.customerSelection) errors.push(blank("context", "Context"));
      if (errors.length > 0) return { codeDiscountNode: null, userErrors: errors };
      try {
        const discount = ctx.store.createDiscountCode(ctx.shop, {
          code: input.code!,
          title: input.title!,
          freeShipping: { maximumShippingPrice: input.maximumShippingPrice ?? null },
          ...sharedDiscountInit(input),
        });
        return { codeDiscountNode: discount, userErrors: [] };
      } catch (error) {
        return { codeDiscountNode: null, userErrors: [discountUserError(error)] };
      }
    },
    discountCodeDeactivate: (_: unknown, { id }: { id: string }, ctx: AdminContext) => {
      requireScope(ctx, "discountCodeDeactivate", ["write_discounts"]);
      try {
        return { codeDiscountNode: ctx.store.deactivateDiscountCode(ctx.shop, id), userErrors: [] };
      } catch (error) {
        return { codeDiscountNode: null, userErrors: [discountUserError(error)] };
      }
    },
    discountCodeDelete: (_: unknown, { id }: { id: string }, ctx: AdminContext) => {
      requireScope(ctx, "discountCodeDelete", ["write_discounts"]);
      try {
        return { deletedCodeDiscountId: ctx.store.deleteDiscountCode(ctx.shop, id), userErrors: [] };
      } catch (error) {
        return { deletedCodeDiscountId: null, userErrors: [discountUserError(error)] };
      }
    },
    storefrontAccessTokenCreate: (_: unknown, { input }: { input: { title: string } }, ctx: AdminContext) => {
      // Any unauthenticated_* scope will do (the token inherits them); the app's is unauthenticated_read_product_listings.
      const unauthenticated = (ctx.scope ?? "").split(",").filter((s) => s.trim().startsWith("unauthenticated_"));
      if (ctx.scope !== null && unauthenticated.length === 0)
        requireScope(ctx, "storefrontAccessTokenCreate", ["unauthenticated_read_product_listings"]);
      const shop = data(ctx).shop;
      try {
        return { shop, storefrontAccessToken: ctx.store.createStorefrontAccessToken(ctx.shop, input.title, ctx.scope), userErrors: [] };
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        return { shop, storefrontAccessToken: null, userErrors: [{ field: error.field, message: error.message }] };
      }
    },
    customerEmailMarketingConsentUpdate: (
      _: unknown,
      { input }: { input: { customerId: string; emailMarketingConsent: EmailConsentInput } },
      ctx: AdminContext,
    ) => {
      requireScope(ctx, "customerEmailMarketingConsentUpdate", ["write_customers"]);
      const consent = input.emailMarketingConsent;
      try {
        const customer = ctx.store.updateEmailMarketingConsent(ctx.shop, input.customerId, {
          marketingState: consent.marketingState,
          marketingOptInLevel: consent.marketingOptInLevel ?? null,
          consentUpdatedAt: consent.consentUpdatedAt ?? null,
        });
        return { customer, userErrors: [] };
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        const inclusion = error.field?.[error.field.length - 1] === "marketingState";
        return { customer: null, userErrors: [{ field: error.field, message: error.message, code: inclusion ? "INCLUSION" : "INVALID" }] };
      }
    },
    metafieldsSet: (_: unknown, { metafields }: { metafields: MetafieldInput[] }, ctx: AdminContext) => {
      requireOwnerWriteAccess(ctx, "metafieldsSet", metafields);
      const errors = metafields.flatMap((input, index) => validateMetafield(ctx, input, index));
      if (errors.length > 0) return { metafields: null, userErrors: errors };
      const saved = metafields.map((input) => {
        const namespace = input.namespace ?? "$app";
        const existing = ctx.store.getMetafield(ctx.shop, input.ownerId, namespace, input.key);
        return ctx.store.setMetafield(ctx.shop, {
          ownerId: input.ownerId,
          namespace,
          key: input.key,
          type: input.type ?? existing!.type,
          value: input.value,
        });
      });
      return { metafields: saved, userErrors: [] };
    },
    metafieldsDelete: (_: unknown, { metafields }: { metafields: MetafieldIdentifierInput[] }, ctx: AdminContext) => {
      requireOwnerWriteAccess(ctx, "metafieldsDelete", metafields);
      if (metafields.length === 0)
        return { deletedMetafields: null, userErrors: [{ field: ["metafields"], message: "At least one identifier must be specified." }] };
      const deletedMetafields = metafields.map(({ ownerId, namespace, key }) =>
        ctx.store.deleteMetafield(ctx.shop, ownerId, namespace, key) ? { ownerId, namespace, key } : null,
      );
      return { deletedMetafields, userErrors: [] };
    },
    storeCreditAccountCredit: (
      _: unknown,
      args: { id: string; creditInput: { creditAmount: { amount: string; currencyCode: string }; expiresAt?: string | null } },
      ctx: AdminContext,
      info: GraphQLResolveInfo,
    ) => withIdempotency(ctx, info, args, () => creditStoreCreditAccount(ctx, args.id, args.creditInput)),
  },
};

function creditStoreCreditAccount(
  ctx: AdminContext,
  id: string,
  creditInput: { creditAmount: { amount: string; currencyCode: string }; expiresAt?: string | null },
) {
  try {
    const result = ctx.store.creditStoreCredit(ctx.shop, id, {
      amount: creditInput.creditAmount.amount,
      currency: creditInput.creditAmount.currencyCode,
      expiresAt: creditInput.expiresAt ?? null,
    });
    return { storeCreditAccountTransaction: result, userErrors: [] };
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    const field = error.field ?? ["id"];
    const last = field[field.length - 1];
    const code =
      last === "amount"
        ? "NEGATIVE_OR_ZERO_AMOUNT"
        : last === "expiresAt"
          ? "EXPIRES_AT_IN_PAST"
          : last === "currencyCode"
            ? "MISMATCHING_CURRENCY"
            : parseGid(id)?.type === "StoreCreditAccount"
              ? "ACCOUNT_NOT_FOUND"
              : "OWNER_NOT_FOUND";
    return { storeCreditAccountTransaction: null, userErrors: [{ field, message: error.message, code }] };
  }
}

interface ReturnLineInput {
  fulfillmentLineItemId: string;
  quantity: number;
  returnReason: ReturnRecord["lineItems"][number]["returnReason"];
  customerNote?: string | null;
}

/** DiscountCodeBasicInput; its fields other than `customerGets` are the ones every code input has. */
interface DiscountInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  customerSelection?: { all?: boolean | null; customers?: { add?: string[] | null } | null } | null;
  context?: { all?: string | null; customers?: { add?: string[] | null } | null } | null;
  customerGets?: {
    value?: { percentage?: number | null; discountAmount?: { amount?: string | null; appliesOnEachItem?: boolean | null } | null } | null;
    items?: {
      all?: boolean | null;
      products?: { productsToAdd?: string[] | null; productVariantsToAdd?: string[] | null } | null;
    } | null;
  } | null;
  combinesWith?: { orderDiscounts?: boolean | null; productDiscounts?: boolean | null; shippingDiscounts?: boolean | null } | null;
  minimumRequirement?: {
    subtotal?: { greaterThanOrEqualToSubtotal?: string | null } | null;
    quantity?: { greaterThanOrEqualToQuantity?: string | null } | null;
  } | null;
}

/** DiscountCodeFreeShippingInput (the double ships everywhere, so `destination` changes nothing). */
type FreeShippingDiscountInput = Omit<DiscountInput, "customerGets"> & { maximumShippingPrice?: string | null };

interface EmailConsentInput {
  marketingState: CustomerRecord["marketingState"];
  marketingOptInLevel?: NonNullable<CustomerRecord["marketingOptInLevel"]> | null;
  consentUpdatedAt?: string | null;
}

interface MetafieldInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  value: string;
  type?: string | null;
}

interface MetafieldIdentifierInput {
  ownerId: string;
  namespace: string;
  key: string;
}

/**
 * Writing a resource's metafields takes the access that writing the resource does (Shopify: "setting a
 * metafield on a Product requires the same access as mutating a Product"); the double checks product and
 * variant owners, whose write scope an app asks for separately from reading them.
 */
function requireOwnerWriteAccess(ctx: AdminContext, field: string, metafields: { ownerId: string }[]): void {
  const types = new Set(metafields.map((m) => parseGid(m.ownerId)?.type));
  if (types.has("Product") || types.has("ProductVariant")) requireScope(ctx, field, ["write_products"]);
}

function validateMetafield(ctx: AdminContext, input: MetafieldInput, index: number) {
  const at = (name: string) => ["metafields", String(index), name];
  const errors: { field: string[]; message: string; code: string; elementIndex: number }[] = [];
  const namespace = input.namespace ?? "$app";
  if (!nodeById(ctx, input.ownerId))
    errors.push({ field: at("ownerId"), message: "Owner does not exist.", code: "INVALID_VALUE", elementIndex: index });
  if (!input.key.trim()) errors.push({ field: at("key"), message: "Key can't be blank.", code: "BLANK", elementIndex: index });
  const existing = ctx.store.getMetafield(ctx.shop, input.ownerId, namespace, input.key);
  const type = input.type ?? existing?.type;
  if (!type) {
    errors.push({ field: at("type"), message: "Type can't be blank.", code: "BLANK", elementIndex: index });
    return errors;
  }
  if (!isKnownFieldType(type)) {
    errors.push({ field: at("type"), message: `Type '${type}' is not a valid metafield type.`, code: "INVALID_TYPE", elementIndex: index });
    return errors;
  }
  const problem = fieldValueProblem(type, input.value, (id) => nodeById(ctx, id) !== null);
  if (problem) errors.push({ field: at("value"), message: problem, code: "INVALID_VALUE", elementIndex: index });
  return errors;
}
