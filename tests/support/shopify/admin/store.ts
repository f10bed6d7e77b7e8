// In-memory data of the Shopify double: shops and their app installations (with the Storefront API tokens
// the app made), catalogue (products, inventory, collections), customers and their marketing consent,
// orders, discounts, metafields, metaobjects (product reviews), bulk operation records and everything that
// happens to them. Mutations emit "change" events named after Shopify webhook topics.
import { EventEmitter } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import {
  applicationOf,
  applicationValue,
  refusalMessage,
  refusalOf,
  type CheckoutCart,
  type DiscountRefusalReason,
} from "./discount-rules";
import { fromMinor, gid, isoUtc, numericIdOf, parseGid, toMinor, type GidType } from "./ids";
import { applyFieldInputs, metaobjectProblem, STANDARD_METAOBJECT_TEMPLATES, type MetaobjectProblem } from "./metaobject-rules";
import type {
  AddressRecord,
  BulkFileRecord,
  BulkOperationErrorCode,
  BulkOperationRecord,
  BulkOperationStatus,
  BulkOperationType,
  ChangeEvent,
  CollectionRecord,
  CustomerRecord,
  DiscountItemsRecord,
  DiscountRecord,
  FinancialStatus,
  FulfillmentEventRecord,
  FulfillmentRecord,
  Installation,
  LineItemRecord,
  LocationRecord,
  MarketingState,
  MetafieldRecord,
  MetaobjectDefinitionRecord,
  MetaobjectRecord,
  OrderDiscountRecord,
  OrderRecord,
  ProductRecord,
  RefundRecord,
  ReturnReason,
  ReturnRecord,
  ReverseDeliveryRecord,
  ShipmentStatus,
  ShopData,
  ShopRecord,
  StoreCreditAccountRecord,
  StoreCreditTransactionRecord,
  StoreSnapshot,
  StorefrontAccessTokenRecord,
  TranslationRecord,
  VariantRecord,
  WebhookTopic,
} from "./store-types";
import { ReturnsDesk, type DisposeInit, type ReturnCreateInit, type ReturnProcessInit, type ReverseDeliveryInit } from "./returns";
import { orderTransactions, type OrderTransactionView } from "./transactions";
import { buildWebhookPayload, serializePayload } from "./webhook-payloads";

export type StoreErrorCode = "NOT_FOUND" | "INVALID" | "INVALID_STATE" | "TAKEN";

/** A refused store operation; GraphQL resolvers turn these into userErrors. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly field: string[] | null = null,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

/** Checkout refused the order because of its discount code; the message is the one Shopify's checkout shows. */
export class DiscountCodeError extends StoreError {
  constructor(
    readonly discountCode: string,
    readonly reason: DiscountRefusalReason,
  ) {
    super("INVALID", refusalMessage(discountCode, reason), ["discountCode"]);
    this.name = "DiscountCodeError";
  }
}

/** A metaobject upsert the store refused, with every problem (MetaobjectUserErrors) it found. */
export class MetaobjectInputError extends StoreError {
  constructor(readonly problems: MetaobjectProblem[]) {
    super("INVALID", problems.map((p) => p.message).join("; "), problems[0]?.field ?? null);
    this.name = "MetaobjectInputError";
  }
}

/** What metaobjectUpsert writes: a new handle, field values (an empty value clears a field), a publishable status. */
export interface MetaobjectUpsertInit {
  handle?: string | null;
  fields?: { key: string; value: string }[] | null;
  status?: "ACTIVE" | "DRAFT" | null;
}

export interface AdminStoreOptions {
  /** Source of "now" for timestamps; defaults to the wall clock. */
  clock?: () => number;
}

export interface ShopInit {
  name?: string;
  email?: string;
  ianaTimezone?: string;
  currencyCode?: string;
  primaryDomainUrl?: string;
  country?: string;
  locale?: string;
}

export interface ProductInit {
  title: string;
  handle?: string;
  description?: string;
  productType?: string;
  vendor?: string;
  tags?: string[];
  status?: ProductRecord["status"];
  image?: { url: string; altText?: string | null } | null;
  variants: {
    title?: string;
    sku?: string | null;
    price: string;
    grams?: number;
    /** Tracked units on hand; leave out (null) for a variant whose inventory Shopify does not track. */
    inventoryQuantity?: number | null;
    inventoryPolicy?: VariantRecord["inventoryPolicy"];
  }[];
  translations?: Record<string, TranslationRecord>;
  createdAt?: string;
}

export interface CollectionInit {
  title: string;
  handle?: string;
  description?: string;
  productIds: string[];
  translations?: Record<string, TranslationRecord>;
}

/** What a customer's email marketing consent becomes (customerEmailMarketingConsentUpdate's input). */
export interface EmailConsentInit {
  marketingState: MarketingState;
  marketingOptInLevel?: NonNullable<CustomerRecord["marketingOptInLevel"]> | null;
  consentUpdatedAt?: string | null;
}

export interface CustomerInit {
  email: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  locale?: string;
  tags?: string[];
  note?: string | null;
  marketingState?: MarketingState;
  consentUpdatedAt?: string | null;
  address?: Omit<AddressRecord, "id"> | null;
  createdAt?: string;
}

export interface OrderInit {
  customerId?: string | null;
  email?: string | null;
  lineItems: { variantId: string; quantity: number; price?: string }[];
  financialStatus?: FinancialStatus;
  currency?: string;
  customerLocale?: string;
  shippingPrice?: string;
  discountCodes?: string[];
  tags?: string[];
  note?: string | null;
  createdAt?: string;
  processedAt?: string;
}

export interface ReturnLineInit {
  fulfillmentLineItemId: string;
  quantity: number;
  returnReason: ReturnReason;
  customerNote?: string | null;
}

export interface DiscountInit {
  code: string;
  title?: string;
  /** Exactly one of `percentage`, `amount` and `freeShipping` says what the code takes off. */
  percentage?: number;
  amount?: string;
  appliesOnEachItem?: boolean;
  /** A free-shipping code (discountCodeFreeShippingCreate): rates up to `maximumShippingPrice` (none: any) become free. */
  freeShipping?: { maximumShippingPrice?: string | null };
  /** The products and variants an amount-off code applies to; leave out for the whole order. */
  items?: { productIds?: string[]; variantIds?: string[] } | null;
  startsAt?: string;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean;
  customerIds?: string[] | null;
  combinesWith?: { orderDiscounts?: boolean | null; productDiscounts?: boolean | null; shippingDiscounts?: boolean | null } | null;
  minimumSubtotal?: string | null;
  minimumQuantity?: number | null;
}

/** Shopify allows an app this many active Storefront API tokens per shop. */
export const MAX_STOREFRONT_TOKENS = 100;

/** Scopes a Storefront API token inherits from the app that creates it. */
export const isUnauthenticatedScope = (scope: string): boolean => scope.startsWith("unauthenticated_");

const ID_BASE = 6_812_000_000_000_000_000n;
const ID_STRIDE = 1_009n;

const emptyShopData = (shop: ShopRecord): ShopData => ({
  shop,
  products: {},
  variants: {},
  collections: {},
  customers: {},
  orders: {},
  fulfillments: {},
  refunds: {},
  returns: {},
  discounts: {},
  metafields: {},
  metaobjectDefinitions: {},
  metaobjects: {},
  storeCreditAccounts: {},
  bulkOperations: {},
  storefrontAccessTokens: {},
});

/**
 * Lookups by owner that the tables (keyed by id) cannot answer without a scan; kept in step by the store's
 * own writes, so records must be added through its methods, never straight into `shopData()`'s tables.
 */
interface ShopIndex {
  /** The orders and customers tables' values in creation order (Object.values on 100,000 keys is slow). */
  orders: OrderRecord[];
  customers: CustomerRecord[];
  fulfillmentsByOrder: Map<string, FulfillmentRecord[]>;
  refundsByOrder: Map<string, RefundRecord[]>;
  returnsByOrder: Map<string, ReturnRecord[]>;
  ordersByCustomer: Map<string, OrderRecord[]>;
  customerByEmail: Map<string, string>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildIndex(data: ShopData): ShopIndex {
  const index: ShopIndex = {
    orders: Object.values(data.orders),
    customers: Object.values(data.customers),
    fulfillmentsByOrder: new Map(),
    refundsByOrder: new Map(),
    returnsByOrder: new Map(),
    ordersByCustomer: new Map(),
    customerByEmail: new Map(),
  };
  for (const f of Object.values(data.fulfillments)) push(index.fulfillmentsByOrder, f.orderId, f);
  for (const r of Object.values(data.refunds)) push(index.refundsByOrder, r.orderId, r);
  for (const r of Object.values(data.returns)) push(index.returnsByOrder, r.orderId, r);
  for (const o of index.orders) if (o.customerId) push(index.ordersByCustomer, o.customerId, o);
  for (const c of index.customers) if (c.email) index.customerByEmail.set(c.email.toLowerCase(), c.id);
  return index;
}

export interface BulkOperationInit {
  type: BulkOperationType;
  query: string;
  groupObjects: boolean;
  scope: string | null;
}

export interface BulkOperationOutcome {
  status: "COMPLETED" | "FAILED" | "CANCELED";
  errorCode?: BulkOperationErrorCode | null;
  file?: BulkFileRecord | null;
  partialFile?: BulkFileRecord | null;
}

/** Statuses of an operation that has not finished yet. */
const UNFINISHED: ReadonlySet<BulkOperationStatus> = new Set(["CREATED", "RUNNING", "CANCELING"]);

/** How a code applied to an order saved before orders kept it: the whole discount on the first code, across the lines. */
function legacyApplication(code: string, amount: string, discount: DiscountRecord | undefined): OrderDiscountRecord {
  const percentage = discount?.value.kind === "percentage" ? discount.value.percentage : null;
  return {
    code,
    type: percentage === null ? "fixed_amount" : "percentage",
    value: applicationValue(percentage === null ? toMinor(amount) / 100 : percentage * 100),
    valueType: percentage === null ? "fixed_amount" : "percentage",
    targetType: "line_item",
    targetSelection: "all",
    allocationMethod: "across",
    amount,
    allocations: [],
  };
}

function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export class AdminStore extends EventEmitter {
  private data: StoreSnapshot = { version: 1, nextSequence: 1, shops: {} };
  private readonly clock: () => number;
  private muted = 0;
  private readonly indexes = new WeakMap<ShopData, ShopIndex>();

  /** Returns beyond a customer's request: created, delivered back, processed, closed (returns.ts). */
  readonly returns: ReturnsDesk;

  constructor(options: AdminStoreOptions = {}) {
    super();
    this.clock = options.clock ?? Date.now;
    this.returns = new ReturnsDesk({
      store: this,
      nowIso: () => this.nowIso(),
      newGid: (type) => `gid://shopify/${type}/${this.nextNumericId()}`,
      emit: (shop, topic, entity) => this.emitChange(shop, topic, entity),
      addReturn: (shop, record) => {
        this.shopData(shop).returns[record.id] = record;
        push(this.index(shop).returnsByOrder, record.orderId, record);
      },
      restock: (shop, variantId, quantity) => this.adjustInventory(shop, variantId, quantity),
    });
  }

  now(): Date {
    return new Date(this.clock());
  }

  private nowIso(): string {
    return isoUtc(this.now());
  }

  /** Next exact 64-bit-looking numeric id (as a decimal string). */
  nextNumericId(): string {
    const seq = BigInt(this.data.nextSequence++);
    return (ID_BASE + seq * ID_STRIDE).toString();
  }

  private newGid(type: GidType): string {
    return gid(type, this.nextNumericId());
  }

  // ── persistence ────────────────────────────────────────────────────────────────────────────────────────
  snapshot(): StoreSnapshot {
    return structuredClone(this.data);
  }

  /**
   * Replaces the store's content. Snapshots written before bulk operations existed load as shops without
   * any; an operation still unfinished in the snapshot lost its runner with the process that saved it, so it
   * reads as failed (or canceled, if a cancel was under way), as Shopify reports an operation it had to stop.
   */
  restore(snapshot: StoreSnapshot): void {
    if (snapshot.version !== 1) throw new Error(`Unsupported store snapshot version ${String(snapshot.version)}`);
    this.data = structuredClone(snapshot);
    for (const data of Object.values(this.data.shops)) {
      data.bulkOperations ??= {};
      // Snapshots written before collections, inventory and Storefront API tokens existed.
      data.collections ??= {};
      data.storefrontAccessTokens ??= {};
      // Snapshots written before metaobjects existed.
      data.metaobjectDefinitions ??= {};
      data.metaobjects ??= {};
      for (const variant of Object.values(data.variants)) {
        variant.inventoryQuantity ??= null;
        variant.inventoryPolicy ??= "DENY";
      }
      for (const discount of Object.values(data.discounts)) {
        discount.combinesWith ??= { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false };
        // Snapshots written before product-bound, minimum-quantity and free-shipping codes existed.
        discount.items ??= { kind: "all" };
        discount.minimumQuantity ??= null;
      }
      const byCode = new Map(Object.values(data.discounts).map((d) => [d.code.toLowerCase(), d]));
      for (const order of Object.values(data.orders)) {
        order.shippingDiscountAmount ??= "0.00";
        order.discountApplications ??= order.discountCodes.map((code, index) =>
          legacyApplication(code, index === 0 ? order.discountAmount : "0.00", byCode.get(code.toLowerCase())),
        );
      }
      for (const operation of Object.values(data.bulkOperations)) {
        if (!UNFINISHED.has(operation.status)) continue;
        const canceled = operation.status === "CANCELING";
        operation.status = canceled ? "CANCELED" : "FAILED";
        operation.errorCode = canceled ? null : "INTERNAL_SERVER_ERROR";
      }
    }
  }

  save(file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data));
    fs.renameSync(tmp, file);
  }

  /** Replaces the store's content with a saved file; returns false when the file does not exist. */
  load(file: string): boolean {
    if (!fs.existsSync(file)) return false;
    this.restore(JSON.parse(fs.readFileSync(file, "utf8")) as StoreSnapshot);
    return true;
  }

  /** Runs `fn` without emitting change events (bulk seeding should not fire thousands of webhooks). */
  withoutEvents<T>(fn: () => T): T {
    this.muted++;
    try {
      return fn();
    } finally {
      this.muted--;
    }
  }

  private emitChange(shop: string, topic: WebhookTopic, entity: unknown): void {
    if (this.muted > 0 || this.listenerCount("change") === 0) return;
    const payload = buildWebhookPayload(this, shop, topic, entity);
    const event: ChangeEvent = {
      eventId: this.nextNumericId(),
      shop,
      topic,
      payload,
      body: serializePayload(payload),
      occurredAt: this.nowIso(),
    };
    this.emit("change", event);
  }

  // ── shops and installations ────────────────────────────────────────────────────────────────────────────
  shops(): string[] {
    return Object.keys(this.data.shops);
  }

  upsertShop(domain: string, init: ShopInit = {}): ShopRecord {
    const existing = this.data.shops[domain];
    if (existing) {
      Object.assign(existing.shop, Object.fromEntries(Object.entries(init).filter(([, v]) => v !== undefined)));
      return existing.shop;
    }
    const handle = domain.replace(/\.myshopify\.com$/, "");
    const shop: ShopRecord = {
      id: this.newGid("Shop"),
      domain,
      name: init.name ?? handle.replace(/-/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()),
      email: init.email ?? `owner@${handle}.example`,
      ianaTimezone: init.ianaTimezone ?? "Europe/Warsaw",
      currencyCode: init.currencyCode ?? "PLN",
      primaryDomainUrl: init.primaryDomainUrl ?? `https://${domain}`,
      country: init.country ?? "PL",
      locale: init.locale ?? "pl",
      installations: [],
      nextOrderNumber: 1001,
    };
    this.data.shops[domain] = emptyShopData(shop);
    return shop;
  }

  /** All of one shop's data; throws when the shop is unknown. */
  shopData(domain: string): ShopData {
    const data = this.data.shops[domain];
    if (!data) throw new StoreError("NOT_FOUND", `Unknown shop ${domain}`);
    return data;
  }

  private index(shop: string): ShopIndex {
    const data = this.shopData(shop);
    let index = this.indexes.get(data);
    if (!index) {
      index = buildIndex(data);
      this.indexes.set(data, index);
    }
    return index;
  }

  hasShop(domain: string): boolean {
    return domain in this.data.shops;
  }

  install(domain: string, installation: Partial<Installation> & { scope: string }): Installation {
    const shop = this.upsertShop(domain);
    const record: Installation = {
      accessToken: installation.accessToken ?? `shpat_${randomBytes(16).toString("hex")}`,
      scope: installation.scope,
      online: installation.online ?? null,
      installedAt: installation.installedAt ?? this.nowIso(),
    };
    if (!record.online) shop.installations = shop.installations.filter((i) => i.online !== null);
    shop.installations.push(record);
    return record;
  }

  /** The shop's current offline installation, if the app is installed. */
  offlineInstallation(domain: string): Installation | null {
    if (!this.hasShop(domain)) return null;
    return this.shopData(domain).shop.installations.find((i) => i.online === null) ?? null;
  }

  /** Revokes every token of the shop (Storefront API tokens the app made too) and emits app/uninstalled. */
  uninstall(domain: string): void {
    const data = this.shopData(domain);
    data.shop.installations = [];
    data.storefrontAccessTokens = {};
    this.emitChange(domain, "app/uninstalled", data.shop);
  }

  /** The shop and installation a token belongs to, if it is valid now. */
  findInstallation(accessToken: string): { shop: string; installation: Installation } | null {
    for (const [domain, data] of Object.entries(this.data.shops)) {
      const installation = data.shop.installations.find((i) => i.accessToken === accessToken);
      if (!installation) continue;
      if (installation.online && Date.parse(installation.online.expiresAt) <= this.clock()) return null;
      return { shop: domain, installation };
    }
    return null;
  }

  // ── Storefront API tokens ──────────────────────────────────────────────────────────────────────────────
  /**
   * A Storefront API token for the app installed in `shop`, carrying the unauthenticated scopes among
   * `appScope` (the installation's). Refused without any such scope, as Shopify refuses it.
   */
  createStorefrontAccessToken(shop: string, title: string, appScope: string | null): StorefrontAccessTokenRecord {
    const data = this.shopData(shop);
    const scopes = (appScope ?? "unauthenticated_read_product_listings")
      .split(",")
      .map((s) => s.trim())
      .filter(isUnauthenticatedScope);
    if (scopes.length === 0) throw new StoreError("INVALID", "The app has no unauthenticated access scopes to delegate", ["input"]);
    if (!title.trim()) throw new StoreError("INVALID", "Title can't be blank", ["input", "title"]);
    if (Object.keys(data.storefrontAccessTokens).length >= MAX_STOREFRONT_TOKENS)
      throw new StoreError("INVALID", `An app can have at most ${MAX_STOREFRONT_TOKENS} active storefront access tokens per shop`, [
        "input",
      ]);
    const at = this.nowIso();
    const record: StorefrontAccessTokenRecord = {
      id: this.newGid("StorefrontAccessToken"),
      accessToken: randomBytes(16).toString("hex"),
      title,
      scopes,
      createdAt: at,
      updatedAt: at,
    };
    data.storefrontAccessTokens[record.id] = record;
    return record;
  }

  /** The shop and token record a Storefront API access token belongs to, if it is still valid. */
  findStorefrontAccessToken(accessToken: string): { shop: string; token: StorefrontAccessTokenRecord } | null {
    for (const [domain, data] of Object.entries(this.data.shops)) {
      const token = Object.values(data.storefrontAccessTokens).find((t) => t.accessToken === accessToken);
      if (token) return { shop: domain, token };
    }
    return null;
  }

  // ── lookups ────────────────────────────────────────────────────────────────────────────────────────────
  private mustGet<T>(table: Record<string, T>, id: string, what: string): T {
    const record = table[id];
    if (!record) throw new StoreError("NOT_FOUND", `${what} does not exist`, ["id"]);
    return record;
  }

  order(shop: string, id: string): OrderRecord {
    return this.mustGet(this.shopData(shop).orders, id, "Order");
  }

  customer(shop: string, id: string): CustomerRecord {
    return this.mustGet(this.shopData(shop).customers, id, "Customer");
  }

  fulfillment(shop: string, id: string): FulfillmentRecord {
    return this.mustGet(this.shopData(shop).fulfillments, id, "Fulfillment");
  }

  returnRecord(shop: string, id: string): ReturnRecord {
    return this.mustGet(this.shopData(shop).returns, id, "Return");
  }

  /** Every order of the shop, oldest first. */
  allOrders(shop: string): OrderRecord[] {
    return this.index(shop).orders.slice();
  }

  /** Every customer of the shop, oldest first. */
  allCustomers(shop: string): CustomerRecord[] {
    return this.index(shop).customers.slice();
  }

  fulfillmentsOf(shop: string, orderId: string): FulfillmentRecord[] {
    return this.index(shop).fulfillmentsByOrder.get(orderId)?.slice() ?? [];
  }

  refundsOf(shop: string, orderId: string): RefundRecord[] {
    return this.index(shop).refundsByOrder.get(orderId)?.slice() ?? [];
  }

  returnsOf(shop: string, orderId: string): ReturnRecord[] {
    return this.index(shop).returnsByOrder.get(orderId)?.slice() ?? [];
  }

  ordersOf(shop: string, customerId: string): OrderRecord[] {
    return this.index(shop).ordersByCustomer.get(customerId)?.slice() ?? [];
  }

  // ── order arithmetic (used by resolvers and payloads alike) ────────────────────────────────────────────
  subtotalMinor(order: OrderRecord): number {
    return order.lineItems.reduce((sum, li) => sum + toMinor(li.price) * li.quantity, 0);
  }

  totalMinor(order: OrderRecord): number {
    return this.subtotalMinor(order) - toMinor(order.discountAmount) + toMinor(order.shippingPrice) - toMinor(order.shippingDiscountAmount);
  }

  /** What `quantity` units of a line cost after the discounts allocated to it (a free product's units cost 0). */
  discountedUnitsMinor(order: OrderRecord, li: LineItemRecord, quantity: number): number {
    const discount = order.discountApplications
      .flatMap((a) => a.allocations)
      .filter((a) => a.lineItemId === li.id)
      .reduce((sum, a) => sum + toMinor(a.amount), 0);
    return Math.round(((toMinor(li.price) * li.quantity - discount) * quantity) / li.quantity);
  }

  // Plain loops over the index: bulk exports ask these for every line of every order.
  refundedQuantity(shop: string, lineItemId: string, orderId: string): number {
    let quantity = 0;
    for (const refund of this.index(shop).refundsByOrder.get(orderId) ?? [])
      for (const line of refund.lineItems) if (line.lineItemId === lineItemId) quantity += line.quantity;
    return quantity;
  }

  fulfilledQuantity(shop: string, lineItemId: string, orderId: string): number {
    let quantity = 0;
    for (const fulfillment of this.index(shop).fulfillmentsByOrder.get(orderId) ?? []) {
      if (fulfillment.status !== "success") continue;
      for (const line of fulfillment.lineItems) if (line.lineItemId === lineItemId) quantity += line.quantity;
    }
    return quantity;
  }

  /** Shopify's order fulfillment_status: null (none), "partial" or "fulfilled". */
  fulfillmentStatus(shop: string, order: OrderRecord): "fulfilled" | "partial" | null {
    const fulfilled = order.lineItems.map((li) => this.fulfilledQuantity(shop, li.id, order.id));
    const total = fulfilled.reduce((a, b) => a + b, 0);
    if (total === 0) return null;
    return order.lineItems.every((li, i) => fulfilled[i] >= li.quantity - this.refundedQuantity(shop, li.id, order.id))
      ? "fulfilled"
      : "partial";
  }

  // ── catalogue ──────────────────────────────────────────────────────────────────────────────────────────
  createProduct(shop: string, init: ProductInit): ProductRecord {
    const data = this.shopData(shop);
    const at = init.createdAt ?? this.nowIso();
    const product: ProductRecord = {
      id: this.newGid("Product"),
      title: init.title,
      handle: init.handle ?? slugify(init.title),
      description: init.description ?? "",
      productType: init.productType ?? "",
      vendor: init.vendor ?? data.shop.name,
      tags: init.tags ?? [],
      status: init.status ?? "ACTIVE",
      image: init.image ? { id: this.newGid("ProductImage"), url: init.image.url, altText: init.image.altText ?? null } : null,
      variantIds: [],
      ...(init.translations ? { translations: init.translations } : {}),
      createdAt: at,
      updatedAt: at,
    };
    data.products[product.id] = product;
    for (const v of init.variants) {
      const variant: VariantRecord = {
        id: this.newGid("ProductVariant"),
        productId: product.id,
        title: v.title ?? "Default Title",
        sku: v.sku ?? null,
        price: fromMinor(toMinor(v.price)),
        grams: v.grams ?? 0,
        inventoryQuantity: v.inventoryQuantity ?? null,
        inventoryPolicy: v.inventoryPolicy ?? "DENY",
      };
      data.variants[variant.id] = variant;
      product.variantIds.push(variant.id);
    }
    return product;
  }

  /** Sets a variant's tracked on-hand quantity (null: stop tracking), as an inventory count would. */
  setInventoryQuantity(shop: string, variantId: string, quantity: number | null): VariantRecord {
    const variant = this.mustGet(this.shopData(shop).variants, variantId, "Product variant");
    variant.inventoryQuantity = quantity;
    return variant;
  }

  /** Whether a shopper can buy the variant now: untracked, selling on when out of stock, or in stock. */
  variantAvailable(variant: VariantRecord): boolean {
    return variant.inventoryQuantity === null || variant.inventoryPolicy === "CONTINUE" || variant.inventoryQuantity > 0;
  }

  /** Whether any of the product's variants can be bought. */
  productAvailable(shop: string, product: ProductRecord): boolean {
    const variants = this.shopData(shop).variants;
    return product.variantIds.some((id) => this.variantAvailable(variants[id]));
  }

  /** Sum of the tracked quantities of the product's variants (Shopify's totalInventory). */
  totalInventory(shop: string, product: ProductRecord): number {
    const variants = this.shopData(shop).variants;
    return product.variantIds.reduce((sum, id) => sum + (variants[id].inventoryQuantity ?? 0), 0);
  }

  private adjustInventory(shop: string, variantId: string | null, delta: number): void {
    const variant = variantId ? this.shopData(shop).variants[variantId] : undefined;
    if (variant && variant.inventoryQuantity !== null) variant.inventoryQuantity += delta;
  }

  // ── collections ────────────────────────────────────────────────────────────────────────────────────────
  /** A manual collection holding `productIds` in that order. */
  createCollection(shop: string, init: CollectionInit): CollectionRecord {
    const data = this.shopData(shop);
    for (const id of init.productIds) this.mustGet(data.products, id, "Product");
    const handle = init.handle ?? slugify(init.title);
    if (Object.values(data.collections).some((c) => c.handle === handle))
      throw new StoreError("TAKEN", "Handle has already been taken", ["handle"]);
    const at = this.nowIso();
    const collection: CollectionRecord = {
      id: this.newGid("Collection"),
      title: init.title,
      handle,
      description: init.description ?? "",
      productIds: [...new Set(init.productIds)],
      ...(init.translations ? { translations: init.translations } : {}),
      createdAt: at,
      updatedAt: at,
    };
    data.collections[collection.id] = collection;
    return collection;
  }

  /** The collections a product belongs to, oldest first. */
  collectionsOf(shop: string, productId: string): CollectionRecord[] {
    return Object.values(this.shopData(shop).collections).filter((c) => c.productIds.includes(productId));
  }

  // ── customers ──────────────────────────────────────────────────────────────────────────────────────────
  createCustomer(shop: string, init: CustomerInit): CustomerRecord {
    const data = this.shopData(shop);
    const index = this.index(shop);
    if (init.email && index.customerByEmail.has(init.email.toLowerCase())) {
      throw new StoreError("TAKEN", "Email has already been taken", ["email"]);
    }
    const at = init.createdAt ?? this.nowIso();
    const state = init.marketingState ?? "NOT_SUBSCRIBED";
    const customer: CustomerRecord = {
      id: this.newGid("Customer"),
      email: init.email,
      firstName: init.firstName ?? null,
      lastName: init.lastName ?? null,
      phone: init.phone ?? null,
      locale: init.locale ?? data.shop.locale,
      tags: init.tags ?? [],
      note: init.note ?? null,
      marketingState: state,
      marketingOptInLevel: state === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null,
      consentUpdatedAt: init.consentUpdatedAt ?? (state === "NOT_SUBSCRIBED" ? null : at),
      address: init.address ? { id: this.newGid("MailingAddress"), ...init.address } : null,
      createdAt: at,
      updatedAt: at,
    };
    data.customers[customer.id] = customer;
    index.customers.push(customer);
    if (customer.email) index.customerByEmail.set(customer.email.toLowerCase(), customer.id);
    this.emitChange(shop, "customers/create", customer);
    // Consent is not in customers/* payloads (since 2025-01): a new customer's consent comes in its own topic.
    this.emitChange(shop, "customers_email_marketing_consent/update", customer);
    return customer;
  }

  updateCustomer(
    shop: string,
    id: string,
    patch: Partial<Pick<CustomerRecord, "email" | "firstName" | "lastName" | "phone" | "locale" | "tags" | "note" | "marketingState">>,
  ): CustomerRecord {
    const customer = this.customer(shop, id);
    const at = this.nowIso();
    const consentChanged = patch.marketingState !== undefined && patch.marketingState !== customer.marketingState;
    if (consentChanged) {
      customer.consentUpdatedAt = at;
      if (patch.marketingState === "SUBSCRIBED") customer.marketingOptInLevel ??= "SINGLE_OPT_IN";
    }
    const emails = this.index(shop).customerByEmail;
    if (customer.email && emails.get(customer.email.toLowerCase()) === customer.id) emails.delete(customer.email.toLowerCase());
    Object.assign(customer, patch, { updatedAt: at });
    if (customer.email) emails.set(customer.email.toLowerCase(), customer.id);
    this.emitChange(shop, "customers/update", customer);
    if (consentChanged) this.emitChange(shop, "customers_email_marketing_consent/update", customer);
    return customer;
  }

  /**
   * What customerEmailMarketingConsentUpdate does: records the new state, opt-in level and time (now when not
   * given) and fires customers/update and customers_email_marketing_consent/update. Only SUBSCRIBED,
   * UNSUBSCRIBED and PENDING can be set, and only for a customer with an email address.
   */
  updateEmailMarketingConsent(shop: string, id: string, consent: EmailConsentInit): CustomerRecord {
    const customer = this.shopData(shop).customers[id];
    if (!customer) throw new StoreError("NOT_FOUND", "Customer not found", ["input", "customerId"]);
    if (!customer.email)
      throw new StoreError("INVALID", "Customer must have an email address to update email marketing consent", ["input", "customerId"]);
    if (!["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"].includes(consent.marketingState))
      throw new StoreError("INVALID", "Marketing state is not included in the list", ["input", "emailMarketingConsent", "marketingState"]);
    const at = this.nowIso();
    customer.marketingState = consent.marketingState;
    const defaultLevel = consent.marketingState === "PENDING" ? "CONFIRMED_OPT_IN" : "SINGLE_OPT_IN";
    customer.marketingOptInLevel =
      consent.marketingOptInLevel ?? (consent.marketingState === "UNSUBSCRIBED" ? customer.marketingOptInLevel : defaultLevel);
    customer.consentUpdatedAt = consent.consentUpdatedAt ? isoUtc(new Date(consent.consentUpdatedAt)) : at;
    customer.updatedAt = at;
    this.emitChange(shop, "customers/update", customer);
    this.emitChange(shop, "customers_email_marketing_consent/update", customer);
    return customer;
  }

  // ── orders ─────────────────────────────────────────────────────────────────────────────────────────────
  /**
   * An order as the admin, an import or a seed makes it: a discount code that cannot be applied is left off
   * the order, the rest of it is placed. A shopper's checkout refuses instead: see `checkoutOrder`.
   */
  createOrder(shop: string, init: OrderInit): OrderRecord {
    return this.placeOrder(shop, init, false);
  }

  /**
   * What a shopper's checkout does: like `createOrder`, but when a discount code cannot be applied (unknown,
   * ended, used up, for someone else, already used by this buyer, or not for what is in the cart) nothing is
   * placed and a DiscountCodeError says why in the words Shopify's checkout uses.
   */
  checkoutOrder(shop: string, init: OrderInit): OrderRecord {
    return this.placeOrder(shop, init, true);
  }

  private placeOrder(shop: string, init: OrderInit, refuseCodes: boolean): OrderRecord {
    const data = this.shopData(shop);
    if (init.lineItems.length === 0) throw new StoreError("INVALID", "An order needs at least one line item", ["lineItems"]);
    const customer = init.customerId ? this.customer(shop, init.customerId) : null;
    const at = init.createdAt ?? this.nowIso();
    const lineItems: LineItemRecord[] = init.lineItems.map((line) => {
      const variant = this.mustGet(data.variants, line.variantId, "Product variant");
      const product = data.products[variant.productId];
      if (!Number.isInteger(line.quantity) || line.quantity < 1)
        throw new StoreError("INVALID", "Quantity must be at least 1", ["quantity"]);
      return {
        id: this.newGid("LineItem"),
        productId: product.id,
        variantId: variant.id,
        title: product.title,
        variantTitle: variant.title === "Default Title" ? null : variant.title,
        sku: variant.sku,
        vendor: product.vendor,
        quantity: line.quantity,
        price: line.price ? fromMinor(toMinor(line.price)) : variant.price,
        grams: variant.grams,
      };
    });
    const cart: CheckoutCart = { customerId: customer?.id ?? null, lineItems, shippingMinor: toMinor(init.shippingPrice ?? "0") };
    const redeemable: { code: string; discount: DiscountRecord }[] = [];
    for (const code of init.discountCodes ?? []) {
      const discount = this.findDiscountByCode(shop, code);
      const reason = refusalOf(discount, cart, {
        status: discount ? this.discountStatus(discount) : "EXPIRED",
        usedByCustomer: Boolean(
          discount?.appliesOncePerCustomer && cart.customerId && this.hasUsedCode(shop, cart.customerId, discount.code),
        ),
      });
      if (reason && refuseCodes) throw new DiscountCodeError(code.trim(), reason);
      if (!reason && discount && !redeemable.some((r) => r.discount === discount)) redeemable.push({ code: code.trim(), discount });
    }
    const number = data.shop.nextOrderNumber++;
    // Counting a use here is what makes a single-use code refuse its second checkout.
    const applications = redeemable.map(({ code, discount }) => {
      discount.usageCount++;
      return applicationOf(discount, code, cart);
    });
    const sum = (targetType: OrderDiscountRecord["targetType"]) =>
      fromMinor(applications.filter((a) => a.targetType === targetType).reduce((total, a) => total + toMinor(a.amount), 0));
    const order: OrderRecord = {
      id: this.newGid("Order"),
      number,
      name: `#${number}`,
      // 32 hex digits like Shopify's order tokens; randomUUID draws from a pooled source, randomBytes makes a syscall each time.
      token: randomUUID().replaceAll("-", ""),
      email: init.email ?? customer?.email ?? null,
      customerId: customer?.id ?? null,
      customerLocale: init.customerLocale ?? customer?.locale ?? data.shop.locale,
      currency: init.currency ?? data.shop.currencyCode,
      financialStatus: init.financialStatus ?? "paid",
      lineItems,
      shippingPrice: fromMinor(cart.shippingMinor),
      shippingLineId: this.nextNumericId(),
      discountCodes: applications.map((a) => a.code),
      discountAmount: sum("line_item"),
      shippingDiscountAmount: sum("shipping_line"),
      discountApplications: applications,
      tags: init.tags ?? [],
      note: init.note ?? null,
      shippingAddress: customer?.address ?? null,
      buyerAcceptsMarketing: customer?.marketingState === "SUBSCRIBED",
      createdAt: at,
      processedAt: init.processedAt ?? at,
      updatedAt: at,
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
    };
    for (const line of lineItems) this.adjustInventory(shop, line.variantId, -line.quantity);
    data.orders[order.id] = order;
    const index = this.index(shop);
    index.orders.push(order);
    if (order.customerId) push(index.ordersByCustomer, order.customerId, order);
    this.emitChange(shop, "orders/create", order);
    if (order.financialStatus === "paid") this.emitChange(shop, "orders/paid", order);
    return order;
  }

  /** Whether the customer has an order that used the code (what a once-per-customer code checks). */
  private hasUsedCode(shop: string, customerId: string, code: string): boolean {
    const wanted = code.toLowerCase();
    return this.ordersOf(shop, customerId).some((o) => o.discountCodes.some((c) => c.toLowerCase() === wanted));
  }

  markPaid(shop: string, orderId: string): OrderRecord {
    const order = this.order(shop, orderId);
    if (order.financialStatus !== "pending" && order.financialStatus !== "authorized") {
      throw new StoreError("INVALID_STATE", `Order ${order.name} is already ${order.financialStatus}`);
    }
    order.payment = {
      kind: order.financialStatus === "authorized" ? "CAPTURE" : "SALE",
      transactionId: this.nextNumericId(),
      at: this.nowIso(),
    };
    order.financialStatus = "paid";
    order.updatedAt = this.nowIso();
    this.emitChange(shop, "orders/paid", order);
    this.emitChange(shop, "orders/updated", order);
    return order;
  }

  /** Ships line items (all unfulfilled ones by default) in one fulfillment. */
  fulfill(
    shop: string,
    orderId: string,
    options: {
      lineItems?: { lineItemId: string; quantity: number }[];
      tracking?: { company: string | null; number: string | null; url: string | null } | null;
      at?: string;
      /** Where it ships from; the shop's first location by default. */
      locationId?: string;
    } = {},
  ): FulfillmentRecord {
    const data = this.shopData(shop);
    const order = this.order(shop, orderId);
    if (order.cancelledAt) throw new StoreError("INVALID_STATE", `Order ${order.name} is cancelled`);
    const remaining = (li: LineItemRecord) =>
      li.quantity - this.refundedQuantity(shop, li.id, order.id) - this.fulfilledQuantity(shop, li.id, order.id);
    const lines =
      options.lineItems ?? order.lineItems.map((li) => ({ lineItemId: li.id, quantity: remaining(li) })).filter((l) => l.quantity > 0);
    if (lines.length === 0) throw new StoreError("INVALID_STATE", `Order ${order.name} has nothing left to fulfill`);
    for (const line of lines) {
      const li = order.lineItems.find((l) => l.id === line.lineItemId);
      if (!li) throw new StoreError("NOT_FOUND", "Line item does not belong to the order", ["lineItems"]);
      if (line.quantity < 1 || line.quantity > remaining(li))
        throw new StoreError("INVALID", "Quantity exceeds what is left to fulfill", ["quantity"]);
    }
    const at = options.at ?? this.nowIso();
    const count = this.fulfillmentsOf(shop, order.id).length;
    const fulfillment: FulfillmentRecord = {
      id: this.newGid("Fulfillment"),
      orderId: order.id,
      name: `${order.name}.${count + 1}`,
      status: "success",
      shipmentStatus: null,
      tracking: options.tracking === undefined ? null : options.tracking,
      lineItems: lines.map((l) => ({ id: this.newGid("FulfillmentLineItem"), lineItemId: l.lineItemId, quantity: l.quantity })),
      events: [],
      createdAt: at,
      updatedAt: at,
      inTransitAt: null,
      deliveredAt: null,
      estimatedDeliveryAt: null,
      locationId: this.location(shop, options.locationId ?? this.locationsOf(shop)[0].id).id,
    };
    data.fulfillments[fulfillment.id] = fulfillment;
    push(this.index(shop).fulfillmentsByOrder, order.id, fulfillment);
    order.updatedAt = at;
    this.emitChange(shop, "fulfillments/create", fulfillment);
    this.emitChange(shop, "orders/updated", order);
    return fulfillment;
  }

  /** Records a carrier event (in transit, delivered, …) on a fulfillment, as a tracking integration would. */
  addFulfillmentEvent(
    shop: string,
    fulfillmentId: string,
    event: { status: ShipmentStatus; happenedAt?: string; message?: string | null; estimatedDeliveryAt?: string | null },
  ): FulfillmentEventRecord {
    const fulfillment = this.fulfillment(shop, fulfillmentId);
    if (fulfillment.status !== "success") throw new StoreError("INVALID_STATE", "Fulfillment is not active");
    const at = event.happenedAt ?? this.nowIso();
    const record: FulfillmentEventRecord = {
      id: this.newGid("FulfillmentEvent"),
      status: event.status,
      message: event.message ?? null,
      happenedAt: at,
      createdAt: this.nowIso(),
      estimatedDeliveryAt: event.estimatedDeliveryAt ?? null,
    };
    fulfillment.events.push(record);
    fulfillment.shipmentStatus = event.status;
    fulfillment.updatedAt = at;
    if (event.status === "in_transit" && !fulfillment.inTransitAt) fulfillment.inTransitAt = at;
    if (event.status === "delivered") fulfillment.deliveredAt = at;
    if (event.estimatedDeliveryAt) fulfillment.estimatedDeliveryAt = event.estimatedDeliveryAt;
    this.emitChange(shop, "fulfillment_events/create", { fulfillment, event: record });
    this.emitChange(shop, "fulfillments/update", fulfillment);
    return record;
  }

  markInTransit(shop: string, fulfillmentId: string, at?: string): FulfillmentEventRecord {
    return this.addFulfillmentEvent(shop, fulfillmentId, { status: "in_transit", happenedAt: at, message: "Shipment is on its way" });
  }

  markDelivered(shop: string, fulfillmentId: string, at?: string): FulfillmentEventRecord {
    return this.addFulfillmentEvent(shop, fulfillmentId, { status: "delivered", happenedAt: at, message: "Delivered" });
  }

  /** The order's payment and refund transactions (Order.transactions). */
  transactionsOf(shop: string, orderId: string): OrderTransactionView[] {
    const order = this.order(shop, orderId);
    return orderTransactions(order, this.totalMinor(order), this.refundsOf(shop, order.id));
  }

  /** The shop's locations: one "Shop location" (Shopify's name for a new shop's first one) unless set. */
  locationsOf(shop: string): LocationRecord[] {
    const record = this.shopData(shop).shop;
    return record.locations ?? [{ id: gid("Location", numericIdOf(record.id)), name: "Shop location" }];
  }

  location(shop: string, id: string): LocationRecord {
    const found = this.locationsOf(shop).find((l) => l.id === id);
    if (!found) throw new StoreError("NOT_FOUND", "Location does not exist", ["locationId"]);
    return found;
  }

  /** Refunds line items (everything refundable by default) and the matching money. */
  refund(
    shop: string,
    orderId: string,
    options: {
      lineItems?: { lineItemId: string; quantity: number; restockType?: "no_restock" | "cancel" | "return" }[];
      note?: string | null;
      returnId?: string | null;
      at?: string;
      /** What goes back to the original payment, when the caller decides it (returnProcess); else worked out from the lines. */
      amount?: string;
      /** A part refunded to store credit instead (returnProcess's refundMethods). */
      storeCredit?: RefundRecord["storeCredit"];
      /** Restocked units are already back in stock (a return's RESTOCKED dispositions did it). */
      alreadyRestocked?: boolean;
    } = {},
  ): RefundRecord {
    const data = this.shopData(shop);
    const order = this.order(shop, orderId);
    if (order.financialStatus === "refunded" || order.financialStatus === "voided") {
      throw new StoreError("INVALID_STATE", `Order ${order.name} has nothing left to refund`);
    }
    const refundable = (li: LineItemRecord) => li.quantity - this.refundedQuantity(shop, li.id, order.id);
    const lines =
      options.lineItems ??
      order.lineItems
        .map((li) => ({ lineItemId: li.id, quantity: refundable(li), restockType: "no_restock" as const }))
        .filter((l) => l.quantity > 0);
    const at = options.at ?? this.nowIso();
    const refundLines = lines.map((line) => {
      const li = order.lineItems.find((l) => l.id === line.lineItemId);
      if (!li) throw new StoreError("NOT_FOUND", "Line item does not belong to the order", ["refundLineItems"]);
      if (line.quantity < 1 || line.quantity > refundable(li))
        throw new StoreError("INVALID", "Quantity exceeds the refundable quantity", ["quantity"]);
      return {
        id: this.nextNumericId(),
        lineItemId: li.id,
        quantity: line.quantity,
        restockType: line.restockType ?? "no_restock",
        subtotal: fromMinor(this.discountedUnitsMinor(order, li, line.quantity)),
      };
    });
    const previouslyRefunded = this.refundsOf(shop, order.id).reduce(
      (s, r) => s + toMinor(r.amount) + toMinor(r.storeCredit?.amount ?? "0"),
      0,
    );
    const everything = order.lineItems.every((li) => refundable(li) === (refundLines.find((l) => l.lineItemId === li.id)?.quantity ?? 0));
    const total = this.totalMinor(order);
    const amountMinor =
      options.amount !== undefined
        ? toMinor(options.amount)
        : everything
          ? total - previouslyRefunded
          : Math.min(
              total - previouslyRefunded,
              refundLines.reduce((s, l) => s + toMinor(l.subtotal), 0),
            );
    const refund: RefundRecord = {
      id: this.newGid("Refund"),
      orderId: order.id,
      returnId: options.returnId ?? null,
      note: options.note ?? null,
      restock: refundLines.some((l) => l.restockType !== "no_restock"),
      lineItems: refundLines,
      transactionId: this.nextNumericId(),
      amount: fromMinor(amountMinor),
      storeCredit: options.storeCredit ?? null,
      createdAt: at,
    };
    data.refunds[refund.id] = refund;
    push(this.index(shop).refundsByOrder, order.id, refund);
    for (const line of refundLines)
      if (line.restockType !== "no_restock" && !options.alreadyRestocked)
        this.adjustInventory(shop, order.lineItems.find((li) => li.id === line.lineItemId)?.variantId ?? null, line.quantity);
    const storeCreditMinor = toMinor(options.storeCredit?.amount ?? "0");
    order.financialStatus = previouslyRefunded + amountMinor + storeCreditMinor >= total ? "refunded" : "partially_refunded";
    order.updatedAt = at;
    this.emitChange(shop, "refunds/create", refund);
    this.emitChange(shop, "orders/updated", order);
    return refund;
  }

  /** Cancels an order; a paid order is refunded in full first, as the Shopify admin does by default. */
  cancel(
    shop: string,
    orderId: string,
    options: { reason?: OrderRecord["cancelReason"]; at?: string; refund?: boolean } = {},
  ): OrderRecord {
    const order = this.order(shop, orderId);
    if (order.cancelledAt) throw new StoreError("INVALID_STATE", `Order ${order.name} is already cancelled`);
    const at = options.at ?? this.nowIso();
    const shouldRefund = options.refund ?? true;
    if (shouldRefund && (order.financialStatus === "paid" || order.financialStatus === "partially_refunded")) {
      this.refund(shop, orderId, {
        at,
        lineItems: order.lineItems
          .map((li) => ({
            lineItemId: li.id,
            quantity: li.quantity - this.refundedQuantity(shop, li.id, order.id),
            restockType: "cancel" as const,
          }))
          .filter((l) => l.quantity > 0),
      });
    } else if (order.financialStatus === "pending" || order.financialStatus === "authorized") {
      order.financialStatus = "voided";
    }
    order.cancelledAt = at;
    order.closedAt = at;
    order.cancelReason = options.reason ?? "customer";
    order.updatedAt = at;
    this.emitChange(shop, "orders/cancelled", order);
    this.emitChange(shop, "orders/updated", order);
    return order;
  }

  // ── returns ────────────────────────────────────────────────────────────────────────────────────────────
  /** Quantity of a fulfillment line item not yet claimed by a requested/open/closed return. */
  returnableQuantity(shop: string, orderId: string, fulfillmentLineItemId: string): number {
    const fli = this.fulfillmentsOf(shop, orderId)
      .filter((f) => f.status === "success")
      .flatMap((f) => f.lineItems)
      .find((l) => l.id === fulfillmentLineItemId);
    if (!fli) return 0;
    const claimed = this.returnsOf(shop, orderId)
      .filter((r) => r.status !== "DECLINED" && r.status !== "CANCELED")
      .flatMap((r) => r.lineItems)
      .filter((l) => l.fulfillmentLineItemId === fulfillmentLineItemId)
      .reduce((s, l) => s + l.quantity, 0);
    return fli.quantity - claimed;
  }

  requestReturn(shop: string, orderId: string, lines: ReturnLineInit[]): ReturnRecord {
    const data = this.shopData(shop);
    const order = this.order(shop, orderId);
    if (lines.length === 0) throw new StoreError("INVALID", "Return line items can't be blank", ["input", "returnLineItems"]);
    lines.forEach((line, index) => {
      const field = ["input", "returnLineItems", String(index)];
      const available = this.returnableQuantity(shop, order.id, line.fulfillmentLineItemId);
      const exists = this.fulfillmentsOf(shop, order.id).some((f) => f.lineItems.some((l) => l.id === line.fulfillmentLineItemId));
      if (!exists)
        throw new StoreError("NOT_FOUND", "Fulfillment line item does not exist on this order", [...field, "fulfillmentLineItemId"]);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > available) {
        throw new StoreError("INVALID", `Quantity must be between 1 and ${available}`, [...field, "quantity"]);
      }
    });
    const at = this.nowIso();
    const record: ReturnRecord = {
      id: this.newGid("Return"),
      orderId: order.id,
      name: `${order.name}-R${this.returnsOf(shop, order.id).length + 1}`,
      status: "REQUESTED",
      lineItems: lines.map((line) => ({
        id: this.newGid("ReturnLineItem"),
        fulfillmentLineItemId: line.fulfillmentLineItemId,
        quantity: line.quantity,
        returnReason: line.returnReason,
        returnReasonNote: "",
        customerNote: line.customerNote ?? null,
      })),
      decline: null,
      createdAt: at,
      updatedAt: at,
    };
    data.returns[record.id] = record;
    push(this.index(shop).returnsByOrder, order.id, record);
    order.updatedAt = at;
    this.emitChange(shop, "returns/request", record);
    return record;
  }

  approveReturn(shop: string, returnId: string): ReturnRecord {
    const record = this.returnRecord(shop, returnId);
    if (record.status !== "REQUESTED")
      throw new StoreError("INVALID_STATE", `Return is ${record.status.toLowerCase()}, not requested`, ["input", "id"]);
    record.status = "OPEN";
    record.updatedAt = this.nowIso();
    this.returns.openReverseFulfillmentOrder(record);
    this.emitChange(shop, "returns/approve", record);
    return record;
  }

  /** What returnCreate does: an OPEN return (see returns.ts). */
  createReturn(shop: string, init: ReturnCreateInit): ReturnRecord {
    return this.returns.createReturn(shop, init);
  }

  /** What returnProcess does: confirms quantities and exchanges, and refunds when told to (see returns.ts). */
  processReturn(shop: string, init: ReturnProcessInit): { record: ReturnRecord; refund: RefundRecord | null } {
    return this.returns.processReturn(shop, init);
  }

  /** What reverseDeliveryCreateWithShipping does: a label and/or tracking for the items coming back. */
  createReverseDelivery(shop: string, init: ReverseDeliveryInit): ReverseDeliveryRecord {
    return this.returns.createReverseDelivery(shop, init).delivery;
  }

  /** What reverseFulfillmentOrderDispose does: records received units (RESTOCKED ones go back in stock). */
  disposeReturnItems(shop: string, inputs: DisposeInit[]): void {
    this.returns.dispose(shop, inputs);
  }

  closeReturn(shop: string, returnId: string): ReturnRecord {
    return this.returns.closeReturn(shop, returnId);
  }

  reopenReturn(shop: string, returnId: string): ReturnRecord {
    return this.returns.reopenReturn(shop, returnId);
  }

  cancelReturn(shop: string, returnId: string): ReturnRecord {
    return this.returns.cancelReturn(shop, returnId);
  }

  declineReturn(
    shop: string,
    returnId: string,
    decline: { reason: NonNullable<ReturnRecord["decline"]>["reason"]; note?: string | null },
  ): ReturnRecord {
    const record = this.returnRecord(shop, returnId);
    if (record.status !== "REQUESTED")
      throw new StoreError("INVALID_STATE", `Return is ${record.status.toLowerCase()}, not requested`, ["input", "id"]);
    record.status = "DECLINED";
    record.decline = { reason: decline.reason, note: decline.note ?? null };
    record.updatedAt = this.nowIso();
    this.emitChange(shop, "returns/decline", record);
    return record;
  }

  // ── discounts ──────────────────────────────────────────────────────────────────────────────────────────
  /**
   * An amount-off code (discountCodeBasicCreate) or, with `freeShipping`, a free-shipping one
   * (discountCodeFreeShippingCreate); refusals name the field under that mutation's input argument.
   */
  createDiscountCode(shop: string, init: DiscountInit): DiscountRecord {
    const data = this.shopData(shop);
    const input = init.freeShipping ? "freeShippingCodeDiscount" : "basicCodeDiscount";
    const code = init.code.trim();
    if (!code) throw new StoreError("INVALID", "Code can't be blank", [input, "code"]);
    if (this.findDiscountByCode(shop, code))
      throw new StoreError("TAKEN", "Code must be unique. Please try a different code.", [input, "code"]);
    const hasPercentage = init.percentage !== undefined;
    if (!init.freeShipping && hasPercentage === (init.amount !== undefined)) {
      throw new StoreError("INVALID", "Give exactly one of a percentage or an amount", [input, "customerGets", "value"]);
    }
    if (hasPercentage && !(init.percentage! > 0 && init.percentage! <= 1)) {
      throw new StoreError("INVALID", "Percentage must be between 0 and 1", [input, "customerGets", "value", "percentage"]);
    }
    if (init.minimumSubtotal != null && init.minimumQuantity != null)
      throw new StoreError("INVALID", "Minimum subtotal and minimum quantity cannot both be set", [input, "minimumRequirement"]);
    const unknown = (init.customerIds ?? []).filter((id) => !data.customers[id]);
    if (unknown.length > 0)
      throw new StoreError("INVALID", `Customer ${unknown.join(", ")} does not exist`, [input, "context", "customers", "add"]);
    const items = this.discountItems(shop, init.items ?? null, [input, "customerGets", "items", "products"]);
    const at = this.nowIso();
    const discount: DiscountRecord = {
      id: this.newGid("DiscountCodeNode"),
      redeemCodeId: this.newGid("DiscountRedeemCode"),
      code,
      title: init.title ?? code,
      value: init.freeShipping
        ? {
            kind: "freeShipping",
            maximumShippingPrice:
              init.freeShipping.maximumShippingPrice == null ? null : fromMinor(toMinor(init.freeShipping.maximumShippingPrice)),
          }
        : hasPercentage
          ? { kind: "percentage", percentage: init.percentage! }
          : { kind: "amount", amount: fromMinor(toMinor(init.amount!)), appliesOnEachItem: init.appliesOnEachItem ?? false },
      items: init.freeShipping ? { kind: "all" } : items,
      startsAt: init.startsAt ?? at,
      endsAt: init.endsAt ?? null,
      usageLimit: init.usageLimit ?? null,
      appliesOncePerCustomer: init.appliesOncePerCustomer ?? false,
      customerIds: init.customerIds ? [...new Set(init.customerIds)] : null,
      combinesWith: {
        orderDiscounts: init.combinesWith?.orderDiscounts ?? false,
        productDiscounts: init.combinesWith?.productDiscounts ?? false,
        shippingDiscounts: init.combinesWith?.shippingDiscounts ?? false,
      },
      minimumSubtotal: init.minimumSubtotal == null ? null : fromMinor(toMinor(init.minimumSubtotal)),
      minimumQuantity: init.minimumQuantity ?? null,
      usageCount: 0,
      createdAt: at,
    };
    data.discounts[discount.id] = discount;
    return discount;
  }

  /** The entitled products and variants, each of which must exist in the shop; none given is the whole order. */
  private discountItems(shop: string, items: DiscountInit["items"], field: string[]): DiscountItemsRecord {
    const productIds = [...new Set(items?.productIds ?? [])];
    const variantIds = [...new Set(items?.variantIds ?? [])];
    if (productIds.length === 0 && variantIds.length === 0) return { kind: "all" };
    const data = this.shopData(shop);
    const missingProducts = productIds.filter((id) => !data.products[id]);
    if (missingProducts.length > 0)
      throw new StoreError("INVALID", `Product ${missingProducts.join(", ")} does not exist`, [...field, "productsToAdd"]);
    const missingVariants = variantIds.filter((id) => !data.variants[id]);
    if (missingVariants.length > 0)
      throw new StoreError("INVALID", `Product variant ${missingVariants.join(", ")} does not exist`, [...field, "productVariantsToAdd"]);
    return { kind: "products", productIds, variantIds };
  }

  findDiscountByCode(shop: string, code: string): DiscountRecord | undefined {
    const wanted = code.trim().toLowerCase();
    return Object.values(this.shopData(shop).discounts).find((d) => d.code.toLowerCase() === wanted);
  }

  /** The code discount with this id (a DiscountCodeNode GID); refused when there is none. */
  discount(shop: string, id: string): DiscountRecord {
    const discount = this.shopData(shop).discounts[id];
    if (!discount) throw new StoreError("NOT_FOUND", "Discount does not exist", ["id"]);
    return discount;
  }

  /** What discountCodeDeactivate does: ends the code now (it reads EXPIRED and checkout refuses it). */
  deactivateDiscountCode(shop: string, id: string): DiscountRecord {
    const discount = this.discount(shop, id);
    const now = this.nowIso();
    if (!discount.endsAt || Date.parse(discount.endsAt) > this.clock()) discount.endsAt = now;
    return discount;
  }

  /** What discountCodeDelete does: the code and its metafields are gone; orders that used it keep what it took off. */
  deleteDiscountCode(shop: string, id: string): string {
    const data = this.shopData(shop);
    this.discount(shop, id);
    delete data.discounts[id];
    for (const metafield of Object.values(data.metafields)) if (metafield.ownerId === id) delete data.metafields[metafield.id];
    return id;
  }

  /** Counts a redemption at checkout (what a storefront purchase with the code would do). */
  markDiscountCodeUsed(shop: string, code: string, times = 1): DiscountRecord {
    const discount = this.findDiscountByCode(shop, code);
    if (!discount) throw new StoreError("NOT_FOUND", `Discount code ${code} does not exist`);
    discount.usageCount += times;
    return discount;
  }

  discountStatus(discount: DiscountRecord): "ACTIVE" | "EXPIRED" | "SCHEDULED" {
    const now = this.clock();
    if (discount.endsAt && Date.parse(discount.endsAt) <= now) return "EXPIRED";
    if (Date.parse(discount.startsAt) > now) return "SCHEDULED";
    if (discount.usageLimit !== null && discount.usageCount >= discount.usageLimit) return "EXPIRED";
    return "ACTIVE";
  }

  // ── metafields ─────────────────────────────────────────────────────────────────────────────────────────
  setMetafield(shop: string, input: { ownerId: string; namespace: string; key: string; type: string; value: string }): MetafieldRecord {
    const data = this.shopData(shop);
    const at = this.nowIso();
    const existing = this.getMetafield(shop, input.ownerId, input.namespace, input.key);
    if (existing) {
      Object.assign(existing, { type: input.type, value: input.value, updatedAt: at });
      return existing;
    }
    const record: MetafieldRecord = { id: this.newGid("Metafield"), ...input, createdAt: at, updatedAt: at };
    data.metafields[record.id] = record;
    return record;
  }

  getMetafield(shop: string, ownerId: string, namespace: string, key: string): MetafieldRecord | undefined {
    return Object.values(this.shopData(shop).metafields).find((m) => m.ownerId === ownerId && m.namespace === namespace && m.key === key);
  }

  /** The owner's metafields, oldest first. */
  metafieldsOf(shop: string, ownerId: string): MetafieldRecord[] {
    return Object.values(this.shopData(shop).metafields).filter((m) => m.ownerId === ownerId);
  }

  /** What metafieldsDelete does for one identifier: the deleted metafield, or null when there was none. */
  deleteMetafield(shop: string, ownerId: string, namespace: string, key: string): MetafieldRecord | null {
    const existing = this.getMetafield(shop, ownerId, namespace, key);
    if (!existing) return null;
    delete this.shopData(shop).metafields[existing.id];
    return existing;
  }

  // ── metaobjects ────────────────────────────────────────────────────────────────────────────────────────
  /** The shop's definition of a metaobject type, or null. */
  metaobjectDefinition(shop: string, type: string): MetaobjectDefinitionRecord | null {
    return Object.values(this.shopData(shop).metaobjectDefinitions).find((d) => d.type === type) ?? null;
  }

  metaobjectDefinitionById(shop: string, id: string): MetaobjectDefinitionRecord | null {
    return this.shopData(shop).metaobjectDefinitions[id] ?? null;
  }

  /**
   * What standardMetaobjectDefinitionEnable does: creates the definition from Shopify's template, or returns
   * the one already enabled unchanged (enabling is idempotent).
   */
  enableStandardMetaobjectDefinition(shop: string, type: string): MetaobjectDefinitionRecord {
    const existing = this.metaobjectDefinition(shop, type);
    if (existing) return existing;
    const template = STANDARD_METAOBJECT_TEMPLATES[type];
    if (!template) throw new StoreError("NOT_FOUND", "A standard metaobject definition wasn't found for the specified type.", ["type"]);
    const at = this.nowIso();
    const definition: MetaobjectDefinitionRecord = {
      id: this.newGid("MetaobjectDefinition"),
      type,
      name: template.name,
      description: template.description,
      displayNameKey: template.displayNameKey,
      fieldDefinitions: structuredClone(template.fieldDefinitions),
      publishable: template.publishable,
      standardTemplate: type,
      createdAt: at,
      updatedAt: at,
    };
    this.shopData(shop).metaobjectDefinitions[definition.id] = definition;
    return definition;
  }

  /** The shop's metaobjects of a type, oldest first (what the storefront and tests read). */
  metaobjects(shop: string, type: string): MetaobjectRecord[] {
    return Object.values(this.shopData(shop).metaobjects).filter((m) => m.type === type);
  }

  metaobject(shop: string, id: string): MetaobjectRecord | null {
    return this.shopData(shop).metaobjects[id] ?? null;
  }

  metaobjectByHandle(shop: string, type: string, handle: string): MetaobjectRecord | null {
    return Object.values(this.shopData(shop).metaobjects).find((m) => m.type === type && m.handle === handle) ?? null;
  }

  /**
   * What metaobjectUpsert does: updates the entry of that type and handle, or creates it; the fields are
   * checked against the type's definition. Refusals throw a MetaobjectInputError listing every problem.
   */
  upsertMetaobject(
    shop: string,
    key: { type: string; handle: string },
    input: MetaobjectUpsertInit = {},
  ): { metaobject: MetaobjectRecord; created: boolean } {
    const refuse = (...problems: MetaobjectProblem[]): never => {
      throw new MetaobjectInputError(problems);
    };
    const definition = this.metaobjectDefinition(shop, key.type);
    if (!definition)
      refuse(metaobjectProblem(["handle", "type"], "UNDEFINED_OBJECT_TYPE", `No metaobject definition exists for type "${key.type}"`));
    if (!key.handle.trim()) refuse(metaobjectProblem(["handle", "handle"], "BLANK", "Handle can't be blank"));
    const existing = this.metaobjectByHandle(shop, key.type, key.handle);
    const handle = input.handle?.trim() ? input.handle : key.handle;
    const owner = handle === key.handle ? existing : this.metaobjectByHandle(shop, key.type, handle);
    const problems: MetaobjectProblem[] = [];
    if (owner && owner !== existing) problems.push(metaobjectProblem(["metaobject", "handle"], "TAKEN", "Handle has already been taken"));
    if (input.status && !definition!.publishable)
      problems.push(
        metaobjectProblem(
          ["metaobject", "capabilities", "publishable"],
          "CAPABILITY_NOT_ENABLED",
          "Capability publishable is not enabled.",
        ),
      );
    const data = this.shopData(shop);
    const exists = (id: string) => {
      const type = parseGid(id)?.type;
      const tables: Record<string, Record<string, unknown>> = {
        Product: data.products,
        ProductVariant: data.variants,
        Collection: data.collections,
        Customer: data.customers,
        Order: data.orders,
        Metaobject: data.metaobjects,
      };
      return type !== undefined && tables[type]?.[id] !== undefined;
    };
    const result = applyFieldInputs(definition!, existing, input.fields ?? [], exists);
    problems.push(...result.problems);
    if (problems.length > 0) refuse(...problems);
    const at = this.nowIso();
    if (existing) {
      Object.assign(existing, { handle, fields: result.fields, status: input.status ?? existing.status, updatedAt: at });
      return { metaobject: existing, created: false };
    }
    const record: MetaobjectRecord = {
      id: this.newGid("Metaobject"),
      type: key.type,
      handle,
      fields: result.fields,
      status: definition!.publishable ? (input.status ?? "DRAFT") : null,
      createdAt: at,
      updatedAt: at,
    };
    data.metaobjects[record.id] = record;
    return { metaobject: record, created: true };
  }

  /** What metaobjectDelete does; returns the deleted id. */
  deleteMetaobject(shop: string, id: string): string {
    const data = this.shopData(shop);
    if (!data.metaobjects[id]) throw new StoreError("NOT_FOUND", "Record not found", ["id"]);
    delete data.metaobjects[id];
    return id;
  }

  // ── store credit ───────────────────────────────────────────────────────────────────────────────────────
  storeCreditAccountsOf(shop: string, ownerId: string): StoreCreditAccountRecord[] {
    return Object.values(this.shopData(shop).storeCreditAccounts).filter((a) => a.ownerId === ownerId);
  }

  /** Credits an account (by account id, or by customer id opening an account in that currency when needed). */
  creditStoreCredit(
    shop: string,
    accountOrOwnerId: string,
    credit: { amount: string; currency: string; expiresAt?: string | null },
  ): { account: StoreCreditAccountRecord; transaction: StoreCreditTransactionRecord } {
    const data = this.shopData(shop);
    if (toMinor(credit.amount) <= 0)
      throw new StoreError("INVALID", "A positive amount must be used to credit a store credit account", [
        "creditInput",
        "creditAmount",
        "amount",
      ]);
    if (credit.expiresAt && Date.parse(credit.expiresAt) <= this.clock())
      throw new StoreError("INVALID", "The expiry date must be in the future", ["creditInput", "expiresAt"]);
    let account: StoreCreditAccountRecord | undefined = data.storeCreditAccounts[accountOrOwnerId];
    if (!account) {
      if (!data.customers[accountOrOwnerId]) throw new StoreError("NOT_FOUND", "Owner does not exist", ["id"]);
      account = this.storeCreditAccountsOf(shop, accountOrOwnerId).find((a) => a.currency === credit.currency);
      if (!account) {
        account = {
          id: this.newGid("StoreCreditAccount"),
          ownerId: accountOrOwnerId,
          currency: credit.currency,
          balance: "0.00",
          transactions: [],
        };
        data.storeCreditAccounts[account.id] = account;
      }
    }
    if (account.currency !== credit.currency)
      throw new StoreError("INVALID", "The currency provided does not match the currency of the store credit account", [
        "creditInput",
        "creditAmount",
        "currencyCode",
      ]);
    account.balance = fromMinor(toMinor(account.balance) + toMinor(credit.amount));
    const transaction: StoreCreditTransactionRecord = {
      id: this.newGid("StoreCreditAccountCreditTransaction"),
      amount: fromMinor(toMinor(credit.amount)),
      balanceAfter: account.balance,
      expiresAt: credit.expiresAt ?? null,
      createdAt: this.nowIso(),
    };
    account.transactions.push(transaction);
    return { account, transaction };
  }

  // ── bulk operations ────────────────────────────────────────────────────────────────────────────────────
  /** The shop's bulk operations, oldest first. */
  bulkOperations(shop: string): BulkOperationRecord[] {
    return Object.values(this.shopData(shop).bulkOperations);
  }

  bulkOperation(shop: string, id: string): BulkOperationRecord | null {
    return this.shopData(shop).bulkOperations[id] ?? null;
  }

  /** The app's most recent operation of that type, finished or not (what `currentBulkOperation` answers). */
  currentBulkOperation(shop: string, type: BulkOperationType): BulkOperationRecord | null {
    const operations = this.bulkOperations(shop).filter((o) => o.type === type);
    return operations[operations.length - 1] ?? null;
  }

  /** Operations of that type still created, running or being canceled. */
  unfinishedBulkOperations(shop: string, type: BulkOperationType): BulkOperationRecord[] {
    return this.bulkOperations(shop).filter((o) => o.type === type && UNFINISHED.has(o.status));
  }

  createBulkOperation(shop: string, init: BulkOperationInit): BulkOperationRecord {
    const record: BulkOperationRecord = {
      id: this.newGid("BulkOperation"),
      type: init.type,
      status: "CREATED",
      errorCode: null,
      query: init.query,
      groupObjects: init.groupObjects,
      scope: init.scope,
      createdAt: this.nowIso(),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      file: null,
      partialFile: null,
    };
    this.shopData(shop).bulkOperations[record.id] = record;
    return record;
  }

  /** Ends an unfinished operation and emits bulk_operations/finish, as Shopify does for every outcome. */
  finishBulkOperation(shop: string, id: string, outcome: BulkOperationOutcome): BulkOperationRecord {
    const record = this.bulkOperation(shop, id);
    if (!record) throw new StoreError("NOT_FOUND", "Bulk operation does not exist", ["id"]);
    if (!UNFINISHED.has(record.status)) throw new StoreError("INVALID_STATE", `Bulk operation is already ${record.status.toLowerCase()}`);
    record.status = outcome.status;
    record.errorCode = outcome.errorCode ?? null;
    record.completedAt = outcome.status === "COMPLETED" ? this.nowIso() : null;
    record.file = outcome.file ?? null;
    record.partialFile = outcome.partialFile ?? null;
    this.emitChange(shop, "bulk_operations/finish", record);
    return record;
  }

  /** The status Shopify reports now: a finished operation whose result URL expired or whose file is gone reads EXPIRED. */
  bulkOperationStatus(record: BulkOperationRecord): BulkOperationStatus {
    if (record.status === "COMPLETED" && record.file && !this.bulkFileAvailable(record.file)) return "EXPIRED";
    return record.status;
  }

  bulkFileAvailable(file: BulkFileRecord): boolean {
    return Date.parse(file.expiresAt) > this.clock() && fs.existsSync(file.path);
  }
}
